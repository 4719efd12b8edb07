import type { ReportReason } from '@tori/protocol';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { IdeaTally, ReportRecord } from './records.js';

/** Supports and reports: what participants say about the ideas on a board. */
export function boardQueries(db: Kysely<Database>) {
  return {
    /** True when the support is new; supporting twice is one support. */
    async addSupport(spaceId: string, ideaId: string, participantId: string, at: string): Promise<boolean> {
      const result = await db
        .insertInto('supports')
        .values({ space_id: spaceId, idea_id: ideaId, participant_id: participantId, created_at: at })
        .onConflict((oc) => oc.columns(['idea_id', 'participant_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** True when there was a support to withdraw. */
    async removeSupport(ideaId: string, participantId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('supports')
        .where('idea_id', '=', ideaId)
        .where('participant_id', '=', participantId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async supportCount(ideaId: string): Promise<number> {
      const row = await db
        .selectFrom('supports')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('idea_id', '=', ideaId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Ideas of the space this participant supports. */
    async supportedBy(spaceId: string, participantId: string): Promise<Set<string>> {
      const rows = await db
        .selectFrom('supports')
        .select('idea_id')
        .where('space_id', '=', spaceId)
        .where('participant_id', '=', participantId)
        .execute();
      return new Set(rows.map((r) => r.idea_id));
    },

    /**
     * Moves the supports of `fromId` to `intoId`; a participant who supported both keeps one. Call inside a
     * transaction.
     */
    async moveSupports(fromId: string, intoId: string): Promise<void> {
      await db
        .insertInto('supports')
        .columns(['space_id', 'idea_id', 'participant_id', 'created_at'])
        .expression(
          db
            .selectFrom('supports as s')
            .select((eb) => ['s.space_id', eb.val(intoId).as('idea_id'), 's.participant_id', 's.created_at'])
            .where('s.idea_id', '=', fromId)
            .where((eb) =>
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('supports as t')
                    .select('t.idea_id')
                    .where('t.idea_id', '=', intoId)
                    .whereRef('t.participant_id', '=', 's.participant_id'),
                ),
              ),
            ),
        )
        .execute();
      await db.deleteFrom('supports').where('idea_id', '=', fromId).execute();
    },

    /** True when the report is new; one participant reports an idea once. */
    async addReport(report: ReportRecord): Promise<boolean> {
      const result = await db
        .insertInto('reports')
        .values({
          id: report.id,
          space_id: report.spaceId,
          idea_id: report.ideaId,
          participant_id: report.participantId,
          reason: report.reason,
          note: report.note,
          created_at: report.createdAt,
        })
        .onConflict((oc) => oc.columns(['idea_id', 'participant_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** Reports of the idea made after `since` (all of them when null). */
    async reportCountSince(ideaId: string, since: string | null): Promise<number> {
      let query = db
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('idea_id', '=', ideaId);
      if (since !== null) query = query.where('created_at', '>', since);
      const row = await query.executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Supports and reports per idea of the space (or of one idea); ideas with neither are absent. */
    async tallies(spaceId: string, ideaId?: string): Promise<Map<string, IdeaTally>> {
      let supports = db
        .selectFrom('supports')
        .select((eb) => ['idea_id', eb.fn.countAll<number | string>().as('n')])
        .where('space_id', '=', spaceId);
      let reports = db
        .selectFrom('reports')
        .select((eb) => ['idea_id', 'reason', eb.fn.countAll<number | string>().as('n')])
        .where('space_id', '=', spaceId);
      if (ideaId !== undefined) {
        supports = supports.where('idea_id', '=', ideaId);
        reports = reports.where('idea_id', '=', ideaId);
      }
      const tallies = new Map<string, IdeaTally>();
      const tallyOf = (id: string) => {
        let tally = tallies.get(id);
        if (!tally) tallies.set(id, (tally = { supports: 0, reports: 0, reportReasons: {} }));
        return tally;
      };
      for (const row of await supports.groupBy('idea_id').execute()) tallyOf(row.idea_id).supports = Number(row.n);
      for (const row of await reports.groupBy(['idea_id', 'reason']).execute()) {
        const tally = tallyOf(row.idea_id);
        tally.reports += Number(row.n);
        tally.reportReasons[row.reason as ReportReason] = Number(row.n);
      }
      return tallies;
    },
  };
}
