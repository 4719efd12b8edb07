import type { IdeaStatus } from '@tori/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { Database, IdeasTable } from './schema.js';
import { type IdeaRecord, UniqueViolation, isUniqueViolation } from './records.js';

/** The key two live ideas of a space may not share: case-insensitive text. */
export function ideaTextKey(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

export function ideaQueries(db: Kysely<Database>) {
  return {
    async get(spaceId: string, ideaId: string): Promise<IdeaRecord | undefined> {
      const row = await db
        .selectFrom('ideas')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('id', '=', ideaId)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    /** Oldest first, so a list reads in the order ideas came in. */
    async list(spaceId: string, status: IdeaStatus | 'all'): Promise<IdeaRecord[]> {
      let query = db.selectFrom('ideas').selectAll().where('space_id', '=', spaceId);
      if (status !== 'all') query = query.where('status', '=', status);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },

    /** The idea of the space that is not hidden and has this text, ignoring case. */
    async findLiveByText(spaceId: string, text: string): Promise<IdeaRecord | undefined> {
      const row = await db
        .selectFrom('ideas')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('text_key', '=', ideaTextKey(text))
        .where('status', '<>', 'hidden')
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async countByAuthor(spaceId: string, authorId: string): Promise<number> {
      const row = await db
        .selectFrom('ideas')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('space_id', '=', spaceId)
        .where('author_id', '=', authorId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insert(idea: IdeaRecord): Promise<void> {
      try {
        await db
          .insertInto('ideas')
          .values({
            id: idea.id,
            space_id: idea.spaceId,
            text: idea.text,
            text_key: ideaTextKey(idea.text),
            status: idea.status,
            author_id: idea.authorId,
            created_at: idea.createdAt,
            moderated_at: idea.moderatedAt,
          })
          .execute();
      } catch (error) {
        throw isUniqueViolation(error) ? new UniqueViolation(error) : error;
      }
    },

    /** Sets the status and writes the moderation log entry; call inside a transaction. */
    async moderate(idea: IdeaRecord, status: IdeaStatus, logId: string, at: string): Promise<void> {
      try {
        await db
          .updateTable('ideas')
          .set({ status, moderated_at: at })
          .where('id', '=', idea.id)
          .where('space_id', '=', idea.spaceId)
          .execute();
      } catch (error) {
        throw isUniqueViolation(error) ? new UniqueViolation(error) : error;
      }
      await db
        .insertInto('moderation_log')
        .values({ id: logId, space_id: idea.spaceId, idea_id: idea.id, action: status, previous_status: idea.status, at })
        .execute();
    },
  };
}

function toRecord(row: Selectable<IdeasTable>): IdeaRecord {
  return {
    id: row.id,
    spaceId: row.space_id,
    text: row.text,
    status: row.status,
    authorId: row.author_id,
    createdAt: row.created_at,
    moderatedAt: row.moderated_at,
  };
}
