import { type Compilable, type CompiledQuery, type ExpressionBuilder, type Kysely, type QueryResult, type Selectable, SqliteAdapter } from 'kysely';
import type { AnswerCountsTable, AppearancesTable, Database, PairCountsTable, SkipsTable, VotesTable } from './schema.js';
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
      const row = await withAnswered(db).where('a.id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    /** Every pair this participant has been shown in the space, answered or not (pair selection sorts them out). */
    async appearancesOf(spaceId: string, participantId: string): Promise<AppearanceRecord[]> {
      const rows = await withAnswered(db).where('a.space_id', '=', spaceId).where('a.participant_id', '=', participantId).execute();
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
     * What judging answers needs, in one read per chunk of ids: each pair, with how many answers its participant had
     * given in the space before these; then one of the pairs' ideas, for whether both are still approved.
     */
    async answerContexts(appearanceIds: readonly string[]): Promise<Map<string, AnswerContext>> {
      const hot = hotQueries(db);
      const rows = [];
      for (const ids of inChunks(appearanceIds)) rows.push(...(await hot.answerContexts(ids.length).run(db, ids)).rows);
      // The ideas' states in a read of their own: a batch names a space's few dozen ideas thousands of times.
      const ideaIds = new Set<string>();
      for (const row of rows) ideaIds.add(row.left_idea_id).add(row.right_idea_id);
      const approved = new Set<string>();
      for (const ids of inChunks([...ideaIds])) {
        for (const idea of (await hot.ideaStates(ids.length).run(db, ids)).rows) if (idea.status === 'approved') approved.add(idea.id);
      }
      const contexts = new Map<string, AnswerContext>();
      for (const row of rows) {
        contexts.set(row.id, {
          appearance: toRecord(row),
          bothApproved: approved.has(row.left_idea_id) && approved.has(row.right_idea_id),
          answered: Number(row.votes_so_far ?? 0) + Number(row.skips_so_far ?? 0),
        });
      }
      return contexts;
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
     * Stores the answers, each pair's once: a pair with a vote or a skip is answered. Transactions run one at a time
     * (see `storage.transaction`), so the caller's check for an earlier answer holds until this commits, and each
     * table's key on the pair refuses a repeat all the same. The participants' and pairs' counts are added to in the
     * same transaction, so they fall back with it.
     */
    async recordAnswers(answers: readonly RecordedAnswer[], at: string): Promise<void> {
      const hot = hotQueries(db);
      // Rows written out in full, not spread from a common part: thousands a second, and a spread costs a copy each.
      const votes: VotesTable[] = [];
      const skips: SkipsTable[] = [];
      for (const { appearance, record } of answers) {
        const { id: appearance_id, spaceId: space_id, participantId: participant_id } = appearance;
        if (record.kind === 'vote') votes.push({ appearance_id, space_id, participant_id, created_at: at, winner_id: record.winnerId, loser_id: record.loserId });
        else skips.push({ appearance_id, space_id, participant_id, created_at: at, reason: record.reason, note: record.note });
      }
      await hot.insertVotes(db, votes);
      // Skips are few (a reason, a note): built each time.
      for (const rows of inChunks(skips)) await db.insertInto('skips').values(rows).execute();
      await hot.addAnswerCounts(db, answerCountsOf(answers));
      await hot.addPairVotes(db, sumPairVotes(votes));
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
      // The pair counts follow the votes: the merged idea's counts are added to the survivor's.
      const naming = (eb: ExpressionBuilder<Database, 'pair_counts'>) => eb.or([eb('winner_id', '=', fromId), eb('loser_id', '=', fromId)]);
      const moved = await db.selectFrom('pair_counts').selectAll().where(naming).execute();
      await db.deleteFrom('pair_counts').where(naming).execute();
      const survivor = (id: string) => (id === fromId ? intoId : id);
      await hotQueries(db).addPairVotes(db, sumPairVotes(moved.map((row) => ({ ...row, winner_id: survivor(row.winner_id), loser_id: survivor(row.loser_id) }))));
    },
  };
}

/** Pairs with when they were answered: the time of their vote or skip (a pair has one of them at most). */
function withAnswered(db: Kysely<Database>) {
  return db
    .selectFrom('appearances as a')
    .leftJoin('votes as v', 'v.appearance_id', 'a.id')
    .leftJoin('skips as s', 's.appearance_id', 'a.id')
    .selectAll('a')
    .select((eb) => eb.fn.coalesce('v.created_at', 's.created_at').as('answered_at'));
}

function toRecord(row: Selectable<AppearancesTable> & { answered_at: string | null }): AppearanceRecord {
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

export interface RecordedAnswer {
  appearance: AppearanceRecord;
  record: AnswerRecord;
}

/** Rows in one statement at most; more go in several (well under SQLite's and PostgreSQL's limits on values). */
const CHUNK_MAX = 256;

/**
 * Splits into chunks of 256, 128, …, 1 items: a few statements for any number of answers, and only nine shapes of
 * each statement, so each is prepared once and kept (a shape per count would fill the statement cache).
 */
function inChunks<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let at = 0; at < items.length; ) {
    let size = CHUNK_MAX;
    while (size > items.length - at) size /= 2;
    chunks.push(items.slice(at, at + size));
    at += size;
  }
  return chunks;
}

