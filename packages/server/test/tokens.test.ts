import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/index.js';
import { type Running, call, makeSpace, newParticipant, nextPair, removeTempDirs, startServer } from './helpers.js';

/** Known to the test, so it can sign tokens that are right in every way but one. */
const SECRET = 'a-test-secret-of-more-than-32-characters';
const key = new TextEncoder().encode(SECRET);

let running: Running;
let routes: { name: string; method: string; path: string; body?: unknown }[];
/** The route templates of `routes`, in the same order. */
const TEMPLATES = [
  'POST /api/spaces/:spaceId/ideas',
  'GET /api/spaces/:spaceId/ideas',
  'GET /api/spaces/:spaceId/board',
  'PUT /api/spaces/:spaceId/ideas/:ideaId/support',
  'DELETE /api/spaces/:spaceId/ideas/:ideaId/support',
  'POST /api/spaces/:spaceId/ideas/:ideaId/reports',
  'POST /api/spaces/:spaceId/appearances',
  'POST /api/appearances/:appearanceId/vote',
  'POST /api/appearances/:appearanceId/skip',
  'GET /api/spaces/:spaceId/profile',
  'PUT /api/spaces/:spaceId/profile',
  'GET /api/spaces/:spaceId/topics/:topicId',
  'POST /api/spaces/:spaceId/topics/:topicId/posts',
  'PATCH /api/spaces/:spaceId/posts/:postId',
  'DELETE /api/spaces/:spaceId/posts/:postId',
  'PUT /api/spaces/:spaceId/posts/:postId/reactions/:reaction',
  'DELETE /api/spaces/:spaceId/posts/:postId/reactions/:reaction',
  'POST /api/spaces/:spaceId/posts/:postId/reports',
  'GET /api/spaces/:spaceId/journal',
  'PUT /api/spaces/:spaceId/journal/reflections/:promptId',
  'GET /api/spaces/:spaceId/journal/export',
  'GET /api/spaces/:spaceId/badges',
];
let honest: string;
let honestId: string;

beforeAll(async () => {
  running = await startServer({ secret: SECRET });
  const { space, adminKey } = await makeSpace(running.server, { ideas: ['Puistot', 'Bussit', 'Kirjastot'] });
  const s = `/api/spaces/${space.id}`;
  const author = await newParticipant(running.url);
  ({ token: honest, participantId: honestId } = await newParticipant(running.url));
  for (const token of [author.token, honest]) {
    await call(running.url, `${s}/profile`, { method: 'PUT', body: { displayName: 'Aino' }, token });
  }
  await call(running.url, `${s}/topics/moduuli-1`, { method: 'PUT', body: { title: 'Moduuli 1' }, key: adminKey });
  await call(running.url, `${s}/journal`, {
    method: 'PUT',
    body: { modules: [{ id: 'm1', title: 'Moduuli 1', prompts: [{ id: 'p1', text: 'Mitä opit?' }] }], facilitatorsCanRead: false },
    key: adminKey,
  });
  const post = await call(running.url, `${s}/topics/moduuli-1/posts`, { body: { body: 'Ensimmäinen viesti' }, token: author.token });
  expect(post.status).toBe(201);
  const ideas = await call(running.url, `${s}/ideas`);
  const ideaId = ideas.body.ideas[0].id as string;
  const pair = await nextPair(running.url, space.id, honest);
  const appearance = pair.body.appearance;
  const postId = post.body.post.id as string;
  routes = [
    { name: 'ideas (new)', method: 'POST', path: `${s}/ideas`, body: { text: 'Uimahalli' } },
    { name: 'ideas (read, optional token)', method: 'GET', path: `${s}/ideas` },
    { name: 'board (optional token)', method: 'GET', path: `${s}/board` },
    { name: 'support', method: 'PUT', path: `${s}/ideas/${ideaId}/support` },
    { name: 'support withdrawn', method: 'DELETE', path: `${s}/ideas/${ideaId}/support` },
    { name: 'idea report', method: 'POST', path: `${s}/ideas/${ideaId}/reports`, body: { reason: 'spam' } },
    { name: 'next pair', method: 'POST', path: `${s}/appearances`, body: {} },
    { name: 'vote', method: 'POST', path: `/api/appearances/${appearance.id}/vote`, body: { winnerId: appearance.left.id } },
    { name: 'skip', method: 'POST', path: `/api/appearances/${appearance.id}/skip`, body: { reason: 'dont_know' } },
    { name: 'profile', method: 'GET', path: `${s}/profile` },
    { name: 'profile change', method: 'PUT', path: `${s}/profile`, body: { displayName: 'Mallory' } },
    { name: 'topic (optional token)', method: 'GET', path: `${s}/topics/moduuli-1` },
    { name: 'new post', method: 'POST', path: `${s}/topics/moduuli-1/posts`, body: { body: 'Väärennetty' } },
    { name: 'post edit', method: 'PATCH', path: `${s}/posts/${postId}`, body: { body: 'Muutettu' } },
    { name: 'post delete', method: 'DELETE', path: `${s}/posts/${postId}` },
    { name: 'reaction', method: 'PUT', path: `${s}/posts/${postId}/reactions/like` },
    { name: 'reaction withdrawn', method: 'DELETE', path: `${s}/posts/${postId}/reactions/like` },
    { name: 'post report', method: 'POST', path: `${s}/posts/${postId}/reports`, body: { reason: 'spam' } },
    { name: 'journal', method: 'GET', path: `${s}/journal` },
    { name: 'reflection', method: 'PUT', path: `${s}/journal/reflections/p1`, body: { body: 'Väärennetty', baseRevision: 0 } },
    { name: 'journal export', method: 'GET', path: `${s}/journal/export` },
    { name: 'my badges', method: 'GET', path: `${s}/badges` },
  ];
});
afterAll(async () => {
  await running.close();
  removeTempDirs();
});

