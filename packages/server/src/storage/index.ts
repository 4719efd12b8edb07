/**
 * The one door to stored data. Routes and domain modules call these methods and never see SQL; every query is
 * built with Kysely's query builder, and the same queries and migrations run on SQLite and PostgreSQL.
 */
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { badgeQueries } from './badges.js';
import { boardQueries } from './board.js';
import { discussionQueries } from './discussion.js';
import { duelQueries } from './duel.js';
import { ideaQueries } from './ideas.js';
import { journalQueries } from './journal.js';
import { migrationProvider } from './migrations/index.js';
import { moderationQueries } from './moderation.js';
import { participantQueries } from './participants.js';
import { isRetryable, openPostgres } from './postgres.js';
import { profileQueries } from './profiles.js';
import { resultQueries } from './results.js';
import type { Database } from './schema.js';
import { settingQueries } from './settings.js';
import { spaceQueries } from './spaces.js';
import { DEFAULT_DURABILITY, type Durability } from './durability.js';
import { openSqlite, withoutForeignKeys } from './sqlite.js';

export type * from './records.js';
export { UniqueViolation } from './records.js';
export { LIVE_STATUSES, ideaTextKey } from './ideas.js';
export type { Database } from './schema.js';
export type { AuthoredPost, DiscussionAction, LogEntryRecord, PostChanges, PostRecord, TopicRecord } from './discussion.js';
export type { ProfileRecord } from './profiles.js';
export type { JournalRecord, ReflectionRecord } from './journal.js';
export type { ActivityCounts, AwardRecord, BadgeRecord, EvidenceRecord, IssuerRecord, SigningKeyRecord, StatusListRecord } from './badges.js';
export { NO_ACTIVITY } from './badges.js';

export type Engine = 'sqlite' | 'postgres';
export { DEFAULT_DURABILITY, DURABILITIES, type Durability } from './durability.js';

export interface Storage {
  readonly engine: Engine;
  /** What an acknowledged write survives: PostgreSQL flushes its WAL at every commit (`machine`). */
  readonly durability: Durability;
  /** The Kysely instance (tests inspect tables through it). */
  readonly db: Kysely<Database>;
  readonly spaces: ReturnType<typeof spaceQueries>;
  readonly settings: ReturnType<typeof settingQueries>;
  readonly participants: ReturnType<typeof participantQueries>;
  readonly ideas: ReturnType<typeof ideaQueries>;
  readonly duel: ReturnType<typeof duelQueries>;
  readonly results: ReturnType<typeof resultQueries>;
  readonly board: ReturnType<typeof boardQueries>;
  readonly moderation: ReturnType<typeof moderationQueries>;
  readonly profiles: ReturnType<typeof profileQueries>;
  readonly discussion: ReturnType<typeof discussionQueries>;
  readonly journal: ReturnType<typeof journalQueries>;
  readonly badges: ReturnType<typeof badgeQueries>;
  /**
   * Runs `work` in one transaction: all its writes are committed together or not at all, and transactions run one
   * at a time (SQLite by its nature; PostgreSQL under one advisory lock, across every node), so `work` sees no other
   * transaction's writes half done.
   */
  transaction<T>(work: (tx: Storage) => Promise<T>): Promise<T>;
  /**
   * Runs read-only `work` on one consistent view of the data, without holding up the transactions that write
   * (PostgreSQL: repeatable read, read only, outside their lock; SQLite: a transaction). A write in it fails.
   */
  snapshot<T>(work: (tx: Storage) => Promise<T>): Promise<T>;
  /** Fails when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** SQLite file; its directory is created. */
  dataFile: string;
  /** postgres://… (or postgresql://…): PostgreSQL instead of the SQLite file. */
  databaseUrl?: string;
  /** What an acknowledged write on the SQLite file survives (see `Durability`); PostgreSQL always flushes its WAL. */
  durability?: Durability;
}

export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error('DATABASE_URL (databaseUrl) must start with postgres:// or postgresql://; unset it to use the SQLite file.');
    }
    const db = await openPostgres(options.databaseUrl);
    try {
      await migrate(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return storageOver('postgres', 'machine', db, db);
  }
  const durability = options.durability ?? DEFAULT_DURABILITY;
  const { db, closed } = openSqlite(options.dataFile, durability);
  try {
    await withoutForeignKeys(db, () => migrate(db));
  } catch (error) {
    await db.destroy();
    await closed();
    throw error;
  }
  return storageOver('sqlite', durability, db, db, closed);
}

/** Brings the schema up to the newest migration; running it again on an up-to-date file does nothing. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** Tries of a transaction the database undid as a deadlock before the error is let through. */
const TRANSACTION_ATTEMPTS = 5;
/** The advisory lock every transaction takes: a key of Tori's own, so other users of the database are not held up. */
const TRANSACTION_LOCK = 7_362_515_001;

function storageOver(
  engine: Engine,
  durability: Durability,
  root: Kysely<Database>,
  db: Kysely<Database>,
  closed: () => Promise<void> = () => Promise.resolve(),
): Storage {
  const storage: Storage = {
    engine,
    durability,
    db,
    spaces: spaceQueries(db),
    settings: settingQueries(db),
    participants: participantQueries(db),
    ideas: ideaQueries(db),
    duel: duelQueries(db),
    results: resultQueries(db),
    board: boardQueries(db),
    moderation: moderationQueries(db),
    profiles: profileQueries(db),
    discussion: discussionQueries(db),
    journal: journalQueries(db),
    badges: badgeQueries(db),
    transaction(work) {
      if (db !== root) return work(storage); // already inside one: join it
      if (engine === 'sqlite') return root.transaction().execute((trx) => work(storageOver(engine, durability, root, trx)));
      return oneAtATime(root, (trx) => work(storageOver(engine, durability, root, trx)));
    },
    snapshot(work) {
      if (db !== root || engine === 'sqlite') return storage.transaction(work);
      return root
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute((trx) => work(storageOver(engine, durability, root, trx)));
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await root.destroy();
      await closed();
    },
  };
  return storage;
}

/**
 * One transaction at a time on the database, as SQLite runs them: each takes the same transaction-scoped advisory
 * lock before its first statement, so a check and the write it allows (a report that hides an idea at the
 * threshold, the cap on ideas per participant, a resend found by its request id) see every transaction before
 * them whole and none half done, on every node. Read committed, so each statement sees what committed before it,
 * including what committed while this one waited for the lock. Statements outside transactions run side by side.
 */
async function oneAtATime<T>(root: Kysely<Database>, run: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await root.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${TRANSACTION_LOCK})`.execute(trx);
        return run(trx);
      });
    } catch (error) {
      // A deadlock with a statement outside transactions: the database undid this one, so run it again.
      if (!isRetryable(error) || attempt >= TRANSACTION_ATTEMPTS) throw error;
    }
  }
}
