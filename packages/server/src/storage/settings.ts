import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export function settingQueries(db: Kysely<Database>) {
  return {
    async get(key: string): Promise<string | undefined> {
      const row = await db.selectFrom('server_settings').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },

    /** Stores the value unless the key is already set; returns the value that is stored now. */
    async setOnce(key: string, value: string): Promise<string> {
      await db
        .insertInto('server_settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      return (await this.get(key)) ?? value;
    },
  };
}
