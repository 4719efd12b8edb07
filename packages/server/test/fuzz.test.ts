/**
 * Property-based fuzzing of every REST route and socket event with random and hostile input. The answer is always
 * a 2xx or a 4xx with a message: never a 5xx, never a crash, never a partial record (every table is counted
 * before and after each refused request). Bounded: FUZZ_RUNS runs per route; fast-check prints the seed and
 * path of a failure, and FUZZ_SEED=<seed> replays it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BODY_LIMIT_BYTES } from '@tori/protocol';
import fc from 'fast-check';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/index.js';
import { type Running, call, makeSpace, newParticipant, nextPair, removeTempDirs, startServer } from './helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const settings = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true };

type Route = { method: string; path: string };

/** Every route the server registers, read from its sources: a route added later is fuzzed without a list to keep. */
function registeredRoutes(): Route[] {
  const dir = fileURLToPath(new URL('../src/http/', import.meta.url));
  const routes: Route[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const match of readFileSync(dir + file, 'utf8').matchAll(/app\.(get|post|put|patch|delete)\(\s*'(\/api\/[^']+)'/g)) {
      routes.push({ method: match[1]!.toUpperCase(), path: match[2]! });
    }
  }
  return routes;
}

/** A well-formed body for some routes, which the fuzzer then bends one field at a time. */
const TEMPLATES: Record<string, Record<string, unknown>> = {
  'POST /api/spaces/:spaceId/ideas': { text: 'Uimahalli Keskustaan', description: 'Kuvaus', authorName: 'Aino', requestId: 'abcdefgh1234' },
  'PATCH /api/spaces/:spaceId/ideas/:ideaId': { status: 'approved', pinned: false },
  'POST /api/spaces/:spaceId/ideas/:ideaId/merge': { into: 'abcdefgh12' },
  'POST /api/spaces/:spaceId/ideas/:ideaId/reports': { reason: 'spam', note: 'Mainos' },
  'POST /api/appearances/:appearanceId/vote': { winnerId: 'abcdefgh12' },
  'POST /api/appearances/:appearanceId/skip': { reason: 'other', note: 'En osaa sanoa' },
  'PATCH /api/spaces/:spaceId': { title: 'Uusi otsikko', votingOpen: true, allowedOrigins: ['*'] },
  'PUT /api/spaces/:spaceId/profile': { displayName: 'Aino', role: 'Jäsen' },
  'POST /api/spaces/:spaceId/host-login': { token: 'a.b.c' },
  'PUT /api/spaces/:spaceId/topics/:topicId': { title: 'Moduuli 1', prompt: 'Kerro', locked: false },
  'POST /api/spaces/:spaceId/topics/:topicId/posts': { body: 'Hei kaikki', parentId: 'abcdefgh12', requestId: 'abcdefgh1234' },
  'PATCH /api/spaces/:spaceId/posts/:postId': { body: 'Muokattu' },
  'POST /api/spaces/:spaceId/posts/:postId/reports': { reason: 'offensive' },
  'PATCH /api/spaces/:spaceId/posts/:postId/moderation': { status: 'hidden', pinned: true },
  'PUT /api/spaces/:spaceId/journal': {
    modules: [{ id: 'm1', title: 'Moduuli 1', topicId: 'moduuli-1', prompts: [{ id: 'p1', text: 'Mitä opit?' }] }],
    facilitatorsCanRead: false,
  },
  'PUT /api/spaces/:spaceId/journal/reflections/:promptId': { body: 'Opin paljon', baseRevision: 0 },
  // No rules: a badge the fuzzer defines is awarded by hand only, so no activity issues one between two counts.
  'PUT /api/spaces/:spaceId/badges/:badgeId': {
    name: 'Merkki',
    description: 'Kuvaus',
    image: 'https://www.example.fi/merkki.png',
    imageAlt: 'Merkki',
    criteria: 'Osallistu',
    rules: [],
    validForDays: 365,
    active: true,
  },
  'PUT /api/spaces/:spaceId/issuer': { name: 'Yhdistys ry', url: 'https://www.example.fi/', email: 'info@example.fi' },
  'POST /api/spaces/:spaceId/badges/:badgeId/awards': { participantId: 'abcdefgh12', reason: 'Osallistui' },
  'POST /api/spaces/:spaceId/awards/:credentialId/revoke': { reason: 'Väärin myönnetty' },
};

