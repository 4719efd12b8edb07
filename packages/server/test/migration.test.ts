import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { SignJWT } from 'jose';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { initial } from '../src/storage/migrations/0001-initial.js';
import { board } from '../src/storage/migrations/0002-board.js';
import { migrationProvider } from '../src/storage/migrations/index.js';
import { call, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const T = (minute: number) => `2026-05-04T10:${String(minute).padStart(2, '0')}:00.000Z`;

/** A data file as a 0.1 server left it: only migration 0001, with a bit of everything in it. */
async function fileOfVersion1(extra?: (db: Kysely<any>) => Promise<void>): Promise<string> {
  const dataFile = join(tempDir(), 'tori.db');
  const db = migratable(dataFile);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ '0001-initial': initial }) } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  await db
    .insertInto('server_settings')
    .values([{ key: 'demo_seeded_at', value: T(0) }, { key: 'token_secret', value: 's'.repeat(43) }])
    .execute();
  await db
    .insertInto('spaces')
    .values([
      { id: 'old', title: 'Vanha', question: 'Kumpi?', voting_open: 1, ideas_need_approval: 1, allowed_origins: '["*"]', admin_key_hash: 'a'.repeat(64), created_at: T(0) },
      { id: 'other', title: 'Toinen', question: 'Which?', voting_open: 0, ideas_need_approval: 0, allowed_origins: '[]', admin_key_hash: 'b'.repeat(64), created_at: T(1) },
    ])
    .execute();
  await db.insertInto('participants').values([{ id: 'p1', created_at: T(1) }, { id: 'p2', created_at: T(2) }]).execute();
  const idea = (id: string, space_id: string, text: string, status: string, author_id: string | null, minute: number, moderated_at: string | null = null) => ({
    id, space_id, text, text_key: text.toLowerCase(), status, author_id, created_at: T(minute), moderated_at,
  });
  await db
    .insertInto('ideas')
    .values([
      idea('i-a', 'old', 'Joukkoliikenne', 'approved', null, 2),
      idea('i-b', 'old', 'Lähiluonto', 'approved', 'p1', 3, T(4)),
      idea('i-c', 'old', 'Kirjastot', 'pending', 'p2', 5),
      idea('i-d', 'old', 'Roskaa', 'hidden', 'p2', 6, T(7)),
      // 0001 let a hidden idea share the text of a live one.
      idea('i-e', 'old', 'joukkoliikenne', 'hidden', 'p1', 8, T(9)),
      idea('i-f', 'other', 'Pyörätiet', 'approved', null, 9),
    ])
    .execute();
  await db
    .insertInto('appearances')
    .values([
      { id: 'ap-1', space_id: 'old', participant_id: 'p1', left_idea_id: 'i-a', right_idea_id: 'i-b', issued_at: T(10), answered_at: T(11) },
      { id: 'ap-2', space_id: 'old', participant_id: 'p2', left_idea_id: 'i-b', right_idea_id: 'i-a', issued_at: T(10), answered_at: T(12) },
      { id: 'ap-3', space_id: 'old', participant_id: 'p2', left_idea_id: 'i-a', right_idea_id: 'i-b', issued_at: T(13), answered_at: null },
    ])
    .execute();
  await db.insertInto('votes').values({ appearance_id: 'ap-1', space_id: 'old', participant_id: 'p1', winner_id: 'i-b', loser_id: 'i-a', created_at: T(11) }).execute();
  await db.insertInto('skips').values({ appearance_id: 'ap-2', space_id: 'old', participant_id: 'p2', reason: 'other', note: 'vaikea', created_at: T(12) }).execute();
  await db
    .insertInto('moderation_log')
    .values([
      { id: 'm-1', space_id: 'old', idea_id: 'i-b', action: 'approved', previous_status: 'pending', at: T(4) },
      { id: 'm-2', space_id: 'old', idea_id: 'i-d', action: 'hidden', previous_status: 'approved', at: T(7) },
      { id: 'm-3', space_id: 'old', idea_id: 'i-d', action: 'approved', previous_status: 'hidden', at: T(8) },
      { id: 'm-4', space_id: 'old', idea_id: 'i-d', action: 'hidden', previous_status: 'approved', at: T(9) },
    ])
    .execute();
  await extra?.(db);
  await db.destroy();
  return dataFile;
}

