// What only PostgreSQL has to prove: choosing it, its migrations on an old database, its types, and that concurrent
// transactions (which SQLite never runs) keep the same rules.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { IDEAS_PER_PARTICIPANT_MAX } from '../src/ideas.js';
import { createServer } from '../src/index.js';
import { initial } from '../src/storage/migrations/0001-initial.js';
import { migrationProvider } from '../src/storage/migrations/index.js';
import { call, freshDatabase, makeSpace, newParticipant, nextPair, removeTempDirs, startServer, tempDir, vote } from './helpers.js';

afterAll(removeTempDirs);

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const T = (minute: number) => `2026-05-04T10:${String(minute).padStart(2, '0')}:00.000Z`;

async function allMigrations(): Promise<string[]> {
  return Object.keys(await migrationProvider.getMigrations()).sort();
}

describe('the PostgreSQL engine', () => {
  it('is chosen by databaseUrl and migrates a fresh database', async () => {
    const databaseUrl = await freshDatabase();
    const server = await createServer({ databaseUrl, dataFile: '/nonexistent/never-created.db', logger: false });
    const tables = (await server.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['spaces', 'ideas', 'appearances', 'votes', 'supports', 'reports', 'moderation_log']));
    const done = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(server.db);
    expect(done.rows.map((r) => r.name)).toEqual(await allMigrations());
    const version = await sql<{ v: string }>`select version() as v`.execute(server.db);
    expect(version.rows[0]!.v).toMatch(/^PostgreSQL/);
    await server.close();
  });

  it('refuses an address that is not postgres:// and an unreachable server, naming it without its password', async () => {
    await expect(createServer({ databaseUrl: 'mysql://localhost/tori', logger: false })).rejects.toThrow(/must start with postgres:\/\//);
    const failure = createServer({ databaseUrl: 'postgres://tori:hunter2secret@127.0.0.1:1/tori', logger: false });
    await expect(failure).rejects.toThrow(/cannot reach PostgreSQL at 127\.0\.0\.1:1\/tori/);
    await expect(failure).rejects.not.toThrow(/hunter2secret/);
  });

  it('commits synchronously and answers counts as numbers', async () => {
    const running = await startServer({ databaseUrl: await freshDatabase() });
    const setting = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(running.server.db);
    expect(setting.rows[0]!.synchronous_commit).toBe('on');
    const count = await sql<{ n: unknown }>`select count(*) as n from spaces`.execute(running.server.db);
    expect(count.rows[0]!.n).toBe(0);
    await running.close();
  });

  it('lets two nodes start on one new database at once, migrating it once', async () => {
    const databaseUrl = await freshDatabase();
    const [one, two] = await Promise.all([createServer({ databaseUrl, logger: false }), createServer({ databaseUrl, logger: false })]);
    const done = await sql<{ name: string }>`select name from kysely_migration`.execute(one.db);
    expect(done.rows.map((r) => r.name).sort()).toEqual(await allMigrations());
    // Both sign with the one secret: a token from one node is good on the other.
    const urlOne = await one.listen({ port: 0 });
    const urlTwo = await two.listen({ port: 0 });
    const { space } = await makeSpace(one);
    const { token } = await newParticipant(urlOne);
    expect((await nextPair(urlTwo, space.id, token)).status).toBe(200);
    await Promise.all([one.close(), two.close()]);
  });

  it('upgrades a database of the first release, keeping its rows (the ALTER path of 0002)', async () => {
    const databaseUrl = await freshDatabase();
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ '0001-initial': initial }) } });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
    await db
      .insertInto('spaces')
      .values({ id: 'old', title: 'Vanha', question: 'Kumpi?', voting_open: 1, ideas_need_approval: 0, allowed_origins: '["*"]', admin_key_hash: 'a'.repeat(64), created_at: T(0) })
      .execute();
    await db.insertInto('participants').values({ id: 'p1', created_at: T(1) }).execute();
    const idea = (id: string, text: string, status: string, minute: number) => ({
      id, space_id: 'old', text, text_key: text.toLowerCase(), status, author_id: 'p1', created_at: T(minute), moderated_at: null,
    });
    await db.insertInto('ideas').values([idea('i-a', 'Joukkoliikenne', 'approved', 2), idea('i-b', 'Lähiluonto', 'approved', 3), idea('i-c', 'Roskaa', 'hidden', 4)]).execute();
    await db.insertInto('appearances').values({ id: 'ap-1', space_id: 'old', participant_id: 'p1', left_idea_id: 'i-a', right_idea_id: 'i-b', issued_at: T(5), answered_at: T(6) }).execute();
    await db.insertInto('votes').values({ appearance_id: 'ap-1', space_id: 'old', participant_id: 'p1', winner_id: 'i-b', loser_id: 'i-a', created_at: T(6) }).execute();
    await db
      .insertInto('moderation_log')
      .values([
        { id: 'm-1', space_id: 'old', idea_id: 'i-c', action: 'hidden', previous_status: 'approved', at: T(7) },
        { id: 'm-2', space_id: 'old', idea_id: 'i-c', action: 'approved', previous_status: 'hidden', at: T(8) },
      ])
      .execute();
    await db.destroy();

    const server = await createServer({ databaseUrl, logger: false });
    const log = await server.db.selectFrom('moderation_log').select(['id', 'action', 'actor', 'detail']).orderBy('id').execute();
    expect(log).toEqual([
      { id: 'm-1', action: 'hide', actor: 'facilitator', detail: '{"previousStatus":"approved"}' },
      { id: 'm-2', action: 'restore', actor: 'facilitator', detail: '{"previousStatus":"hidden"}' },
    ]);
    const ideas = await server.db.selectFrom('ideas').select(['id', 'pinned', 'merged_into']).orderBy('id').execute();
    expect(ideas).toEqual([
      { id: 'i-a', pinned: 0, merged_into: null },
      { id: 'i-b', pinned: 0, merged_into: null },
      { id: 'i-c', pinned: 0, merged_into: null },
    ]);
    await server.db.updateTable('ideas').set({ status: 'merged', merged_into: 'i-a' }).where('id', '=', 'i-c').execute();
    await expect(server.db.updateTable('ideas').set({ status: 'deleted' as never }).where('id', '=', 'i-a').execute()).rejects.toThrow(/ideas_status_known/);
    const url = await server.listen({ port: 0 });
    const results = await call(url, '/api/spaces/old/results');
    expect(results.body).toMatchObject({ votes: 1, participants: 1 });
    expect(results.body.ideas[0].id).toBe('i-b');
    await server.close();
  });
});