const HOSTILE_TEXT = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '__proto__',
  'constructor',
  'prototype',
  "'; drop table ideas; --",
  '\u0000',
  '\uD800',
  '\u202Egnp.exe',
  'a\u0308'.repeat(30),
  '👩‍👩‍👧‍👦'.repeat(50),
  '1',
  '-1',
  '1e309',
  'NaN',
  'true',
  'null',
  '[]',
  '{}',
  ' ',
  '',
];

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(...HOSTILE_TEXT),
  fc.integer({ min: 100, max: 20_000 }).map((n) => 'x'.repeat(n)),
);
const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'status', 'text', 'body', 'id'), fc.string({ maxLength: 12 }));
const { value: hostileValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
}));

/** One field of the template changed, removed, or one added; or the whole body replaced. */
function bodies(template: Record<string, unknown> | undefined) {
  const keys = Object.keys(template ?? {});
  const bent = template
    ? fc.oneof(
        fc.tuple(fc.constantFrom(...keys), hostileValue).map(([k, v]) => JSON.stringify({ ...template, [k]: v })),
        fc.constantFrom(...keys).map((k) => JSON.stringify(Object.fromEntries(Object.entries(template).filter(([key]) => key !== k)))),
        fc.tuple(hostileKey, hostileValue).map(([k, v]) => JSON.stringify({ ...template, [k]: v })),
        fc.constantFrom(...keys).map((k) => JSON.stringify({ ...template, [k]: String(template[k]) })),
      )
    : fc.constant('{}');
  return fc.oneof(
    bent,
    hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
    // Keys that pollute prototypes must be refused, not merged into anything.
    fc.constantFrom(
      `{"__proto__":{"polluted":true},${JSON.stringify(template ?? {}).slice(1)}`,
      `{"constructor":{"prototype":{"polluted":true}}}`,
      `[{"__proto__":{"polluted":true}}]`,
    ),
    fc.integer({ min: 10, max: 5_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    fc.integer({ min: 10, max: 2_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constant(JSON.stringify({ ...(template ?? {}), padding: 'x'.repeat(BODY_LIMIT_BYTES) })),
  );
}

/** A URL carries UTF-8, which has no lone surrogates: those become U+FFFD, as a browser would send them. */
const wellFormed = (text: string) => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const hostileSegment = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map((v) => encodeURIComponent(wellFormed(v))),
  fc.constantFrom('%ZZ', '%00', '..', '%2e%2e', '__proto__', 'constructor', '%F0%9F%92%A9', 'x'.repeat(500), '%C0%AF', 'A'.repeat(65)),
);

const requests = (route: Route) =>
  fc.record({
    body: bodies(TEMPLATES[`${route.method} ${route.path}`]),
    sendBody: fc.boolean(),
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', ''),
    param: fc.option(fc.tuple(fc.nat(), hostileSegment), { freq: 3 }),
    query: fc.option(fc.tuple(hostileKey, hostileString).map(([k, v]) => `?${encodeURIComponent(wellFormed(k))}=${encodeURIComponent(wellFormed(v))}`), { freq: 2 }),
    token: fc.constantFrom('valid', 'valid', 'none', 'garbage'),
    key: fc.constantFrom('valid', 'valid', 'none', 'wrong'),
    moderator: fc.option(hostileString, { freq: 4 }),
  });

let running: Running;
let fixture: {
  spaceId: string;
  adminKey: string;
  token: string;
  appearanceId: string;
  ideaId: string;
  postId: string;
  credentialId: string;
};

beforeAll(async () => {
  // Limits out of the way: the fuzzer asks far faster than a person, from one token.
  running = await startServer({
    limits: { participantRequests: 1e9, addressRequests: 1e9, participantsIssued: 1e9, participantEvents: 1e9, addressEvents: 1e9 },
  });
  const { space, adminKey } = await makeSpace(running.server);
  const { token } = await newParticipant(running.url);
  const s = `/api/spaces/${space.id}`;
  await call(running.url, `${s}/profile`, { method: 'PUT', body: { displayName: 'Aino' }, token });
  await call(running.url, `${s}/topics/moduuli-1`, { method: 'PUT', body: { title: 'Moduuli 1' }, key: adminKey });
  await call(running.url, `${s}/journal`, { method: 'PUT', body: TEMPLATES['PUT /api/spaces/:spaceId/journal'], key: adminKey });
  const other = await newParticipant(running.url);
  await call(running.url, `${s}/profile`, { method: 'PUT', body: { displayName: 'Ben' }, token: other.token });
  const post = await call(running.url, `${s}/topics/moduuli-1/posts`, { body: { body: 'Ensimmäinen' }, token: other.token });
  const pair = await nextPair(running.url, space.id, token);
  await call(running.url, `${s}/badges/merkki`, { method: 'PUT', body: TEMPLATES['PUT /api/spaces/:spaceId/badges/:badgeId'], key: adminKey });
  const award = await call(running.url, `${s}/badges/merkki/awards`, { body: { participantId: other.participantId, reason: 'Alustus' }, key: adminKey });
  TEMPLATES['POST /api/spaces/:spaceId/badges/:badgeId/awards']!.participantId = other.participantId;
  fixture = {
    spaceId: space.id,
    adminKey,
    token,
    appearanceId: pair.body.appearance.id,
    ideaId: pair.body.appearance.left.id,
    postId: post.body.post.id,
    credentialId: award.body.credentialId,
  };
});
afterAll(async () => {
  await running?.close();
  removeTempDirs();
});

function addressOf(route: Route, param: [number, string] | null): string {
  const real: Record<string, string> = {
    spaceId: fixture.spaceId,
    appearanceId: fixture.appearanceId,
    ideaId: fixture.ideaId,
    postId: fixture.postId,
    topicId: 'moduuli-1',
    promptId: 'p1',
    reaction: 'like',
    badgeId: 'merkki',
    credentialId: fixture.credentialId,
  };
  const names = [...route.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);
  const bent = param && names.length > 0 ? names[param[0] % names.length] : undefined;
  return route.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => (name === bent ? param![1] : (real[name] ?? 'abcdefgh12')));
}

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

type Input = ReturnType<typeof requests> extends fc.Arbitrary<infer T> ? T : never;

async function send(route: Route, input: Input) {
  const headers: Record<string, string> = {};
  if (input.token === 'valid') headers.authorization = `Bearer ${fixture.token}`;
  if (input.token === 'garbage') headers.authorization = 'Bearer not.a.token';
  if (input.key === 'valid') headers['x-tori-key'] = fixture.adminKey;
  if (input.key === 'wrong') headers['x-tori-key'] = 'wrong-key';
  // A header carries bytes, not control characters: the UTF-8 of the text, as curl would send it.
  const moderator = input.moderator?.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '').trim();
  if (moderator) headers['x-tori-moderator'] = Buffer.from(wellFormed(moderator), 'utf8').toString('latin1');
  const withBody = input.sendBody && route.method !== 'GET';
  if (withBody && input.contentType) headers['content-type'] = input.contentType;
  const path = addressOf(route, input.param) + (input.query ?? '');
  const response = await fetch(running.url + path, { method: route.method, headers, body: withBody ? input.body : undefined });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, path };
}

