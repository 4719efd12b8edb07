/**
 * The one door to stored data. Routes and domain modules call these methods and never see SQL; every query is
 * built with Kysely's query builder so a PostgreSQL engine can reuse them.
 */
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { boardQueries } from './board.js';
import { discussionQueries } from './discussion.js';
import { duelQueries } from './duel.js';
import { ideaQueries } from './ideas.js';
import { journalQueries } from './journal.js';
import { migrationProvider } from './migrations/index.js';
import { moderationQueries } from './moderation.js';
import { participantQueries } from './participants.js';
import { profileQueries } from './profiles.js';
import { resultQueries } from './results.js';
import type { Database } from './schema.js';
import { settingQueries } from './settings.js';
import { spaceQueries } from './spaces.js';
import { openSqlite, withoutForeignKeys } from './sqlite.js';

export type * from './records.js';
export { UniqueViolation } from './records.js';
export { LIVE_STATUSES, ideaTextKey } from './ideas.js';
export type { Database } from './schema.js';
export type { AuthoredPost, DiscussionAction, LogEntryRecord, PostChanges, PostRecord, TopicRecord } from './discussion.js';
export type { ProfileRecord } from './profiles.js';
export type { JournalRecord, ReflectionRecord } from './journal.js';

export interface Storage {
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
  /** Runs `work` in one transaction: all its writes are committed together or not at all. */
  transaction<T>(work: (tx: Storage) => Promise<T>): Promise<T>;
  /** Fails when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** SQLite file; its directory is created. */
  dataFile: string;
  /** postgres://… — reserved for the PostgreSQL engine. */
  databaseUrl?: string;
}

export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.databaseUrl) {
    throw new Error(
      'PostgreSQL engine not available yet: unset DATABASE_URL (databaseUrl) to use the SQLite file instead.',
    );
  }
  const db = openSqlite(options.dataFile);
  try {
    await withoutForeignKeys(db, () => migrate(db));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return storageOver(db, db);
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

function storageOver(root: Kysely<Database>, db: Kysely<Database>): Storage {
  const storage: Storage = {
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
    transaction(work) {
      if (db !== root) return work(storage); // already inside one: join it
      return root.transaction().execute((trx) => work(storageOver(root, trx)));
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await root.destroy();
    },
  };
  return storage;
}
