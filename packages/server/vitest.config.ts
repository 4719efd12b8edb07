import { defineConfig } from 'vitest/config';

/** Test files that hold the server to its storage and run on both engines. */
const BOTH_ENGINES = ['test/**/*.test.ts'];
/** Tests of the SQLite file itself (pragmas, migrating an old file, the CLI on a data file): SQLite only. */
const SQLITE_ONLY = ['test/storage.test.ts', 'test/migration.test.ts', 'test/cli.test.ts'];
/** PostgreSQL's own tests, and several nodes on PostgreSQL + Redis: only in the postgres project. */
const POSTGRES_ONLY = ['test/postgres*.test.ts', 'test/nodes*.test.ts'];

const postgres = process.env.TORI_TEST_POSTGRES;
if (!postgres) {
  // CI runs every test on both engines: a missing database there is a broken CI, not a reason to skip.
  if (process.env.CI) throw new Error('TORI_TEST_POSTGRES is not set: CI runs the server tests on PostgreSQL too (see .ci/run).');
  console.warn(
    '\n@tori/server: skipped: PostgreSQL not available (set TORI_TEST_POSTGRES=postgres://user@host:port/postgres, ' +
      'and TORI_TEST_REDIS=redis://host:port for the several-nodes test, to run the server tests on PostgreSQL too).\n',
  );
}

const shared = {
  // Real SQLite files with fsync on every commit, real sockets and child processes: slower than unit tests.
  testTimeout: 20_000,
  hookTimeout: 30_000,
  globalSetup: ['test/global-setup.ts'],
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'sqlite', include: BOTH_ENGINES, exclude: POSTGRES_ONLY } },
      ...(postgres
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                include: [...BOTH_ENGINES, ...POSTGRES_ONLY],
                exclude: SQLITE_ONLY,
                env: { TORI_TEST_ENGINE: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