const sign = (claims: { sub?: string; aud?: string }, alg = 'HS256', secret = key) => {
  const jwt = new SignJWT({}).setProtectedHeader({ alg, typ: 'JWT' }).setIssuedAt();
  if (claims.sub !== undefined) jwt.setSubject(claims.sub);
  if (claims.aud !== undefined) jwt.setAudience(claims.aud);
  return jwt.sign(secret);
};

function alter(token: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
  return `${header}.${Buffer.from(JSON.stringify(change(claims))).toString('base64url')}.${signature}`;
}

/** Forgeries of the honest participant's token: each differs from a valid one in one way. */
async function forgeries(): Promise<[string, string][]> {
  const [header, payload, signature] = honest.split('.');
  const flipped = signature!.slice(0, -2) + (signature!.endsWith('AA') ? 'BB' : 'AA');
  return [
    ['someone else as sub', alter(honest, (c) => ({ ...c, sub: 'someone-else' }))],
    ['another audience', alter(honest, (c) => ({ ...c, aud: 'tori:admin' }))],
    ['signature changed', `${header}.${payload}.${flipped}`],
    ['signature removed', `${header}.${payload}.`],
    ['alg none', `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`],
    ['another secret', await sign({ sub: honestId, aud: 'tori:participant' }, 'HS256', new TextEncoder().encode('x'.repeat(40)))],
    ['the right secret, another algorithm', await sign({ sub: honestId, aud: 'tori:participant' }, 'HS512')],
    ['the right secret, another audience', await sign({ sub: honestId, aud: 'tori:host' })],
    ['the right secret, no audience', await sign({ sub: honestId })],
    ['the right secret, no subject', await sign({ aud: 'tori:participant' })],
    ['the right secret, a subject that is no id', await sign({ sub: '../../etc/passwd', aud: 'tori:participant' })],
    ['garbage', 'not.a.token'],
    ['header only', header!],
  ];
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

/** Routes that read no participant token: a facilitator's key, or anyone's. A new route must be put here or above. */
const WITHOUT_TOKEN = [
  'GET /api/health',
  'POST /api/participants',
  'GET /api/spaces/:spaceId',
  'GET /api/spaces/:spaceId/admin',
  'PATCH /api/spaces/:spaceId',
  'GET /api/spaces/:spaceId/results',
  'PATCH /api/spaces/:spaceId/ideas/:ideaId',
  'POST /api/spaces/:spaceId/ideas/:ideaId/merge',
  'GET /api/spaces/:spaceId/board/moderation',
  'GET /api/spaces/:spaceId/export',
  'POST /api/spaces/:spaceId/integration-secret',
  'POST /api/spaces/:spaceId/host-login',
  'GET /api/spaces/:spaceId/topics',
  'PUT /api/spaces/:spaceId/topics/:topicId',
  'PATCH /api/spaces/:spaceId/posts/:postId/moderation',
  'GET /api/spaces/:spaceId/topics/:topicId/moderation',
  'GET /api/spaces/:spaceId/topics/:topicId/summary',
  'PUT /api/spaces/:spaceId/journal',
  'GET /api/spaces/:spaceId/journal/reflections',
  'GET /api/spaces/:spaceId/journal/progress',
  'GET /api/spaces/:spaceId/badges/roster',
  'PUT /api/spaces/:spaceId/badges/:badgeId',
  'PUT /api/spaces/:spaceId/issuer',
  'POST /api/spaces/:spaceId/badges/:badgeId/awards',
  'POST /api/spaces/:spaceId/awards/:credentialId/revoke',
  // Public documents of the badges' credentials: read by verifiers, without token or key.
  'GET /api/spaces/:spaceId/issuer',
  'GET /api/spaces/:spaceId/badges/:badgeId/achievement',
  'GET /api/spaces/:spaceId/status-list',
  'GET /api/spaces/:spaceId/credentials/:credentialId',
];

/** Every API route the server registers, read from its sources. */
function registeredRoutes(): string[] {
  const dir = fileURLToPath(new URL('../src/http/', import.meta.url));
  const routes: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const match of readFileSync(dir + file, 'utf8').matchAll(/app\.(get|post|put|patch|delete)\(\s*'(\/api\/[^']+)'/g)) {
      routes.push(`${match[1]!.toUpperCase()} ${match[2]}`);
    }
  }
  return routes;
}

