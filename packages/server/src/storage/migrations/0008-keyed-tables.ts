import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * On SQLite, the tables every answer reads or writes are stored in the order of their primary key (`without rowid`)
 * instead of by a hidden row number beside an index of the key: each lookup, insert and upsert by the key is one
 * b-tree search instead of two (the answers' own SQL took about a third less time in a timing of the statements).
 * Their rows are small, as SQLite advises for such tables. PostgreSQL has no row numbers: nothing changes there.
 */
export const keyedTables: Migration = {
  up: (db) => rebuildAll(db, (create) => `${create} without rowid`),
  down: (db) => rebuildAll(db, (create) => create.replace(/\s+without rowid\s*$/i, '')),
};

/** The duel's tables an answer touches; appearances first, as votes and skips name it. */
const KEYED_TABLES = ['appearances', 'votes', 'skips', 'answer_counts', 'pair_counts'] as const;

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** Every keyed table rebuilt with the definition `define` makes of its own, then every reference checked. */
async function rebuildAll(db: Kysely<any>, define: (create: string) => string): Promise<void> {
  if (!isSqlite(db)) return;
  // With them on, dropping the pairs' table would delete every vote and skip with it (on delete cascade).
  const { rows: enforced } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  if (enforced[0]?.foreign_keys) throw new Error("rebuilding the duel's tables needs foreign keys off (the server migrates so); nothing was changed");
  for (const table of KEYED_TABLES) await rebuild(db, table, define);
  await checkReferences(db);
}

/**
 * SQLite's recipe for changing how a table is stored (foreign keys are off while migrations run): a new table with
 * the new definition, every row copied, the old one dropped, the new one renamed, its indexes made again. Other
 * tables' references name the table, so they hold for the renamed one.
 */
async function rebuild(db: Kysely<any>, table: string, define: (create: string) => string): Promise<void> {
  const { rows } = await sql<{ type: string; sql: string | null }>`
    select type, sql from sqlite_master where tbl_name = ${table} and sql is not null`.execute(db);
  const create = rows.find((row) => row.type === 'table')?.sql;
  if (!create) throw new Error(`table ${table} is missing: cannot rebuild it`);
  const indexes = rows.filter((row) => row.type === 'index').map((row) => row.sql!);
  const renamed = `${table}_rebuilt`;
  const definition = define(create).replace(/^CREATE TABLE\s+("?)[A-Za-z_]+\1/i, `create table "${renamed}"`);
  await sql.raw(definition).execute(db);
  await sql.raw(`insert into "${renamed}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${renamed}" rename to "${table}"`).execute(db);
  for (const index of indexes) await sql.raw(index).execute(db);
}

/** Foreign keys are off during migrations: a reference that does not hold fails the migration, which then changes nothing. */
async function checkReferences(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(db);
  if (rows.length > 0) {
    throw new Error(`${rows.length} row(s) name a row that does not exist (the first: ${rows[0]!.table} naming ${rows[0]!.parent}); nothing was changed`);
  }
}
