import type { Compilable, CompiledQuery, Kysely, QueryResult, Selectable } from 'kysely';
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
      const [row] = (await hotQueries(db).answerContext(db, { appearanceId })).rows;
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
      const hot = hotQueries(db);
      const marked = await hot.markAnswered(db, { id: appearance.id, at });
      if (Number(marked.numAffectedRows) === 0) return false;
      const common = {
        appearance_id: appearance.id,
        space_id: appearance.spaceId,
        participant_id: appearance.participantId,
        created_at: at,
      };
      if (answer.kind === 'vote') {
        await hot.insertVote(db, { ...common, winner_id: answer.winnerId, loser_id: answer.loserId });
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

type Run<Row, Name extends string> = (db: Kysely<Database>, values: Record<Name, unknown>) => Promise<QueryResult<Row>>;

/**
 * Built and compiled once, with named placeholders bound at each run: Kysely builds each query's operation tree and
 * compiles its SQL anew every time, which in a group of hundreds of answers was a good part of each one's own time.
 */
function compiledOnce<Row, Name extends string>(query: Compilable<Row>, names: readonly Name[]): Run<Row, Name> {
  const compiled: CompiledQuery<Row> = query.compile();
  const slots = compiled.parameters.map((value) => names.indexOf(value as Name));
  if (slots.some((slot) => slot < 0)) throw new Error(`a value in this query is not one of its named parameters: ${compiled.sql}`);
  return (db, values) => db.executeQuery<Row>({ ...compiled, parameters: slots.map((slot) => values[names[slot]!]) });
}

/** Per dialect (SQLite's `?` or PostgreSQL's `$1`): every transaction of one database shares its adapter. */
const hotByAdapter = new WeakMap<object, ReturnType<typeof compileHotQueries>>();

function hotQueries(db: Kysely<Database>) {
  const adapter = db.getExecutor().adapter;
  let hot = hotByAdapter.get(adapter);
  if (!hot) hotByAdapter.set(adapter, (hot = compileHotQueries(db)));
  return hot;
}

/** The statements every answer runs (see `answerContext` and `recordAnswer` for what they mean). */
function compileHotQueries(db: Kysely<Database>) {
  const voteColumns = ['appearance_id', 'space_id', 'participant_id', 'created_at', 'winner_id', 'loser_id'] as const;
  return {
    answerContext: compiledOnce(
      db
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
        .where('a.id', '=', 'appearanceId'),
      ['appearanceId'],
    ),
    markAnswered: compiledOnce(
      db.updateTable('appearances').set({ answered_at: 'at' }).where('id', '=', 'id').where('answered_at', 'is', null),
      ['at', 'id'],
    ),
    insertVote: compiledOnce(
      db.insertInto('votes').values(Object.fromEntries(voteColumns.map((column) => [column, column])) as Record<(typeof voteColumns)[number], string>),
      voteColumns,
    ),
  };
}