describe('participant tokens', () => {
  it('are tried on every route that takes one: each route of the server is listed here as taking one or not', () => {
    const templates = new Map<string, string>([
      ...TEMPLATES.map((t) => [t, t] as [string, string]),
      ...WITHOUT_TOKEN.map((t) => [t, t] as [string, string]),
    ]);
    const unlisted = registeredRoutes().filter((route) => !templates.has(route));
    expect(unlisted, 'new routes: add them to the routes tried below, or to WITHOUT_TOKEN').toEqual([]);
  });

  it('are tried on the routes named', () => {
    expect(routes).toHaveLength(TEMPLATES.length);
    routes.forEach((route, i) => {
      const pattern = new RegExp(`^${TEMPLATES[i]!.replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
      expect(`${route.method} ${route.path}`, route.name).toMatch(pattern);
    });
  });

  it('are refused with 401 on every route that takes one, when forged or altered, and nothing is stored', async () => {
    const before = await rowCounts();
    const forged = await forgeries();
    for (const route of routes) {
      for (const [how, token] of forged) {
        const answer = await call(running.url, route.path, { method: route.method, body: route.body, token });
        expect(answer.status, `${route.name}: ${how}`).toBe(401);
        expect(answer.body.error.code, `${route.name}: ${how}`).toBe('unauthorized');
        expect(answer.body.error.message, `${route.name}: ${how}`).toMatch(/token/);
      }
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('are taken on those routes when they are the server\'s own, so the refusals above were the tokens\'', async () => {
    for (const route of routes) {
      const answer = await call(running.url, route.path, { method: route.method, body: route.body, token: honest });
      expect(answer.status, `${route.name}: ${JSON.stringify(answer.body)}`).toBeLessThan(500);
      expect(answer.status, `${route.name}: ${JSON.stringify(answer.body)}`).not.toBe(401);
    }
  });

  it('signed with the server\'s secret for the same participant are the same participant', async () => {
    const again = await sign({ sub: honestId, aud: 'tori:participant' });
    const spaceRoute = routes.find((r) => r.name === 'profile')!;
    const answer = await call(running.url, spaceRoute.path, { token: again });
    expect(answer.status).toBe(200);
    expect(answer.body.displayName).toBe('Mallory');
  });
});
