import { type Compilable, type CompiledQuery, type Kysely, type QueryResult, type Selectable, SqliteAdapter } from 'kysely';
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
     * What judging answers needs, in one read per chunk of ids: each pair, whether its two ideas are still approved,
     * and how many answers its participant had given in the space before these.
     */
    async answerContexts(appearanceIds: readonly string[]): Promise<Map<string, AnswerContext>> {
      const contexts = new Map<string, AnswerContext>();
      for (const ids of inChunks(appearanceIds)) {
        const { rows } = await hotQueries(db).answerContexts(ids.length).run(db, ids);
        for (const row of rows) {
          contexts.set(row.id, {
            appearance: toRecord(row),
            bothApproved: row.left_status === 'approved' && row.right_status === 'approved',
            answered: Number(row.votes_so_far ?? 0) + Number(row.skips_so_far ?? 0),
          });
        }
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
     * table's key on the pair refuses a repeat all the same.
     */
    async recordAnswers(answers: readonly RecordedAnswer[], at: string): Promise<void> {
      const hot = hotQueries(db);
      const common = ({ appearance }: RecordedAnswer) => ({
        appearance_id: appearance.id,
        space_id: appearance.spaceId,
        participant_id: appearance.participantId,
        created_at: at,
      });
      const votes = answers.flatMap((answer) =>
        answer.record.kind === 'vote' ? [{ ...common(answer), winner_id: answer.record.winnerId, loser_id: answer.record.loserId }] : [],
      );
      await hot.insertVotes(db, votes);
      // Skips are few (a reason, a note): built each time.
      const skips = answers.flatMap((answer) => (answer.record.kind === 'skip' ? [{ ...common(answer), reason: answer.record.reason, note: answer.record.note }] : []));
      for (const rows of inChunks(skips)) await db.insertInto('skips').values(rows).execute();
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

const VOTE_COLUMNS = ['appearance_id', 'space_id', 'participant_id', 'created_at', 'winner_id', 'loser_id'] as const;
type VoteRow = Record<(typeof VOTE_COLUMNS)[number], string>;

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
          .leftJoin('ideas as l', 'l.id', 'a.left_idea_id')
          .leftJoin('ideas as r', 'r.id', 'a.right_idea_id')
          .select(['l.status as left_status', 'r.status as right_status'])
          // How many answers its participant has given in the space: votes and skips, each counted on its index.
          .select((eb) =>
            eb
              .selectFrom('votes as mine')
              .select((inner) => inner.fn.countAll<number | string>().as('n'))
              .whereRef('mine.space_id', '=', 'a.space_id')
              .whereRef('mine.participant_id', '=', 'a.participant_id')
              .as('votes_so_far'),
          )
          .select((eb) =>
            eb
              .selectFrom('skips as mine')
              .select((inner) => inner.fn.countAll<number | string>().as('n'))
              .whereRef('mine.space_id', '=', 'a.space_id')
              .whereRef('mine.participant_id', '=', 'a.participant_id')
              .as('skips_so_far'),
          )
          .where('a.id', 'in', ids),
        ids,
      );
    }),
    insertVotes: db.getExecutor().adapter instanceof SqliteAdapter ? insertEachVote(db) : insertVotesInChunks(db),
  };
}

type InsertVotes = (db: Kysely<Database>, votes: readonly VoteRow[]) => Promise<void>;

/**
 * SQLite runs in this process, so a statement costs no round trip, and running a one-row insert again costs less per
 * row than one insert of many rows (5 against 9 µs a vote alone, 12 against 23 in bench:load's peak): one statement,
 * run for each vote on the transaction's connection.
 */
function insertEachVote(db: Kysely<Database>): InsertVotes {
  const one = placeholderVotes(1);
  const { query } = compiledOnce(db.insertInto('votes').values(one), valuesOf(one));
  return (db, votes) =>
    db.getExecutor().provideConnection(async (connection) => {
      for (const vote of votes) await connection.executeQuery({ ...query, parameters: VOTE_COLUMNS.map((column) => vote[column]) });
    });
}

/** PostgreSQL is a round trip away: many rows in one statement. */
function insertVotesInChunks(db: Kysely<Database>): InsertVotes {
  const statement = bySize((size) => {
    const rows = placeholderVotes(size);
    return compiledOnce(db.insertInto('votes').values(rows), valuesOf(rows));
  });
  return async (db, votes) => {
    for (const rows of inChunks(votes)) await statement(rows.length).run(db, valuesOf(rows));
  };
}

/** `count` rows of named placeholders (r0_appearance_id, …), as `compiledOnce` takes them. */
function placeholderVotes(count: number): VoteRow[] {
  return Array.from({ length: count }, (_, i) => Object.fromEntries(VOTE_COLUMNS.map((column) => [column, `r${i}_${column}`])) as VoteRow);
}

function valuesOf(rows: readonly VoteRow[]): string[] {
  return rows.flatMap((row) => VOTE_COLUMNS.map((column) => row[column]));
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
