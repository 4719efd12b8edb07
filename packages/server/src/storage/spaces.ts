import type { Category } from '@tori/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SpacesTable } from './schema.js';
import { type SpaceChanges, type SpaceRecord, UniqueViolation, isUniqueViolation } from './records.js';

export function spaceQueries(db: Kysely<Database>) {
  return {
    async get(id: string): Promise<SpaceRecord | undefined> {
      const row = await db.selectFrom('spaces').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async insert(space: SpaceRecord): Promise<void> {
      try {
        await db
          .insertInto('spaces')
          .values({
            id: space.id,
            title: space.title,
            question: space.question,
            voting_open: space.votingOpen ? 1 : 0,
            ideas_need_approval: space.ideasNeedApproval ? 1 : 0,
            allowed_origins: JSON.stringify(space.allowedOrigins),
            admin_key_hash: space.adminKeyHash,
            created_at: space.createdAt,
            board_open: space.boardOpen ? 1 : 0,
            named_posting: space.namedPosting ? 1 : 0,
            hide_after_reports: space.hideAfterReports,
            categories: JSON.stringify(space.categories),
          })
          .execute();
      } catch (error) {
        throw isUniqueViolation(error) ? new UniqueViolation(error) : error;
      }
    },

    async update(id: string, changes: SpaceChanges): Promise<SpaceRecord | undefined> {
      const values: Partial<SpacesTable> = {};
      if (changes.title !== undefined) values.title = changes.title;
      if (changes.question !== undefined) values.question = changes.question;
      if (changes.votingOpen !== undefined) values.voting_open = changes.votingOpen ? 1 : 0;
      if (changes.ideasNeedApproval !== undefined) values.ideas_need_approval = changes.ideasNeedApproval ? 1 : 0;
      if (changes.allowedOrigins !== undefined) values.allowed_origins = JSON.stringify(changes.allowedOrigins);
      if (changes.boardOpen !== undefined) values.board_open = changes.boardOpen ? 1 : 0;
      if (changes.namedPosting !== undefined) values.named_posting = changes.namedPosting ? 1 : 0;
      if (changes.hideAfterReports !== undefined) values.hide_after_reports = changes.hideAfterReports;
      if (changes.categories !== undefined) values.categories = JSON.stringify(changes.categories);
      if (Object.keys(values).length > 0) await db.updateTable('spaces').set(values).where('id', '=', id).execute();
      return this.get(id);
    },

    /** Ideas that take part in the duel. */
    async approvedIdeaCount(id: string): Promise<number> {
      const row = await db
        .selectFrom('ideas')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('space_id', '=', id)
        .where('status', '=', 'approved')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

function toRecord(row: Selectable<SpacesTable>): SpaceRecord {
  return {
    id: row.id,
    title: row.title,
    question: row.question,
    votingOpen: Boolean(row.voting_open),
    ideasNeedApproval: Boolean(row.ideas_need_approval),
    allowedOrigins: parseOrigins(row.allowed_origins),
    adminKeyHash: row.admin_key_hash,
    createdAt: row.created_at,
    boardOpen: Boolean(row.board_open),
    namedPosting: Boolean(row.named_posting),
    hideAfterReports: row.hide_after_reports,
    categories: parseCategories(row.categories),
  };
}

function parseOrigins(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return []; // a damaged list allows nothing rather than everything
  }
}

function parseCategories(json: string): Category[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (c): c is Category => typeof c === 'object' && c !== null && typeof c.id === 'string' && typeof c.label === 'string',
    ).map((c) => ({ id: c.id, label: c.label }));
  } catch {
    return [];
  }
}
