import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * A pair is answered when it has a vote or a skip: the pair's own `answered_at` said it a second time, and keeping it
 * cost every answer an update of the pair's row and of an index entry, about a third of an answer's database time at
 * thousands a second. The column goes; nothing is lost, since every answer stored its time with it (both were written
 * in one transaction). SQLite drops a column only when no index names it, so the index is rebuilt without it.
 */
export const answeredByAnswers: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.dropIndex('appearances_by_participant').execute();
    await db.schema.alterTable('appearances').dropColumn('answered_at').execute();
    await db.schema.createIndex('appearances_by_participant').on('appearances').columns(['space_id', 'participant_id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('appearances_by_participant').execute();
    await db.schema.alterTable('appearances').addColumn('answered_at', 'text').execute();
    await db
      .updateTable('appearances')
      .set({
        answered_at: sql`coalesce(
          (select created_at from votes where votes.appearance_id = appearances.id),
          (select created_at from skips where skips.appearance_id = appearances.id))`,
      })
      .execute();
    await db.schema
      .createIndex('appearances_by_participant')
      .on('appearances')
      .columns(['space_id', 'participant_id', 'answered_at'])
      .execute();
  },
};
