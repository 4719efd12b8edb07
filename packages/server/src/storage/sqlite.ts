import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect, sql } from 'kysely';
import type { Durability } from './durability.js';
import type { Database } from './schema.js';

/** SQLite runs DDL inside transactions; saying so makes the migrator run each upgrade all or nothing. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ToriSqliteDialect extends SqliteDialect {
  override createAdapter() {
    return new TransactionalSqliteAdapter();
  }
}

/** Opens (and creates, with its directory) the SQLite file, tuned so an acknowledged write survives what `durability` says. */
export function openSqlite(file: string, durability: Durability): OpenedSqlite {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL: a commit is in the WAL file (the OS keeps it when the process dies) and the checkpointer fsyncs it every
  // CHECKPOINT_INTERVAL_MS, off the event loop; FULL: every commit fsyncs the WAL before it returns.
  sqlite.pragma(`synchronous = ${durability === 'machine' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  // A CLI `space create` may write to the same file while the server runs.
  sqlite.pragma('busy_timeout = 5000');
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(file);
  // Only a backstop: the checkpointer copies the WAL into the file long before it reaches this many pages.
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const checkpointerStopped = checkpointer ? new Promise<void>((resolve) => checkpointer.once('exit', () => resolve())) : Promise.resolve();
  return {
    db: new Kysely<Database>({ dialect: new ToriSqliteDialect({ database: withStatementCache(sqlite, checkpointer) }) }),
    // The checkpointer's connection closes last and so takes the WAL away: a closed file is one file, for backups.
    closed: () => checkpointerStopped,
  };
}

export interface OpenedSqlite {
  db: Kysely<Database>;
  /** Resolves once every connection to the file is closed (after `db.destroy()`). */
  closed(): Promise<void>;
}

/** How often the checkpointer copies committed pages from the WAL into the database file. */
export const CHECKPOINT_INTERVAL_MS = 250;
/** WAL pages (4 KB) past which a commit checkpoints by itself after all (SQLite's own default is 1,000). */
const BACKSTOP_CHECKPOINT_PAGES = 8_000;

/**
 * SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages: it writes up to 4 MB into the
 * database file and fsyncs it on the event loop, which held every vote of that moment for tens of milliseconds
 * (hundreds on a busy disk). A connection of its own in a worker thread does it instead (a passive checkpoint never
 * waits for the writer, nor the writer for it); commits keep fsyncing the WAL as before.
 */
function startCheckpointer(file: string): Worker {
  const worker = new Worker(CHECKPOINTER_SOURCE, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: resolve(file), everyMs: CHECKPOINT_INTERVAL_MS },
  });
  worker.unref(); // never what keeps a process alive
  worker.on('error', () => {}); // the backstop checkpoint still runs; a missing worker only costs latency
  return worker;
}

const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Statements kept prepared; past this the least recently used is dropped (lists of ids make many distinct ones). */
const STATEMENTS_KEPT = 500;

/** Kysely prepares every query anew; parsing the same SQL hundreds of times a second cost a third of a vote. */
function withStatementCache(sqlite: SQLite.Database, checkpointer: Worker | undefined) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(source: string): SQLite.Statement {
      let statement = statements.get(source);
      if (statement) statements.delete(source);
      else statement = sqlite.prepare(source);
      statements.set(source, statement);
      if (statements.size > STATEMENTS_KEPT) statements.delete(statements.keys().next().value!);
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
      // Closed after this connection, the checkpointer's is the last one, which takes the WAL away (see `closed`);
      // held until then. Closing both at once, each saw the other open and the WAL stayed.
      checkpointer?.ref();
      checkpointer?.postMessage('close');
    },
  };
}

/**
 * Runs the migrations with foreign key enforcement off, as SQLite's table rebuild recipe requires (dropping a
 * referenced table would otherwise cascade); a migration that rebuilds checks the references before it commits.
 * The pragma has no effect inside a transaction, so it is set around the migrator's one.
 */
export async function withoutForeignKeys<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    return await work();
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
