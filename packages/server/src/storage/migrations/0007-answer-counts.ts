import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Each participant's answers and each pair's votes are counted in tables of their own, written with every answer,
 * instead of counted from the votes and skips through an index each. An index entry per vote lands in a random page
 * of an index that grows with the space, so a batch of 1,000 votes wrote hundreds more pages at every commit as the
 * space grew; a count's row is in one of a few pages however many votes there are. The results read a row per pair
 * instead of every vote. The counts start from the answers already stored.
 */
export const answerCounts: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('answer_counts')
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('participant_id', 'text', (c) => c.notNull())
      .addColumn('votes', 'integer', (c) => c.notNull())
      .addColumn('skips', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('answer_counts_pk', ['space_id', 'participant_id'])
      .execute();
    await db.schema
      .createTable('pair_counts')
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('winner_id', 'text', (c) => c.notNull())
      .addColumn('loser_id', 'text', (c) => c.notNull())
      .addColumn('votes', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('pair_counts_pk', ['space_id', 'winner_id', 'loser_id'])
      .execute();
    await sql`
      insert into answer_counts (space_id, participant_id, votes, skips)
      select space_id, participant_id, sum(votes), sum(skips) from (
        select space_id, participant_id, 1 as votes, 0 as skips from votes
        union all
        select space_id, participant_id, 0 as votes, 1 as skips from skips
      ) as answers
      group by space_id, participant_id`.execute(db);
    await sql`
      insert into pair_counts (space_id, winner_id, loser_id, votes)
      select space_id, winner_id, loser_id, count(*) from votes group by space_id, winner_id, loser_id`.execute(db);
    await db.schema.dropIndex('votes_by_pair').execute();
    await db.schema.dropIndex('votes_by_participant').execute();
    await db.schema.dropIndex('skips_by_participant').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.createIndex('votes_by_pair').on('votes').columns(['space_id', 'winner_id', 'loser_id']).execute();
    await db.schema.createIndex('votes_by_participant').on('votes').columns(['space_id', 'participant_id']).execute();
    await db.schema.createIndex('skips_by_participant').on('skips').columns(['space_id', 'participant_id']).execute();
    await db.schema.dropTable('pair_counts').execute();
    await db.schema.dropTable('answer_counts').execute();
  },
};