function names(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

interface CompiledOnce<Row> {
  query: CompiledQuery<Row>;
  run(db: Kysely<Database>, values: readonly unknown[]): Promise<QueryResult<Row>>;
}

/**
 * Built and compiled once, with placeholders bound at each run in the order `names` gives: Kysely builds each query's
 * operation tree and compiles its SQL anew every time, which for hundreds of answers a second was a good part of
 * their time. The names stand in for the values when compiling, which checks that order.
 */
function compiledOnce<Row>(query: Compilable<Row>, names: readonly string[]): CompiledOnce<Row> {
  const compiled: CompiledQuery<Row> = query.compile();
  if (compiled.parameters.length !== names.length || compiled.parameters.some((value, i) => value !== names[i])) {
    throw new Error(`this query's values are not its named parameters in order: ${compiled.sql}`);
  }
  return { query: compiled, run: (db, values) => db.executeQuery<Row>({ ...compiled, parameters: values }) };
}

/** Per dialect (SQLite's `?` or PostgreSQL's `$1`): every transaction of one database shares its adapter. */
const hotByAdapter = new WeakMap<object, ReturnType<typeof compileHotQueries>>();

function hotQueries(db: Kysely<Database>) {
  const adapter = db.getExecutor().adapter;
  let hot = hotByAdapter.get(adapter);
  if (!hot) hotByAdapter.set(adapter, (hot = compileHotQueries(db)));
  return hot;
}

/** The statements every group of answers runs, one shape per chunk size (see `answerContexts` and `recordAnswers`). */
function compileHotQueries(db: Kysely<Database>) {
  return {
    answerContexts: bySize((size) => {
      const ids = names('id', size);
      return compiledOnce(
        withAnswered(db)
          // How many answers its participant has given in the space, from the counts kept with every answer.
          .leftJoin('answer_counts as mine', (join) =>
            join.onRef('mine.space_id', '=', 'a.space_id').onRef('mine.participant_id', '=', 'a.participant_id'),
          )
          .select(['mine.votes as votes_so_far', 'mine.skips as skips_so_far'])
          .where('a.id', 'in', ids),
        ids,
      );
    }),
    ideaStates: bySize((size) => {
      const ids = names('id', size);
      return compiledOnce(db.selectFrom('ideas').select(['id', 'status']).where('id', 'in', ids), ids);
    }),
    insertVotes: rowWriter<VotesTable>(db, VOTE_COLUMNS, (rows) => db.insertInto('votes').values(rows)),
    addAnswerCounts: rowWriter<AnswerCountsTable>(db, ANSWER_COUNT_COLUMNS, (rows) =>
      db
        .insertInto('answer_counts')
        .values(rows)
        .onConflict((conflict) =>
          conflict.columns(['space_id', 'participant_id']).doUpdateSet((eb) => ({
            votes: eb('answer_counts.votes', '+', eb.ref('excluded.votes')),
            skips: eb('answer_counts.skips', '+', eb.ref('excluded.skips')),
          })),
        ),
    ),
    addPairVotes: rowWriter<PairCountsTable>(db, PAIR_COUNT_COLUMNS, (rows) =>
      db
        .insertInto('pair_counts')
        .values(rows)
        .onConflict((conflict) =>
          conflict.columns(['space_id', 'winner_id', 'loser_id']).doUpdateSet((eb) => ({ votes: eb('pair_counts.votes', '+', eb.ref('excluded.votes')) })),
        ),
    ),
  };
}

const VOTE_COLUMNS = ['appearance_id', 'space_id', 'participant_id', 'created_at', 'winner_id', 'loser_id'] as const;
const ANSWER_COUNT_COLUMNS = ['space_id', 'participant_id', 'votes', 'skips'] as const;
const PAIR_COUNT_COLUMNS = ['space_id', 'winner_id', 'loser_id', 'votes'] as const;

/** Each participant's answers of the batch added up: one row per participant and space. */
function answerCountsOf(answers: readonly RecordedAnswer[]): AnswerCountsTable[] {
  const counts = new Map<string, AnswerCountsTable>();
  for (const { appearance, record } of answers) {
    const key = `${appearance.spaceId}\u0000${appearance.participantId}`;
    let count = counts.get(key);
    if (!count) counts.set(key, (count = { space_id: appearance.spaceId, participant_id: appearance.participantId, votes: 0, skips: 0 }));
    if (record.kind === 'vote') count.votes += 1;
    else count.skips += 1;
  }
  return [...counts.values()];
}

/** Votes added up per pair: PostgreSQL refuses an upsert that names the same row twice. */
function sumPairVotes(votes: readonly (Omit<PairCountsTable, 'votes'> & { votes?: number })[]): PairCountsTable[] {
  const pairs = new Map<string, PairCountsTable>();
  for (const { space_id, winner_id, loser_id, votes: n = 1 } of votes) {
    const key = `${space_id}\u0000${winner_id}\u0000${loser_id}`;
    const pair = pairs.get(key);
    if (pair) pair.votes += n;
    else pairs.set(key, { space_id, winner_id, loser_id, votes: n });
  }
  return [...pairs.values()];
}

type WriteRows<R> = (db: Kysely<Database>, rows: readonly R[]) => Promise<void>;

/**
 * Writes rows with one statement compiled once per shape. SQLite runs in this process, so a statement costs no round
 * trip, and running a one-row statement again costs less per row than one of many rows (5 against 9 µs a vote alone,
 * 12 against 23 in bench:load's peak): run for each row on the transaction's connection. PostgreSQL is a round trip
 * away: many rows in one statement.
 */
function rowWriter<R extends object>(db: Kysely<Database>, columns: readonly (keyof R & string)[], statement: (rows: R[]) => Compilable<unknown>): WriteRows<R> {
  // Named placeholders (r0_space_id, …) stand in for the values while compiling, as `compiledOnce` takes them.
  const placeholders = (count: number) =>
    Array.from({ length: count }, (_, i) => Object.fromEntries(columns.map((column) => [column, `r${i}_${column}`])) as R);
  const valuesOf = (rows: readonly R[]) => rows.flatMap((row) => columns.map((column) => row[column] as string));
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    const one = placeholders(1);
    const { query } = compiledOnce(statement(one), valuesOf(one));
    return (db, rows) =>
      db.getExecutor().provideConnection(async (connection) => {
        for (const row of rows) await connection.executeQuery({ query: query.query, queryId: query.queryId, sql: query.sql, parameters: columns.map((column) => row[column]) });
      });
  }
  const sized = bySize((size) => {
    const rows = placeholders(size);
    return compiledOnce(statement(rows), valuesOf(rows));
  });
  return async (db, rows) => {
    for (const chunk of inChunks(rows)) await sized(chunk.length).run(db, valuesOf(chunk));
  };
}

/** A statement per chunk size, compiled the first time that size is asked for. */
function bySize<T>(compile: (size: number) => T): (size: number) => T {
  const compiled = new Map<number, T>();
  return (size) => {
    let statement = compiled.get(size);
    if (!statement) compiled.set(size, (statement = compile(size)));
    return statement;
  };
}