describe('concurrent requests on PostgreSQL', () => {
  it('store one answer when a pair is answered many times at once', async () => {
    const running = await startServer({ databaseUrl: await freshDatabase() });
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const { appearance } = (await nextPair(running.url, space.id, token)).body;
    const answers = await Promise.all(Array.from({ length: 6 }, () => vote(running.url, appearance.id, appearance.left.id, token)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const stored = await running.server.db.selectFrom('votes').selectAll().where('appearance_id', '=', appearance.id).execute();
    expect(stored).toHaveLength(1);
    await running.close();
  });

  it('hide an idea once when the reports that reach the threshold arrive together', async () => {
    const running = await startServer({ databaseUrl: await freshDatabase() });
    const { space } = await makeSpace(running.server, { hideAfterReports: 3 });
    const board = await call(running.url, `/api/spaces/${space.id}/board`);
    const idea = board.body.ideas[0];
    const reporters = await Promise.all([1, 2, 3, 4].map(() => newParticipant(running.url)));
    const answers = await Promise.all(
      reporters.map((r) => call(running.url, `/api/spaces/${space.id}/ideas/${idea.id}/reports`, { body: { reason: 'spam' }, token: r.token })),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const stored = await running.server.db.selectFrom('ideas').select('status').where('id', '=', idea.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('hidden');
    const hides = await running.server.db.selectFrom('moderation_log').select('action').where('idea_id', '=', idea.id).execute();
    expect(hides).toEqual([{ action: 'auto_hide' }]);
    await running.close();
  });

  it('hold the cap on ideas per participant when the last ones are sent together', async () => {
    const running = await startServer({ databaseUrl: await freshDatabase() });
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const post = (text: string) => call(running.url, `/api/spaces/${space.id}/ideas`, { body: { text }, token });
    for (let i = 0; i < IDEAS_PER_PARTICIPANT_MAX - 2; i++) expect((await post(`Idea ${i}`)).status).toBe(201);
    // Run side by side, each of these would count 48 before writing; one at a time, the third sees the cap full.
    const last = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => post(`Last idea ${i}`)));
    expect(last.map((a) => a.status).sort()).toEqual([201, 201, 429, 429, 429, 429]);
    const stored = await running.server.db.selectFrom('ideas').select('id').where('space_id', '=', space.id).where('author_id', 'is not', null).execute();
    expect(stored).toHaveLength(IDEAS_PER_PARTICIPANT_MAX);
    await running.close();
  });

  it('wait for a transaction of another node, while results are read from a snapshot without waiting', async () => {
    const databaseUrl = await freshDatabase();
    const running = await startServer({ databaseUrl });
    const { space, adminKey } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const { appearance } = (await nextPair(running.url, space.id, token)).body;
    const earlier = await newParticipant(running.url);
    const earlierPair = (await nextPair(running.url, space.id, earlier.token)).body.appearance;
    await vote(running.url, earlierPair.id, earlierPair.left.id, earlier.token); // results are stale now
    // Another node in the middle of a transaction: it holds the lock every transaction takes.
    const other = new pg.Client({ connectionString: databaseUrl });
    await other.connect();
    await other.query('begin');
    await other.query('select pg_advisory_xact_lock(7362515001)');
    let voted = false;
    const voting = vote(running.url, appearance.id, appearance.left.id, token).then((answer) => {
      voted = true;
      return answer;
    });
    // A node started now has no results cached: it computes them, and an export reads too, both beside the lock.
    const fresh = await startServer({ databaseUrl });
    expect((await call(fresh.url, `/api/spaces/${space.id}/results`)).body.votes).toBe(1);
    expect((await call(fresh.url, `/api/spaces/${space.id}/export?format=json`, { key: adminKey })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(voted).toBe(false);
    await other.query('commit');
    expect((await voting).status).toBe(201);
    await other.end();
    expect((await call(running.url, `/api/spaces/${space.id}/results`)).body.votes).toBe(2);
    await Promise.all([running.close(), fresh.close()]);
  });

  it('keep a space to distinct texts when the same idea is sent by many at once', async () => {
    const running = await startServer({ databaseUrl: await freshDatabase() });
    const { space } = await makeSpace(running.server);
    const people = await Promise.all([1, 2, 3, 4, 5].map(() => newParticipant(running.url)));
    const answers = await Promise.all(
      people.map((p, i) => call(running.url, `/api/spaces/${space.id}/ideas`, { body: { text: i % 2 ? 'UIMAHALLI' : 'Uimahalli' }, token: p.token })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const stored = await running.server.db.selectFrom('ideas').select('id').where('space_id', '=', space.id).where('text_key', '=', 'uimahalli').execute();
    expect(stored).toHaveLength(1);
    await running.close();
  });
});

describe('the CLI on PostgreSQL', () => {
  function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, cwd: tempDir() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('creates a space and exports it from the database of DATABASE_URL', async () => {
    const DATABASE_URL = await freshDatabase();
    const created = await run(['space', 'create', '--id', 'kaupunki', '--title', 'Kaupunki', '--question', 'Kumpi?', '--idea', 'Puistot', '--idea', 'Kirjastot'], { DATABASE_URL });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const exported = await run(['export', '--space', 'kaupunki', '--format', 'json'], { DATABASE_URL });
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout).ideas.map((i: { title: string }) => i.title).sort()).toEqual(['Kirjastot', 'Puistot']);
    const missing = await run(['export', '--space', 'no-such', '--format', 'csv'], { DATABASE_URL });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no space "no-such" in the database of DATABASE_URL/);
  });
});
