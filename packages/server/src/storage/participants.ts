import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export function participantQueries(db: Kysely<Database>) {
  return {
    async insert(id: string, createdAt: string): Promise<void> {
      await db.insertInto('participants').values({ id, created_at: createdAt }).execute();
    },

    async exists(id: string): Promise<boolean> {
      const row = await db.selectFrom('participants').select('id').where('id', '=', id).executeTakeFirst();
      return row !== undefined;
    },

    /** A valid token is enough to take part: the row is created the first time one writes. */
    async ensure(id: string, createdAt: string): Promise<void> {
      await db
        .insertInto('participants')
        .values({ id, created_at: createdAt })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
  };
}
