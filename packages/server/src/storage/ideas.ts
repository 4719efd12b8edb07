import type { IdeaStatus } from '@tori/protocol';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, IdeasTable } from './schema.js';
import { type IdeaChanges, type IdeaRecord, UniqueViolation, isUniqueViolation } from './records.js';

/** The key two live ideas of a space may not share: case-insensitive text. */
export function ideaTextKey(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** Ideas that hold their text: shown, or waiting for approval. Hidden and merged ones free it. */
export const LIVE_STATUSES: readonly IdeaStatus[] = ['approved', 'pending'];

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

    /** What the board shows: approved ideas and the viewer's own pending ones, pinned first, then newest first. */
    async listBoard(spaceId: string, viewerId: string | undefined): Promise<IdeaRecord[]> {
      const rows = await db
        .selectFrom('ideas')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where((eb) =>
          viewerId === undefined
            ? eb('status', '=', 'approved')
            : eb.or([eb('status', '=', 'approved'), eb.and([eb('status', '=', 'pending'), eb('author_id', '=', viewerId)])]),
        )
        .orderBy('pinned', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },

    /** The live idea of the space with this text, ignoring case. */
    async findLiveByText(spaceId: string, text: string): Promise<IdeaRecord | undefined> {
      const row = await db
        .selectFrom('ideas')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('text_key', '=', ideaTextKey(text))
        .where('status', 'in', LIVE_STATUSES)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    /** The idea a post with this request id created (null author: the facilitator without a token). */
    async findByRequest(spaceId: string, authorId: string | null, requestId: string): Promise<IdeaRecord | undefined> {
      const row = await db
        .selectFrom('ideas')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('author_id', authorId === null ? 'is' : '=', authorId)
        .where('request_id', '=', requestId)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    /** An idea with this text the author added since `since` (ISO time), whatever became of it. */
    async findRecentByAuthor(spaceId: string, authorId: string, text: string, since: string): Promise<IdeaRecord | undefined> {
      const row = await db
        .selectFrom('ideas')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('author_id', '=', authorId)
        .where('text_key', '=', ideaTextKey(text))
        .where('created_at', '>=', since)
        .orderBy('created_at', 'desc')
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
            description: idea.description,
            category: idea.category,
            author_name: idea.authorName,
            pinned: idea.pinned ? 1 : 0,
            edited_at: idea.editedAt,
            merged_into: idea.mergedInto,
            request_id: idea.requestId,
          })
          .execute();
      } catch (error) {
        throw isUniqueViolation(error) ? new UniqueViolation(error) : error;
      }
    },

    /** Applies the changes and answers the idea as it is now; a text another live idea has is a UniqueViolation. */
    async update(idea: IdeaRecord, changes: IdeaChanges): Promise<IdeaRecord> {
      const values: Updateable<IdeasTable> = {};
      if (changes.text !== undefined) {
        values.text = changes.text;
        values.text_key = ideaTextKey(changes.text);
      }
      if (changes.status !== undefined) values.status = changes.status;
      if (changes.description !== undefined) values.description = changes.description;
      if (changes.category !== undefined) values.category = changes.category;
      if (changes.pinned !== undefined) values.pinned = changes.pinned ? 1 : 0;
      if (changes.editedAt !== undefined) values.edited_at = changes.editedAt;
      if (changes.mergedInto !== undefined) values.merged_into = changes.mergedInto;
      if (changes.moderatedAt !== undefined) values.moderated_at = changes.moderatedAt;
      if (Object.keys(values).length === 0) return idea;
      try {
        await db.updateTable('ideas').set(values).where('id', '=', idea.id).where('space_id', '=', idea.spaceId).execute();
      } catch (error) {
        throw isUniqueViolation(error) ? new UniqueViolation(error) : error;
      }
      return { ...idea, ...changes };
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
    description: row.description,
    category: row.category,
    authorName: row.author_name,
    pinned: Boolean(row.pinned),
    editedAt: row.edited_at,
    mergedInto: row.merged_into,
    requestId: row.request_id,
  };
}
