import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

/** Connections one process keeps open: enough for bursts of writes, few enough for several nodes on one database. */
const POOL_SIZE = 10;

/** Type ids of PostgreSQL's int8 (count(*) and bigint) and numeric, which pg hands over as strings by default. */
const INT8 = 20;
const NUMERIC = 1700;

/**
 * Per pool rather than pg.types.setTypeParser: a host application's own pg clients keep their parsers. Counts are
 * far below 2^53, so a JavaScript number holds them exactly, as SQLite's integers are.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if ((oid === INT8 || oid === NUMERIC) && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Opens a pool on the database and checks that it answers, so a wrong address fails at start, not at the first vote. */
export async function openPostgres(url: string): Promise<Kysely<Database>> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, types, application_name: 'tori-server' });
  // An idle connection that drops (a database restart) is replaced by the pool; without a listener it would crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      // An acknowledged write is on disk: no configuration of the database or role can turn this off for us.
      onCreateConnection: async (connection) => {
        await connection.executeQuery(CompiledQuery.raw('set synchronous_commit = on'));
      },
    }),
  });
  try {
    await db.executeQuery(CompiledQuery.raw('select 1'));
  } catch (error) {
    await db.destroy();
    throw new Error(`cannot reach PostgreSQL at ${describeUrl(url)}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return db;
}

/** The address without its password, for error messages and logs. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the DATABASE_URL given (not a valid postgres:// address)';
  }
}

/** PostgreSQL's codes for "run it again": a serialization failure and a deadlock. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}