const OLD_TABLES = ['server_settings', 'spaces', 'participants', 'ideas', 'appearances', 'votes', 'skips'] as const;
/** Each table's key, the order its rows were written in here (0008 stores some without row numbers). */
const KEY_OF: Record<string, string> = { server_settings: 'key', votes: 'appearance_id', skips: 'appearance_id' };

/** The data file as the server migrates it: foreign keys off, which SQLite's table rebuilds need. */
function migratable(dataFile: string): Kysely<any> {
  const sqlite = new SQLite(dataFile);
  sqlite.pragma('foreign_keys = off');
  return new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
}

function rowsOf(dataFile: string): Record<string, Record<string, unknown>[]> {
  const sqlite = new SQLite(dataFile, { readonly: true });
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const table of [...OLD_TABLES, 'moderation_log']) {
    rows[table] = sqlite.prepare(`select * from ${table} order by ${KEY_OF[table] ?? 'id'}`).all() as Record<string, unknown>[];
  }
  sqlite.close();
  return rows;
}

describe('migration 0002 (the board)', () => {
  it('keeps every row of a 0001 database, with the new columns at their defaults', async () => {
    const dataFile = await fileOfVersion1();
    const before = rowsOf(dataFile);

    const server = await createServer({ dataFile, logger: false });
    const migrations = await server.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    const names = migrations.map((m) => (m as { name: string }).name);
    expect(names.slice(0, 3)).toEqual(['0001-initial', '0002-board', '0003-discussion']);
    await server.close();
    const after = rowsOf(dataFile);

    // 0006 dropped the pairs' answered_at (their vote or skip says it): every other old column keeps its value.
    for (const row of before.appearances!) delete row.answered_at;
    for (const table of OLD_TABLES) {
      expect(after[table], table).toHaveLength(before[table]!.length);
      after[table]!.forEach((row, i) => expect(row, `${table} row ${i}`).toMatchObject(before[table]![i]!));
    }
    expect(after.spaces!.map(({ board_open, named_posting, hide_after_reports, categories }) => ({ board_open, named_posting, hide_after_reports, categories }))).toEqual([
      { board_open: 1, named_posting: 0, hide_after_reports: 3, categories: '[]' },
      { board_open: 1, named_posting: 0, hide_after_reports: 3, categories: '[]' },
    ]);
    for (const idea of after.ideas!) {
      expect(idea).toMatchObject({ description: null, category: null, author_name: null, pinned: 0, edited_at: null, merged_into: null, request_id: null });
    }
    // The old log reads as the new one: actions, the facilitator as actor, the previous status as detail.
    expect(after.moderation_log).toEqual([
      { id: 'm-1', space_id: 'old', idea_id: 'i-b', action: 'approve', actor: 'facilitator', detail: '{"previousStatus":"pending"}', at: T(4) },
      { id: 'm-2', space_id: 'old', idea_id: 'i-d', action: 'hide', actor: 'facilitator', detail: '{"previousStatus":"approved"}', at: T(7) },
      { id: 'm-3', space_id: 'old', idea_id: 'i-d', action: 'restore', actor: 'facilitator', detail: '{"previousStatus":"hidden"}', at: T(8) },
      { id: 'm-4', space_id: 'old', idea_id: 'i-d', action: 'hide', actor: 'facilitator', detail: '{"previousStatus":"approved"}', at: T(9) },
    ]);
  });

  it('leaves a sound schema: references, the new status, indexes, foreign keys on', async () => {
    const dataFile = await fileOfVersion1();
    const server = await createServer({ dataFile, logger: false });
    const db = server.db;
    const pragma = async (text: string) => (await sql.raw(`pragma ${text}`).execute(db)).rows as Record<string, unknown>[];
    expect(await pragma('foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    expect(await pragma('foreign_key_check')).toEqual([]);
    expect(await pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    for (const table of ['appearances', 'votes', 'supports', 'reports', 'moderation_log']) {
      expect((await pragma(`foreign_key_list(${table})`)).map((fk) => fk.table), table).toContain('ideas');
    }
    expect((await pragma('foreign_key_list(ideas)')).map((fk) => fk.table).sort()).toEqual(['ideas', 'participants', 'spaces']);
    const indexes = (await pragma('index_list(ideas)')).map((i) => i.name);
    expect(indexes).toEqual(expect.arrayContaining(['ideas_by_space_status', 'ideas_live_text_unique', 'ideas_request_unique', 'ideas_by_author']));

    await db.updateTable('ideas').set({ status: 'merged', merged_into: 'i-a' }).where('id', '=', 'i-c').execute();
    await expect(db.updateTable('ideas').set({ status: 'deleted' as never }).where('id', '=', 'i-a').execute()).rejects.toThrow(/CHECK/);
    await expect(db.updateTable('ideas').set({ merged_into: 'no-such-idea' }).where('id', '=', 'i-a').execute()).rejects.toThrow(/FOREIGN KEY/);
    // Hidden and merged ideas free their text; approved and pending ones hold it.
    await expect(db.updateTable('ideas').set({ status: 'approved' }).where('id', '=', 'i-e').execute()).rejects.toThrow(/UNIQUE/);
    await server.close();
  });

  it('serves the old data: the board, the results and the old pair', async () => {
    const dataFile = await fileOfVersion1();
    const server = await createServer({ dataFile, logger: false });
    const url = await server.listen({ port: 0 });
    const board = await call(url, '/api/spaces/old/board');
    expect(board.status).toBe(200);
    expect(board.body.ideas.map((i: { id: string }) => i.id)).toEqual(['i-b', 'i-a']); // newest first
    expect(board.body.ideas[0]).toMatchObject({ text: 'Lähiluonto', comparisons: 1, supports: 0, pinned: false });
    const results = await call(url, '/api/spaces/old/results');
    expect(results.body).toMatchObject({ votes: 1, skips: 1, participants: 2 });
    expect(results.body.ideas[0].id).toBe('i-b');
    // p2's token from before the upgrade still answers the pair p2 held.
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('p2')
      .setAudience('tori:participant')
      .sign(new TextEncoder().encode('s'.repeat(43)));
    const answer = await call(url, '/api/appearances/ap-3/vote', { body: { winnerId: 'i-a' }, token });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ duplicate: false, answeredByYou: 2 });
    await server.close();
  });

  it('is all or nothing: a failure half way leaves the 0001 database as it was', async () => {
    // A table in the way makes the migration fail after it has already rebuilt `ideas`.
    const dataFile = await fileOfVersion1(async (db) => {
      await db.schema.createTable('reports').addColumn('x', 'text').execute();
    });
    const before = rowsOf(dataFile);
    await expect(createServer({ dataFile, logger: false })).rejects.toThrow(/migration 0002-board failed/);

    const sqlite = new SQLite(dataFile, { readonly: true });
    const columns = (sqlite.prepare('pragma table_info(ideas)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('pinned');
    expect(sqlite.prepare('select name from kysely_migration').all()).toEqual([{ name: '0001-initial' }]);
    expect(sqlite.prepare("select count(*) as n from sqlite_master where name = 'supports'").get()).toEqual({ n: 0 });
    sqlite.close();
    expect(rowsOf(dataFile)).toEqual(before);
  });

  it('has a PostgreSQL path made of ALTERs only (compiled here; the engine comes later)', async () => {
    const statements: string[] = [];
    const db = new Kysely<any>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
      log: (event) => {
        statements.push(event.query.sql);
      },
    });
    await board.up(db);
    const text = statements.join(';\n');
    expect(text).not.toMatch(/pragma|_next|drop table/i);
    expect(text).toContain('alter table "ideas" drop constraint "ideas_status_known"');
    expect(text).toContain(`alter table "ideas" add constraint "ideas_status_known" check (status in ('approved', 'pending', 'hidden', 'merged'))`);
    expect(text).toContain('alter table "moderation_log" alter column "idea_id" drop not null');
    expect(text).toMatch(/update "moderation_log" set "action" = case when action = 'hidden'/);
    expect(text).toContain('alter table "moderation_log" drop column "previous_status"');
    await db.destroy();
  });
});

describe('migration 0006 (a pair is answered by its vote or skip)', () => {
  it('keeps which pairs were answered, and when, and undoes cleanly', async () => {
    const dataFile = await fileOfVersion1();
    const server = await createServer({ dataFile, logger: false });
    const url = await server.listen({ port: 0 });
    const p1 = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('p1')
      .setAudience('tori:participant')
      .sign(new TextEncoder().encode('s'.repeat(43)));
    // p1's voted pair stays answered: the same vote is a duplicate, the other one a conflict.
    expect((await call(url, '/api/appearances/ap-1/vote', { body: { winnerId: 'i-b' }, token: p1 })).body).toMatchObject({ duplicate: true, answeredByYou: 1 });
    expect((await call(url, '/api/appearances/ap-1/vote', { body: { winnerId: 'i-a' }, token: p1 })).status).toBe(409);
    await server.close();

    const sqlite = new SQLite(dataFile, { readonly: true });
    expect((sqlite.prepare('pragma table_info(appearances)').all() as { name: string }[]).map((c) => c.name)).not.toContain('answered_at');
    expect((sqlite.prepare('pragma index_info(appearances_by_participant)').all() as { name: string }[]).map((c) => c.name)).toEqual(['space_id', 'participant_id']);
    sqlite.close();

    // Down again: answered_at comes back from the answers, as 0001 wrote it.
    const db = migratable(dataFile);
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0005-badges');
    expect(error).toBeUndefined();
    const pairs = await db.selectFrom('appearances').select(['id', 'answered_at']).orderBy('id').execute();
    expect(pairs).toEqual([
      { id: 'ap-1', answered_at: T(11) },
      { id: 'ap-2', answered_at: T(12) },
      { id: 'ap-3', answered_at: null },
    ]);
    await db.destroy();
  });
});

describe('migration 0007 (answers and pairs counted in tables of their own)', () => {
  it('counts the answers stored before it, serves them, and undoes cleanly', async () => {
    const dataFile = await fileOfVersion1(async (db) => {
      await db
        .insertInto('appearances')
        .values([
          { id: 'ap-4', space_id: 'old', participant_id: 'p1', left_idea_id: 'i-a', right_idea_id: 'i-b', issued_at: T(14), answered_at: T(15) },
          { id: 'ap-5', space_id: 'old', participant_id: 'p2', left_idea_id: 'i-b', right_idea_id: 'i-a', issued_at: T(14), answered_at: T(16) },
          { id: 'ap-6', space_id: 'old', participant_id: 'p1', left_idea_id: 'i-a', right_idea_id: 'i-b', issued_at: T(16), answered_at: null },
        ])
        .execute();
      await db
        .insertInto('votes')
        .values([
          { appearance_id: 'ap-4', space_id: 'old', participant_id: 'p1', winner_id: 'i-b', loser_id: 'i-a', created_at: T(15) },
          { appearance_id: 'ap-5', space_id: 'old', participant_id: 'p2', winner_id: 'i-a', loser_id: 'i-b', created_at: T(16) },
        ])
        .execute();
    });
    const server = await createServer({ dataFile, logger: false });
    const url = await server.listen({ port: 0 });
    const tokenOf = (participant: string) =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(participant).setAudience('tori:participant').sign(new TextEncoder().encode('s'.repeat(43)));
    // p1 voted twice before: the next answer is their third, and the results count every stored answer.
    expect((await call(url, '/api/spaces/old/results')).body).toMatchObject({ votes: 3, skips: 1, participants: 2 });
    expect((await call(url, '/api/appearances/ap-6/vote', { body: { winnerId: 'i-a' }, token: await tokenOf('p1') })).body).toMatchObject({ duplicate: false, answeredByYou: 3 });
    const results = (await call(url, '/api/spaces/old/results')).body;
    expect(results).toMatchObject({ votes: 4, skips: 1, participants: 2 });
    expect(results.ideas.find((idea: { id: string }) => idea.id === 'i-b')).toMatchObject({ wins: 2, losses: 2 });
    await server.close();

    const sqlite = new SQLite(dataFile, { readonly: true });
    expect(sqlite.prepare('select participant_id, votes, skips from answer_counts order by participant_id').all()).toEqual([
      { participant_id: 'p1', votes: 3, skips: 0 },
      { participant_id: 'p2', votes: 1, skips: 1 },
    ]);
    expect(sqlite.prepare('select winner_id, loser_id, votes from pair_counts order by winner_id').all()).toEqual([
      { winner_id: 'i-a', loser_id: 'i-b', votes: 2 },
      { winner_id: 'i-b', loser_id: 'i-a', votes: 2 },
    ]);
    // The indexes a count used to walk are gone: a vote writes one entry fewer in each.
    const indexes = (sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name in ('votes', 'skips') and sql is not null").all() as { name: string }[]).map((i) => i.name);
    expect(indexes).toEqual([]);
    sqlite.close();

    const db = migratable(dataFile);
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0006-answered-by-answers');
    expect(error).toBeUndefined();
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name like '%_counts'`.execute(db);
    expect(tables.rows).toEqual([]);
    const restored = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name in ('votes', 'skips') and sql is not null order by name`.execute(db);
    expect(restored.rows.map((r) => r.name)).toEqual(['skips_by_participant', 'votes_by_pair', 'votes_by_participant']);
    await db.destroy();
  });
});

describe('migration 0008 (the duel tables stored by their keys)', () => {
  const KEYED = ['appearances', 'votes', 'skips', 'answer_counts', 'pair_counts'];
  const definitions = (dataFile: string) => {
    const sqlite = new SQLite(dataFile, { readonly: true });
    const rows = sqlite.prepare(`select name, sql from sqlite_master where type = 'table' and name in (${KEYED.map(() => '?').join(', ')}) order by name`).all(...KEYED);
    sqlite.close();
    return rows as { name: string; sql: string }[];
  };

  it('keeps every row, index and reference, serves the old answers, and undoes cleanly', async () => {
    const dataFile = await fileOfVersion1();
    const before = rowsOf(dataFile);
    const server = await createServer({ dataFile, logger: false });
    const url = await server.listen({ port: 0 });
    const db = server.db;
    const pragma = async (text: string) => (await sql.raw(`pragma ${text}`).execute(db)).rows as Record<string, unknown>[];
    expect(definitions(dataFile).map((table) => [table.name, /without rowid$/i.test(table.sql)])).toEqual(KEYED.slice().sort().map((name) => [name, true]));
    expect(await pragma('foreign_key_check')).toEqual([]);
    expect(await pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect((await pragma('index_list(appearances)')).map((index) => index.name)).toContain('appearances_by_participant');
    // References still hold both ways: to the ideas, and from the votes to the pairs.
    await expect(
      db.insertInto('votes').values({ appearance_id: 'no-such-pair', space_id: 'old', participant_id: 'p1', winner_id: 'i-a', loser_id: 'i-b', created_at: T(20) }).execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
    await expect(db.updateTable('appearances').set({ left_idea_id: 'no-such-idea' }).where('id', '=', 'ap-3').execute()).rejects.toThrow(/FOREIGN KEY/);
    // p1's vote from before stays theirs: the same again is a duplicate; p2's held pair takes a vote.
    const tokenOf = (participant: string) =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(participant).setAudience('tori:participant').sign(new TextEncoder().encode('s'.repeat(43)));
    expect((await call(url, '/api/appearances/ap-1/vote', { body: { winnerId: 'i-b' }, token: await tokenOf('p1') })).body).toMatchObject({ duplicate: true });
    expect((await call(url, '/api/appearances/ap-3/vote', { body: { winnerId: 'i-a' }, token: await tokenOf('p2') })).body).toMatchObject({ duplicate: false, answeredByYou: 2 });
    await server.close();
    const after = rowsOf(dataFile);
    expect(after.appearances!.map(({ id }) => id)).toEqual(before.appearances!.map(({ id }) => id));
    expect(after.votes!.map(({ appearance_id }) => appearance_id)).toEqual(['ap-1', 'ap-3']);
    expect(after.skips).toEqual(before.skips);

    // Down again: the same tables with row numbers, the same rows.
    const kysely = migratable(dataFile);
    const { error } = await new Migrator({ db: kysely, provider: migrationProvider }).migrateTo('0007-answer-counts');
    expect(error).toBeUndefined();
    await kysely.destroy();
    expect(definitions(dataFile).map((table) => [table.name, /without rowid/i.test(table.sql)])).toEqual(KEYED.slice().sort().map((name) => [name, false]));
    expect(rowsOf(dataFile)).toEqual(after);
  });

  it('refuses to run with foreign keys on, which would delete the answers with their pairs', async () => {
    const dataFile = await fileOfVersion1();
    const kysely = migratable(dataFile);
    expect((await new Migrator({ db: kysely, provider: migrationProvider }).migrateTo('0007-answer-counts')).error).toBeUndefined();
    await sql`pragma foreign_keys = on`.execute(kysely);
    const { error } = await new Migrator({ db: kysely, provider: migrationProvider }).migrateToLatest();
    expect(String(error)).toMatch(/needs foreign keys off/);
    expect(await kysely.selectFrom('votes').select('appearance_id').execute()).toEqual([{ appearance_id: 'ap-1' }]);
    await kysely.destroy();
    expect(definitions(dataFile).every((table) => !/without rowid/i.test(table.sql))).toBe(true);
  });

  it('is all or nothing: a file whose answers name a pair that is gone is left as it was, with a reason', async () => {
    const dataFile = await fileOfVersion1();
    // Foreign keys are off while migrating, as they would be for a hand edit of the file: the dangling vote gets in.
    const kysely = migratable(dataFile);
    expect((await new Migrator({ db: kysely, provider: migrationProvider }).migrateTo('0007-answer-counts')).error).toBeUndefined();
    await kysely.insertInto('votes').values({ appearance_id: 'ap-gone', space_id: 'old', participant_id: 'p2', winner_id: 'i-a', loser_id: 'i-b', created_at: T(20) }).execute();
    await kysely.destroy();
    await expect(createServer({ dataFile, logger: false })).rejects.toThrow(/migration 0008-keyed-tables failed.*name a row that does not exist/s);
    expect(definitions(dataFile).every((table) => !/without rowid/i.test(table.sql))).toBe(true);
    const sqlite = new SQLite(dataFile, { readonly: true });
    expect((sqlite.prepare('select name from kysely_migration order by name').all() as { name: string }[]).at(-1)).toEqual({ name: '0007-answer-counts' });
    expect(sqlite.prepare('select count(*) as n from votes').get()).toEqual({ n: 2 });
    expect(sqlite.prepare("select count(*) as n from sqlite_master where name like '%_rebuilt'").get()).toEqual({ n: 0 });
    sqlite.close();
  });
});