function expectNoPollution() {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('fuzzing every REST route', () => {
  const routes = registeredRoutes();
  const statuses = new Set<number>();

  it('finds the routes of every part: duel, board, moderation, export, participants, discussion, journal, badges', () => {
    expect(routes.length).toBeGreaterThanOrEqual(41);
    for (const part of ['/appearances', '/board', '/moderation', '/export', '/api/participants', '/posts', '/journal', '/badges', '/awards', '/status-list']) {
      expect(routes.some((r) => r.path.includes(part)), part).toBe(true);
    }
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}: a 2xx or a 4xx with a message, never a 5xx or a partial record`, async () => {
      await fc.assert(
        fc.asyncProperty(requests(route), async (input) => {
          const before = await rowCounts();
          const answer = await send(route, input);
          statuses.add(answer.status);
          const what = `${route.method} ${answer.path} -> ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
          expect(answer.status, what).toBeLessThan(500);
          expect(answer.status, what).toBeGreaterThanOrEqual(200);
          if (answer.status >= 400) {
            expect(typeof answer.body?.error?.code, what).toBe('string');
            expect(answer.body.error.message.length, what).toBeGreaterThan(0);
            expect(await rowCounts(), what).toEqual(before);
          }
          expectNoPollution();
        }),
        settings,
      );
      expect((await call(running.url, '/api/health')).status).toBe(200);
    });
  }

  it('reached both the handlers and each kind of refusal, so the runs above tested something', () => {
    const seen = [...statuses].sort();
    for (const status of [200, 400, 401, 403, 404, 413, 415, 422]) expect(seen, `statuses seen: ${seen.join(', ')}`).toContain(status);
  });
});

