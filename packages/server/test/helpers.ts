import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParticipantIssued } from '@tori/protocol';
import pg from 'pg';
import { type Socket, io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ServerOptions, type ToriServer, createServer } from '../src/index.js';
import { openStorage } from '../src/storage/index.js';
import type { NewSpace } from '../src/spaces.js';

export interface Running {
  server: ToriServer;
  url: string;
  dir: string;
  dataFile: string;
  close(): Promise<void>;
}

const dirs: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tori-server-test-'));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * The engine this run of the test file is for. The vitest project "postgres" (vitest.config.ts) runs the storage
 * tests a second time with TORI_TEST_ENGINE=postgres, against the server named by TORI_TEST_POSTGRES.
 */
export const engine: 'sqlite' | 'postgres' = process.env.TORI_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** postgres://… of a database the tests may create databases with (e.g. postgres://postgres@127.0.0.1:5432/postgres). */
export const testPostgres = process.env.TORI_TEST_POSTGRES || undefined;
/** redis://… of a Redis the tests may use as they like. */
export const testRedis = process.env.TORI_TEST_REDIS || undefined;

const databases: string[] = [];
/** The database standing in for each SQLite file, so a restart "on the same file" finds its data. */
const databaseOfFile = new Map<string, string>();

/** A new empty PostgreSQL database; dropped after the test file. */
export async function freshDatabase(): Promise<string> {
  return createDatabase('');
}

let migrated: Promise<string> | undefined;

/**
 * A new database with every migration applied: a copy of one migrated once per test file, because migrating takes
 * about a second and copying a tenth of that (fresh databases still test the migrations: postgres.test.ts).
 */
export async function migratedDatabase(): Promise<string> {
  migrated ??= (async () => {
    const url = await freshDatabase();
    await (await openStorage({ dataFile: '', databaseUrl: url })).close();
    return new URL(url).pathname.slice(1);
  })();
  const template = await migrated;
  return createDatabase(` template "${template}"`);
}

async function createDatabase(options: string): Promise<string> {
  if (!testPostgres) throw new Error('set TORI_TEST_POSTGRES=postgres://user@host:port/postgres to run PostgreSQL tests');
  const name = `tori_test_${process.pid}_${databases.length + 1}_${Math.random().toString(36).slice(2, 8)}`;
  databases.push(name);
  await asAdmin((client) => client.query(`create database "${name}"${options}`));
  const url = new URL(testPostgres);
  url.pathname = `/${name}`;
  return url.toString();
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPostgres });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// Registered by every test file that imports this module; it runs after the file's own afterAll hooks.
afterAll(async () => {
  if (databases.length === 0) return;
  const names = databases.splice(0).reverse(); // copies before the database they were copied from
  databaseOfFile.clear();
  migrated = undefined;
  // FORCE: a server a failed test left open must not keep its database alive.
  await asAdmin(async (client) => {
    for (const name of names) await client.query(`drop database if exists "${name}" with (force)`);
  });
});

/**
 * A server on a fresh SQLite file (or the given one), listening on a free loopback port; under the "postgres"
 * project, on a fresh PostgreSQL database instead (the same one again for the same `dataFile`).
 */
export async function startServer(options: ServerOptions = {}): Promise<Running> {
  const dir = tempDir();
  const dataFile = options.dataFile ?? join(dir, 'tori.db');
  let databaseUrl = options.databaseUrl;
  if (engine === 'postgres' && databaseUrl === undefined) {
    databaseUrl = databaseOfFile.get(dataFile) ?? (await migratedDatabase());
    databaseOfFile.set(dataFile, databaseUrl);
  }
  const server = await createServer({ logger: false, publicDir: join(dir, 'no-demo-here'), ...options, dataFile, databaseUrl });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  return { server, url, dir, dataFile, close: () => server.close() };
}

/** A test file's server, started before its tests: what `Running` has, and sockets closed after each test. */
export interface LiveServer extends Omit<Running, 'close'> {
  /** A socket.io client over loopback (websocket, no reconnection), to this server or `url`, once connected. */
  connect(options?: { origin?: string; token?: string; url?: string }): Promise<Socket>;
}

/** Starts one server for the test file (call it at the top level): the same setup every live test file needs. */
export function liveServer(options: ServerOptions = {}): LiveServer {
  let running: Running | undefined;
  const sockets: Socket[] = [];
  const started = (): Running => {
    if (!running) throw new Error('the live server is used before its beforeAll started it');
    return running;
  };
  beforeAll(async () => {
    running = await startServer(options);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await running?.close();
    removeTempDirs();
  });
  return {
    get server() {
      return started().server;
    },
    get url() {
      return started().url;
    },
    get dir() {
      return started().dir;
    },
    get dataFile() {
      return started().dataFile;
    },
    async connect({ origin, token, url } = {}) {
      const socket = io(url ?? started().url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        ...(origin ? { extraHeaders: { origin } } : {}),
        ...(token ? { auth: { token } } : {}),
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
  };
}

let spaceCounter = 0;

export async function makeSpace(server: ToriServer, input: Partial<NewSpace> = {}) {
  spaceCounter += 1;
  return server.createSpace({
    id: `s-${spaceCounter}-${Math.random().toString(36).slice(2, 8)}`,
    title: 'Test space',
    question: 'Which matters more?',
    ideas: ['Parks and green areas', 'Public transport', 'Libraries', 'Bike lanes'],
    allowedOrigins: ['*'],
    ...input,
  });
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Sent as is (no JSON encoding), with the given content type. */
  raw?: string;
  contentType?: string;
  token?: string;
  key?: string;
  origin?: string;
  headers?: Record<string, string>;
}

export async function call<T = any>(url: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    if (options.contentType) headers['content-type'] = options.contentType;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key) headers['x-tori-key'] = options.key;
  if (options.origin) headers.origin = options.origin;
  const response = await fetch(url + path, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export async function newParticipant(url: string): Promise<ParticipantIssued> {
  const answer = await call<ParticipantIssued>(url, '/api/participants', { method: 'POST', body: {} });
  if (answer.status !== 201) throw new Error(`participant: ${answer.status}`);
  return answer.body;
}

export async function nextPair(url: string, spaceId: string, token: string) {
  return call(url, `/api/spaces/${spaceId}/appearances`, { method: 'POST', body: {}, token });
}

export async function vote(url: string, appearanceId: string, winnerId: string, token: string) {
  return call(url, `/api/appearances/${appearanceId}/vote`, { body: { winnerId }, token });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** RFC 4180 as a spreadsheet reads it: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (ch === '\n') throw new Error(`bare LF outside quotes at ${i}`);
    else cell += ch;
  }
  if (cell !== '' || row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}
