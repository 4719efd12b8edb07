import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JoinAck } from '@tori/protocol';
import { type Socket, io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/index.js';
import { type Running, call, makeSpace, newParticipant, nextPair, removeTempDirs, startServer } from './helpers.js';

const ALLOWED = 'https://www.example.fi';
const FOREIGN = 'https://evil.example';

/**
 * Every route the server registers, read from its sources: a route added later is covered without a list to keep.
 * A route registered with PUBLIC_DOCUMENT (a badge's Open Badges documents) is marked public.
 */
function registeredRoutes(): { method: string; path: string; public: boolean }[] {
  const dir = fileURLToPath(new URL('../src/http/', import.meta.url));
  const routes: { method: string; path: string; public: boolean }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(dir + file, 'utf8');
    for (const match of source.matchAll(/app\.(get|post|put|patch|delete)\(\s*'([^']+)'(\s*,\s*PUBLIC_DOCUMENT\b)?/g)) {
      routes.push({ method: match[1]!.toUpperCase(), path: match[2]!, public: match[3] !== undefined });
    }
  }
  return routes;
}

const inSpace = (r: { path: string }) => r.path.startsWith('/api/spaces/:spaceId') || r.path.startsWith('/api/appearances/');
/** Routes a space's allowed origins apply to. */
const spaceRoutes = () => registeredRoutes().filter((r) => inSpace(r) && !r.public);
/** Public documents of a space, read by verifiers from anywhere. */
const publicSpaceRoutes = () => registeredRoutes().filter((r) => inSpace(r) && r.public);

let running: Running;
let restricted: { id: string; adminKey: string; appearanceId: string };
let token: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  running = await startServer({ seedDemo: true });
  const made = await makeSpace(running.server, { allowedOrigins: [ALLOWED] });
  ({ token } = await newParticipant(running.url));
  const pair = await nextPair(running.url, made.space.id, token);
  restricted = { id: made.space.id, adminKey: made.adminKey, appearanceId: pair.body.appearance.id };
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(async () => {
  await running.close();
  removeTempDirs();
});

/** A concrete address for a route of the given space: the real pair for `:appearanceId`, well-formed ids elsewhere. */
function addressOf(path: string, spaceId: string, appearanceId: string): string {
  return path
    .replace(':spaceId', spaceId)
    .replace(':appearanceId', appearanceId)
    .replace(':reaction', 'like')
    .replace(':topicId', 'moduuli-1')
    .replace(':credentialId', '00000000-0000-4000-8000-000000000000')
    .replace(/:[a-zA-Z]+Id/g, 'abcdefgh12');
}

/** Rows in every table of the database (either engine), so a refused request is seen to have written nothing. */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await running.server.db.introspection.getTables()) {
    const row = await running.server.db
      .selectFrom(table.name as keyof Database)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table.name] = Number(row.n);
  }
  return counts;
}