describe('fuzzing every socket event', () => {
  let socket: Socket;
  beforeAll(async () => {
    socket = io(running.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: fixture.token } });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(() => socket?.close());

  /** A well-formed payload of each event, which the fuzzer bends one field at a time. */
  const templateOf = (event: string): Record<string, unknown> =>
    event === 'appearance:answer'
      ? { appearanceId: fixture.appearanceId, kind: 'vote', body: { winnerId: fixture.ideaId } }
      : event === 'participant:identify'
        ? { token: fixture.token }
        : { spaceId: fixture.spaceId, key: fixture.adminKey };
  const payloads = (event: string) =>
    fc.oneof(
      hostileValue,
      fc.tuple(fc.constantFrom(...Object.keys(templateOf(event))), hostileValue).map(([k, v]) => ({ ...templateOf(event), [k]: v })),
      fc.tuple(hostileKey, hostileValue).map(([k, v]) => ({ ...templateOf(event), [k]: v })),
      fc.constantFrom(
        { spaceId: '__proto__' },
        { spaceId: 'constructor' },
        { appearanceId: fixture.appearanceId, kind: 'skip', body: { reason: 'other', note: 'x'.repeat(5_000) } },
        { appearanceId: fixture.appearanceId, kind: 'vote', body: { winnerId: fixture.appearanceId } },
        JSON.parse(`{"__proto__":{"polluted":true},"spaceId":"${fixture.spaceId}"}`),
      ),
    );

  const fitsOneMessage = (args: unknown[]) => Buffer.byteLength(JSON.stringify(args)) < BODY_LIMIT_BYTES - 200;

  /** Every event the server listens to, read from its source: an event added later is fuzzed too. */
  const events = [...readFileSync(fileURLToPath(new URL('../src/live.ts', import.meta.url)), 'utf8').matchAll(/socket\.on\('([^']+)'/g)].map((m) => m[1]!);

  it('finds the events: following a space, leaving it, answering a pair', () => {
    expect(events).toEqual(expect.arrayContaining(['space:join', 'space:leave', 'appearance:answer']));
  });

  for (const event of events) {
    it(`${event}: every payload is acknowledged, a refusal with a code and a message, nothing stored, the connection lives`, async () => {
      await fc.assert(
        // Within the message size limit: a larger message closes the connection, as the abuse test shows.
        fc.asyncProperty(fc.array(payloads(event), { maxLength: 3 }).filter(fitsOneMessage), async (args) => {
          const before = await rowCounts();
          const ack = await socket.timeout(5_000).emitWithAck(event, ...args);
          const what = `${event} ${JSON.stringify(args).slice(0, 200)} -> ${JSON.stringify(ack)}`;
          expect(typeof ack?.ok, what).toBe('boolean');
          if (!ack.ok) {
            expect(ack.error.code, what).not.toBe('internal');
            expect(ack.error.message.length, what).toBeGreaterThan(0);
            if (ack.status !== undefined) expect(ack.status, what).toBeLessThan(500);
            expect(await rowCounts(), what).toEqual(before);
          }
          expect(socket.connected).toBe(true);
          expectNoPollution();
        }),
        settings,
      );
    });
  }

  it('a handshake with any auth and query connects (a token is optional, a bad one ignored) and can join', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(hostileValue, fc.record({ token: hostileValue })).filter((auth) => Buffer.byteLength(JSON.stringify(auth) ?? '') < 4_000),
        fc.dictionary(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }), fc.string({ unit: 'grapheme-ascii', maxLength: 40 }), { maxKeys: 3 }),
        async (auth, query) => {
          const probe = io(running.url, {
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            auth: (auth !== null && typeof auth === 'object' && !Array.isArray(auth) ? auth : { token: auth }) as Record<string, unknown>,
            query,
          });
          try {
            await new Promise<void>((resolve, reject) => {
              probe.once('connect', () => resolve());
              probe.once('connect_error', reject);
            });
            const ack = await probe.timeout(5_000).emitWithAck('space:join', { spaceId: fixture.spaceId });
            expect(ack.ok, JSON.stringify(ack)).toBe(true);
          } finally {
            probe.close();
          }
          expectNoPollution();
        },
      ),
      settings,
    );
  });

  it('unknown events, events without an ack and hostile event names are ignored, and the connection lives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom('space:join', 'space:leave', '__proto__', 'constructor', 'connect', 'disconnecting'), fc.string({ maxLength: 20 })), fc.array(hostileValue, { maxLength: 3 }).filter(fitsOneMessage), async (event, args) => {
        if (['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'].includes(event)) return; // reserved by the client
        socket.emit(event, ...args);
        const ack = await socket.timeout(5_000).emitWithAck('space:leave', { spaceId: 'demo' });
        expect(ack).toEqual({ ok: true });
        expectNoPollution();
      }),
      settings,
    );
  });
});
