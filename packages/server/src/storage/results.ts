import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { AnswerTotals, PairCountRecord } from './records.js';

export function resultQueries(db: Kysely<Database>) {
  return {
    /** How often each idea beat each other idea in the space (a vote between two merged ideas compares nothing). */
    async pairCounts(spaceId: string): Promise<PairCountRecord[]> {
      const rows = await db
        .selectFrom('pair_counts')
        .select(['winner_id', 'loser_id', 'votes'])
        .where('space_id', '=', spaceId)
        .whereRef('winner_id', '<>', 'loser_id')
        .orderBy('winner_id')
        .orderBy('loser_id')
        .execute();
      return rows.map((r) => ({ winner: r.winner_id, loser: r.loser_id, count: Number(r.votes) }));
    },

    /** From the participants' counts: a row is there once its participant answered (voted or skipped). */
    async totals(spaceId: string): Promise<AnswerTotals> {
      const row = await db
        .selectFrom('answer_counts')
        .select((eb) => [
          eb.fn.coalesce(eb.fn.sum<number | string>('votes'), eb.lit(0)).as('votes'),
          eb.fn.coalesce(eb.fn.sum<number | string>('skips'), eb.lit(0)).as('skips'),
          eb.fn.countAll<number | string>().as('participants'),
        ])
        .where('space_id', '=', spaceId)
        .executeTakeFirstOrThrow();
      return { votes: Number(row.votes), skips: Number(row.skips), participants: Number(row.participants) };
    },
  };
}
