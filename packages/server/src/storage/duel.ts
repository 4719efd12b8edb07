import type { Kysely, Selectable } from 'kysely';
import type { AppearancesTable, Database } from './schema.js';
import type { AnswerRecord, AppearanceRecord } from './records.js';

export interface AnswerContext {
  appearance: AppearanceRecord;
  /** Both ideas of the pair are approved (not hidden, pending or merged away). */
  bothApproved: boolean;
  /** Votes and skips its participant has made in the space so far. */
  answered: number;
}

export function duelQueries(db: Kysely<Database>) {
  return {
    async getAppearance(id: string): Promise<AppearanceRecord | undefined> {
      const row = await db.selectFrom('appearances').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    /** Every pair this participant has been shown in the space, answered or not (pair selection sorts them out). */
    async appearancesOf(spaceId: string, participantId: string): Promise<AppearanceRecord[]> {
      const rows = await db
        .selectFrom('appearances')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('participant_id', '=', participantId)
        .execute();
      return rows.map(toRecord);
    },

    /** The ideas pairs are made of: the approved ones, id and text only (a full idea row costs four times more). */
    async duelIdeas(spaceId: string): Promise<{ id: string; text: string }[]> {
      return db
        .selectFrom('ideas')
        .select(['id', 'text'])
        .where('space_id', '=', spaceId)
        .where('status', '=', 'approved')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    /**
     * What judging an answer needs, in one read: the pair, whether its two ideas are still approved, and how many
     * answers its participant has given in the space so far.
     */
    async answerContext(appearanceId: string): Promise<AnswerContext | undefined> {
      const row = await db
        .selectFrom('appearances as a')
        .leftJoin('ideas as l', 'l.id', 'a.left_idea_id')
        .leftJoin('ideas as r', 'r.id', 'a.right_idea_id')
        .selectAll('a')
        .select(['l.status as left_status', 'r.status as right_status'])
        .select((eb) =>
          eb
            .selectFrom('appearances as mine')
            .select((inner) => inner.fn.countAll<number | string>().as('n'))
            .whereRef('mine.space_id', '=', 'a.space_id')
            .whereRef('mine.participant_id', '=', 'a.participant_id')
            .where('mine.answered_at', 'is not', null)
            .as('answered'),
        )
        .where('a.id', '=', appearanceId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        appearance: toRecord(row),
        bothApproved: row.left_status === 'approved' && row.right_status === 'approved',
        answered: Number(row.answered ?? 0),
      };
    },

    async insertAppearance(appearance: AppearanceRecord): Promise<void> {
      await db
        .insertInto('appearances')
        .values({
          id: appearance.id,
          space_id: appearance.spaceId,
          participant_id: appearance.participantId,
          left_idea_id: appearance.leftIdeaId,
          right_idea_id: appearance.rightIdeaId,
          issued_at: appearance.issuedAt,
          answered_at: appearance.answeredAt,
        })
        .execute();
    },

    async getAnswer(appearanceId: string): Promise<AnswerRecord | undefined> {
      const vote = await db
        .selectFrom('votes')
        .select(['winner_id', 'loser_id'])
        .where('appearance_id', '=', appearanceId)
        .executeTakeFirst();
      if (vote) return { kind: 'vote', winnerId: vote.winner_id, loserId: vote.loser_id };
      const skip = await db
        .selectFrom('skips')
        .select(['reason', 'note'])
        .where('appearance_id', '=', appearanceId)
        .executeTakeFirst();
      return skip && { kind: 'skip', reason: skip.reason, note: skip.note };
    },

    /**
     * Marks the appearance answered and stores the answer; false when it was already answered, which is the
     * guard against two concurrent answers on engines that run transactions in parallel.
     */
    async recordAnswer(appearance: AppearanceRecord, answer: AnswerRecord, at: string): Promise<boolean> {
      const marked = await db
        .updateTable('appearances')
        .set({ answered_at: at })
        .where('id', '=', appearance.id)
        .where('answered_at', 'is', null)
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) === 0) return false;
      const common = {
        appearance_id: appearance.id,
        space_id: appearance.spaceId,
        participant_id: appearance.participantId,
        created_at: at,
      };
      if (answer.kind === 'vote') {
        await db.insertInto('votes').values({ ...common, winner_id: answer.winnerId, loser_id: answer.loserId }).execute();
      } else {
        await db.insertInto('skips').values({ ...common, reason: answer.reason, note: answer.note }).execute();
      }
      return true;
    },

    /**
     * Hands the duel history of a merged idea to the idea it was merged into: its votes and pairs now name the
     * survivor. A vote between the two becomes a vote of the survivor over itself: kept, but no comparison.
     * Call inside a transaction.
     */
    async repoint(fromId: string, intoId: string): Promise<void> {
      await db.updateTable('votes').set({ winner_id: intoId }).where('winner_id', '=', fromId).execute();
      await db.updateTable('votes').set({ loser_id: intoId }).where('loser_id', '=', fromId).execute();
      await db.updateTable('appearances').set({ left_idea_id: intoId }).where('left_idea_id', '=', fromId).execute();
      await db.updateTable('appearances').set({ right_idea_id: intoId }).where('right_idea_id', '=', fromId).execute();
    },

    /** Votes and skips this participant has made in the space. */
    async answeredCount(spaceId: string, participantId: string): Promise<number> {
      const row = await db
        .selectFrom('appearances')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('space_id', '=', spaceId)
        .where('participant_id', '=', participantId)
        .where('answered_at', 'is not', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

function toRecord(row: Selectable<AppearancesTable>): AppearanceRecord {
  return {
    id: row.id,
    spaceId: row.space_id,
    participantId: row.participant_id,
    leftIdeaId: row.left_idea_id,
    rightIdeaId: row.right_idea_id,
    issuedAt: row.issued_at,
    answeredAt: row.answered_at,
  };
}
