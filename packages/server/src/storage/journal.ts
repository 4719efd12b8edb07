/** The reflection journal: a space's modules of prompts and each participant's reflections. */
import type { JournalModule } from '@tori/protocol';
import type { Kysely, Selectable } from 'kysely';
import { UniqueViolation, isUniqueViolation } from './records.js';
import type { Database } from './schema.js';

export interface JournalsTable {
  space_id: string;
  /** JSON array of modules ({ id, title, topicId, prompts: [{ id, text }] }). */
  modules: string;
  facilitators_can_read: number;
  open: number;
  updated_at: string;
}

export interface ReflectionsTable {
  space_id: string;
  participant_id: string;
  prompt_id: string;
  body: string;
  revision: number;
  /** 1 when the journal let facilitators read reflections at the time of this save. */
  readable: number;
  updated_at: string;
}

export interface JournalTables {
  journals: JournalsTable;
  reflections: ReflectionsTable;
}

export interface JournalRecord {
  spaceId: string;
  modules: JournalModule[];
  facilitatorsCanRead: boolean;
  open: boolean;
  updatedAt: string;
}

export interface ReflectionRecord {
  spaceId: string;
  participantId: string;
  promptId: string;
  body: string;
  revision: number;
  readable: boolean;
  updatedAt: string;
}

export function journalQueries(db: Kysely<Database>) {
  return {
    async get(spaceId: string): Promise<JournalRecord | undefined> {
      const row = await db.selectFrom('journals').selectAll().where('space_id', '=', spaceId).executeTakeFirst();
      return row && toJournal(row);
    },

    /** Creates or replaces the space's journal. */
    async put(journal: JournalRecord): Promise<void> {
      const values = {
        modules: JSON.stringify(journal.modules),
        facilitators_can_read: journal.facilitatorsCanRead ? 1 : 0,
        open: journal.open ? 1 : 0,
        updated_at: journal.updatedAt,
      };
      await db
        .insertInto('journals')
        .values({ space_id: journal.spaceId, ...values })
        .onConflict((oc) => oc.column('space_id').doUpdateSet(values))
        .execute();
    },

    async reflection(spaceId: string, participantId: string, promptId: string): Promise<ReflectionRecord | undefined> {
      const row = await db
        .selectFrom('reflections')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('participant_id', '=', participantId)
        .where('prompt_id', '=', promptId)
        .executeTakeFirst();
      return row && toReflection(row);
    },

    /** One participant's reflections in the space; only ever asked with the participant of the request's token. */
    async reflectionsOf(spaceId: string, participantId: string): Promise<ReflectionRecord[]> {
      const rows = await db
        .selectFrom('reflections')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('participant_id', '=', participantId)
        .execute();
      return rows.map(toReflection);
    },

    /** A first save; a UniqueViolation when another save of the same reflection got there first. */
    async insertReflection(reflection: ReflectionRecord): Promise<void> {
      try {
        await db
          .insertInto('reflections')
          .values({
            space_id: reflection.spaceId,
            participant_id: reflection.participantId,
            prompt_id: reflection.promptId,
            body: reflection.body,
            revision: reflection.revision,
            readable: reflection.readable ? 1 : 0,
            updated_at: reflection.updatedAt,
          })
          .execute();
      } catch (error) {
        throw isUniqueViolation(error) ? new UniqueViolation(error) : error;
      }
    },

    /**
     * Writes the next revision only if the stored one is still `baseRevision` (compare and set in one statement, so
     * two devices saving at once cannot both win); false when it was not.
     */
    async updateReflection(reflection: ReflectionRecord, baseRevision: number): Promise<boolean> {
      const result = await db
        .updateTable('reflections')
        .set({
          body: reflection.body,
          revision: baseRevision + 1,
          readable: reflection.readable ? 1 : 0,
          updated_at: reflection.updatedAt,
        })
        .where('space_id', '=', reflection.spaceId)
        .where('participant_id', '=', reflection.participantId)
        .where('prompt_id', '=', reflection.promptId)
        .where('revision', '=', baseRevision)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Reflections saved as readable by facilitators, of the given prompts; an emptied one is no reading. */
    async readableReflections(spaceId: string, promptIds: string[]): Promise<ReflectionRecord[]> {
      if (promptIds.length === 0) return [];
      const rows = await db
        .selectFrom('reflections')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('readable', '=', 1)
        .where('body', '!=', '')
        .where('prompt_id', 'in', promptIds)
        .orderBy('participant_id')
        .orderBy('updated_at')
        .execute();
      return rows.map(toReflection);
    },

    /** Which participant has a reflection that is not empty on which prompt: ids only, never a body. */
    async written(spaceId: string, promptIds: string[]): Promise<{ participantId: string; promptId: string }[]> {
      if (promptIds.length === 0) return [];
      const rows = await db
        .selectFrom('reflections')
        .select(['participant_id', 'prompt_id'])
        .where('space_id', '=', spaceId)
        .where('prompt_id', 'in', promptIds)
        .where('body', '!=', '')
        .execute();
      return rows.map((row) => ({ participantId: row.participant_id, promptId: row.prompt_id }));
    },
  };
}

function toJournal(row: Selectable<JournalsTable>): JournalRecord {
  return {
    spaceId: row.space_id,
    modules: parseModules(row.modules),
    facilitatorsCanRead: Boolean(row.facilitators_can_read),
    open: Boolean(row.open),
    updatedAt: row.updated_at,
  };
}

function toReflection(row: Selectable<ReflectionsTable>): ReflectionRecord {
  return {
    spaceId: row.space_id,
    participantId: row.participant_id,
    promptId: row.prompt_id,
    body: row.body,
    revision: Number(row.revision),
    readable: Boolean(row.readable),
    updatedAt: row.updated_at,
  };
}

function parseModules(json: string): JournalModule[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as JournalModule[]) : [];
  } catch {
    return []; // a damaged journal shows no prompts rather than failing every participant's page
  }
}
