import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { makeSpace, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('storage', () => {
  it('creates the file and its directories, and migrates a fresh file', async () => {
    const dataFile = join(tempDir(), 'nested', 'deeper', 'tori.db');
    const server = await createServer({ dataFile, logger: false });
    const tables = await server.db.introspection.getTables();
    // Later migrations add tables of their own; these are the foundation's, the board's and the discussions'.
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'appearances', 'ideas', 'moderation_log', 'participants', 'reports', 'server_settings', 'skips', 'spaces', 'supports', 'votes',
        'profiles', 'host_logins', 'integration_secrets', 'topics', 'posts', 'post_reactions', 'post_reports', 'discussion_log',
        'answer_counts', 'pair_counts',
      ]),
    );
    await server.close();
  });

  it('re-opens a migrated file without migrating again, keeping its data', async () => {
    const dataFile = join(tempDir(), 'tori.db');
    const first = await createServer({ dataFile, logger: false });
    const { space } = await makeSpace(first, { id: 'kept' });
    const migrated = await first.db.selectFrom('kysely_migration' as never).selectAll().execute();
    await first.close();

    const second = await createServer({ dataFile, logger: false });
    const migrations = await second.db.selectFrom('kysely_migration' as never).selectAll().execute();
    expect(migrations).toEqual(migrated);
    const ideas = await second.db.selectFrom('ideas').select('text').where('space_id', '=', space.id).execute();
    expect(ideas).toHaveLength(4);
    await second.close();
  });

  it('runs SQLite in WAL mode with foreign keys, syncing as its durability says', async () => {
    const dataFile = join(tempDir(), 'tori.db');
    const server = await createServer({ dataFile, logger: false });
    const pragma = async (name: string, on = server) => Object.values((await sql.raw(`pragma ${name}`).execute(on.db)).rows[0] as object)[0];
    expect(await pragma('synchronous')).toBe(1); // NORMAL: the checkpointer fsyncs the WAL, commits do not
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBeGreaterThan(0);
    const machine = await createServer({ dataFile: join(tempDir(), 'tori.db'), durability: 'machine', logger: false });
    expect(await pragma('synchronous', machine)).toBe(2); // FULL: every commit fsyncs the WAL
    await machine.close();
    await server.close();
    const sqlite = new SQLite(dataFile, { readonly: true });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    sqlite.close();
  });

  it('keeps the generated token secret across restarts', async () => {
    const dataFile = join(tempDir(), 'tori.db');
    const first = await createServer({ dataFile, logger: false });
    const url1 = await first.listen({ port: 0 });
    const issued = (await (await fetch(`${url1}/api/participants`, { method: 'POST' })).json()) as { token: string };
    await first.close();

    const second = await createServer({ dataFile, logger: false });
    const url2 = await second.listen({ port: 0 });
    const { space } = await makeSpace(second);
    const answer = await fetch(`${url2}/api/spaces/${space.id}/appearances`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.token}` },
    });
    expect(answer.status).toBe(200);
    await second.close();
  });

  it('refuses a database address that is neither a file nor postgres://', async () => {
    await expect(createServer({ databaseUrl: 'mysql://localhost/tori', logger: false })).rejects.toThrow(
      /must start with postgres:\/\/ or postgresql:\/\//,
    );
  });

  it('refuses a configured secret that is too short', async () => {
    await expect(createServer({ dataFile: join(tempDir(), 'tori.db'), secret: 'short', logger: false })).rejects.toThrow(
      /at least 32 characters/,
    );
  });
});

describe('demo space', () => {
  it('is created on the first start only', async () => {
    const dataFile = join(tempDir(), 'tori.db');
    const first = await createServer({ dataFile, logger: false, seedDemo: true });
    expect(first.seededDemo?.space.id).toBe('demo');
    expect(first.seededDemo?.space.ideaCount).toBeGreaterThanOrEqual(6);
    expect(first.seededDemo?.space.allowedOrigins).toEqual(['*']);
    expect(first.seededDemo?.adminKey).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    await first.close();

    const second = await createServer({ dataFile, logger: false, seedDemo: true });
    expect(second.seededDemo).toBeNull();
    // The demo page's space and the course page's, once each.
    const spaces = await second.db.selectFrom('spaces').select('id').orderBy('id').execute();
    expect(spaces).toEqual([{ id: 'demo' }, { id: 'kurssi' }]);
    await second.close();
  });

  it('is not created unless asked for', async () => {
    const server = await createServer({ dataFile: join(tempDir(), 'tori.db'), logger: false });
    expect(server.seededDemo).toBeNull();
    expect(await server.db.selectFrom('spaces').select('id').execute()).toEqual([]);
    await server.close();
  });
});
