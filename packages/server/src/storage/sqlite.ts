import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect, sql } from 'kysely';
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

/** Opens (and creates, with its directory) the SQLite file, tuned so an acknowledged write survives a crash. */
export function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL fsyncs the WAL on every commit: an answered vote is on disk, not only in the OS cache.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // A CLI `space create` may write to the same file while the server runs.
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new ToriSqliteDialect({ database: withStatementCache(sqlite) }) });
}

/** Statements kept prepared; past this the least recently used is dropped (lists of ids make many distinct ones). */
const STATEMENTS_KEPT = 500;

/** Kysely prepares every query anew; parsing the same SQL hundreds of times a second cost a third of a vote. */
function withStatementCache(sqlite: SQLite.Database) {
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
