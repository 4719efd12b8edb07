import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { AnswerTotals, PairCountRecord } from './records.js';

export function resultQueries(db: Kysely<Database>) {
  return {
    /** How often each idea beat each other idea in the space (a vote between two merged ideas compares nothing). */
    async pairCounts(spaceId: string): Promise<PairCountRecord[]> {
      const rows = await db
        .selectFrom('votes')
        .select((eb) => ['winner_id', 'loser_id', eb.fn.countAll<number | string>().as('count')])
        .where('space_id', '=', spaceId)
        .whereRef('winner_id', '<>', 'loser_id')
        .groupBy(['winner_id', 'loser_id'])
        .execute();
      return rows.map((r) => ({ winner: r.winner_id, loser: r.loser_id, count: Number(r.count) }));
    },

    async totals(spaceId: string): Promise<AnswerTotals> {
      const votes = await db
        .selectFrom('votes')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('space_id', '=', spaceId)
        .executeTakeFirstOrThrow();
      const skips = await db
        .selectFrom('skips')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('space_id', '=', spaceId)
        .executeTakeFirstOrThrow();
      // Everyone who answered: voted or skipped.
      const answerers = db
        .selectFrom('votes')
        .select('participant_id')
        .where('space_id', '=', spaceId)
        .union(db.selectFrom('skips').select('participant_id').where('space_id', '=', spaceId));
      const participants = await db
        .selectFrom(answerers.as('answerers'))
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return { votes: Number(votes.n), skips: Number(skips.n), participants: Number(participants.n) };
    },
  };
}