function connect(origin?: string): Promise<Socket> {
  const socket = io(running.url, { transports: ['websocket'], reconnection: false, forceNew: true, ...(origin ? { extraHeaders: { origin } } : {}) });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const join = (socket: Socket, spaceId: string): Promise<JoinAck> => socket.timeout(5_000).emitWithAck('space:join', { spaceId });

describe('allowed origins over REST', () => {
  it('knows the routes it checks: every route of a space, the duel, board, moderation, export, discussion and journal', () => {
    const paths = spaceRoutes().map((r) => r.path);
    expect(paths.length).toBeGreaterThanOrEqual(39);
    for (const part of ['/appearances', '/board', '/board/moderation', '/export', '/topics/:topicId/posts', '/journal/reflections/:promptId', '/profile', '/badges', '/badges/roster', '/badges/:badgeId/awards', '/awards/:credentialId/revoke', '/issuer']) {
      expect(paths.some((p) => p.endsWith(part)), part).toBe(true);
    }
  });

  it('know the public documents, and only GET routes are public', () => {
    const routes = registeredRoutes().filter((r) => r.public);
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /.well-known/jwks.json',
      'GET /api/spaces/:spaceId/badges/:badgeId/achievement',
      'GET /api/spaces/:spaceId/credentials/:credentialId',
      'GET /api/spaces/:spaceId/issuer',
      'GET /api/spaces/:spaceId/status-list',
    ]);
  });

  it('let any origin read the public documents of a space that lists other origins, without token or key', async () => {
    const badge = {
      name: 'Merkki',
      description: 'Kuvaus.',
      image: 'https://www.example.fi/merkki.png',
      criteria: 'Kriteerit.',
      rules: [],
    };
    const put = await call(running.url, `/api/spaces/${restricted.id}/badges/abcdefgh12`, { method: 'PUT', body: badge, key: restricted.adminKey });
    expect(put.status).toBe(201);
    for (const route of [...publicSpaceRoutes(), { method: 'GET', path: '/.well-known/jwks.json' }]) {
      const path = addressOf(route.path, restricted.id, restricted.appearanceId);
      const answer = await call(running.url, path, { origin: FOREIGN });
      expect(answer.body?.error?.code, path).not.toBe('origin_not_allowed');
      // The made-up credential does not exist; everything else answers.
      expect(answer.status, path).toBe(route.path.endsWith(':credentialId') ? 404 : 200);
      expect(answer.headers.get('access-control-allow-origin'), path).toBe('*');
      const preflight = await call(running.url, path, {
        method: 'OPTIONS',
        origin: FOREIGN,
        headers: { 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept' },
      });
      expect(preflight.status, path).toBe(204);
    }
  });

  it('refuse a page from an origin a space does not list, on every route of the space, storing nothing', async () => {
    const before = await rowCounts();
    for (const route of spaceRoutes()) {
      const path = addressOf(route.path, restricted.id, restricted.appearanceId);
      const answer = await call(running.url, path, {
        method: route.method,
        body: route.method === 'GET' || route.method === 'DELETE' ? undefined : { text: 'Vieraalta sivulta', body: 'x', reason: 'spam' },
        token,
        key: restricted.adminKey,
        origin: FOREIGN,
      });
      expect(answer.status, `${route.method} ${route.path}`).toBe(403);
      expect(answer.body.error.code, `${route.method} ${route.path}`).toBe('origin_not_allowed');
      expect(answer.body.error.message).toContain(FOREIGN);
      expect(answer.headers.get('access-control-allow-origin')).toBe(FOREIGN);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('refuse the preflight of every route of the space from that origin, and answer it for a listed one', async () => {
    for (const route of spaceRoutes()) {
      const path = addressOf(route.path, restricted.id, restricted.appearanceId);
      const preflight = (origin: string) =>
        call(running.url, path, {
          method: 'OPTIONS',
          origin,
          headers: { 'access-control-request-method': route.method, 'access-control-request-headers': 'authorization,content-type' },
        });
      const refused = await preflight(FOREIGN);
      expect(refused.status, `${route.method} ${route.path}`).toBe(403);
      expect(refused.headers.get('access-control-allow-methods')).toBeNull();
      const allowed = await preflight(ALLOWED);
      expect(allowed.status, `${route.method} ${route.path}`).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    }
  });

  it('let a listed origin, the server\'s own pages and requests without an Origin use the space', async () => {
    for (const origin of [ALLOWED, running.url, undefined]) {
      const answer = await call(running.url, `/api/spaces/${restricted.id}/results`, { origin });
      expect(answer.status, String(origin)).toBe(200);
      const idea = await call(running.url, `/api/spaces/${restricted.id}/ideas`, { body: { text: `Ehdotus ${origin ?? 'curl'}` }, token, origin });
      expect(idea.status, String(origin)).toBe(201);
    }
  });

  it('let any origin use the demo space, on every route of it', async () => {
    const demo = await nextPair(running.url, 'demo', token);
    expect(demo.status).toBe(200);
    for (const route of spaceRoutes()) {
      const path = addressOf(route.path, 'demo', demo.body.appearance.id);
      const answer = await call(running.url, path, { method: route.method, token, origin: FOREIGN });
      expect(answer.body?.error?.code, `${route.method} ${route.path}`).not.toBe('origin_not_allowed');
      expect(answer.status, `${route.method} ${route.path}`).toBeLessThan(500);
    }
  });

  it('keep participants, health and the bundles open to every origin', async () => {
    expect((await call(running.url, '/api/participants', { method: 'POST', body: {}, origin: FOREIGN })).status).toBe(201);
    expect((await call(running.url, '/api/health', { origin: FOREIGN })).status).toBe(200);
  });
});

describe('allowed origins over socket.io', () => {
  it('refuse to let a page from an unlisted origin follow the space, and let a listed one', async () => {
    const foreign = await connect(FOREIGN);
    const refused = await join(foreign, restricted.id);
    expect(refused).toMatchObject({ ok: false, error: { code: 'origin_not_allowed' } });
    // Refused, the socket is in no room: a vote there reaches it not.
    const heard: unknown[] = [];
    foreign.on('results', (r) => heard.push(r));
    foreign.on('ideas:changed', (r) => heard.push(r));
    foreign.on('idea:posted', (r) => heard.push(r));
    await call(running.url, `/api/spaces/${restricted.id}/ideas`, { body: { text: 'Kuuleeko kukaan' }, token });
    const listed = await connect(ALLOWED);
    expect((await join(listed, restricted.id)).ok).toBe(true);
    expect((await join(await connect(running.url), restricted.id)).ok).toBe(true);
    expect((await join(await connect(), restricted.id)).ok).toBe(true);
    expect(heard).toEqual([]);
  });

  it('let any origin follow the demo space', async () => {
    const ack = await join(await connect(FOREIGN), 'demo');
    expect(ack.ok).toBe(true);
  });
});
