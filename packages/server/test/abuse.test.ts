import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BODY_LIMIT_BYTES } from '@tori/protocol';
import { type Socket, io } from 'socket.io-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, resolveLimits, limitsFromSettings } from '../src/http/limits.js';
import type { Limits } from '../src/http/limits.js';
import { type Running, call, makeSpace, newParticipant, nextPair, removeTempDirs, sleep, startServer, tempDir, vote } from './helpers.js';

const servers: Running[] = [];
const sockets: Socket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(async () => {
  for (const running of servers.splice(0)) await running.close();
  removeTempDirs();
});

async function serverWith(limits: Partial<Limits>): Promise<Running> {
  const running = await startServer({ limits });
  servers.push(running);
  return running;
}

function connect(url: string, options: { token?: string; transport?: 'websocket' | 'polling' } = {}): Socket {
  const socket = io(url, {
    transports: [options.transport ?? 'websocket'],
    reconnection: false,
    forceNew: true,
    ...(options.token ? { auth: { token: options.token } } : {}),
  });
  sockets.push(socket);
  return socket;
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

function expectRateLimited(answer: { status: number; body: any; headers: Headers }) {
  expect(answer.status).toBe(429);
  expect(answer.body.error.code).toBe('rate_limited');
  expect(answer.body.error.message).toMatch(/try again in \d+ s/);
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
}

describe('REST rate limits', () => {
  it('hold one participant to its limit, whoever else shares the address, and let it go after the window', async () => {
    const running = await serverWith({ participantRequests: 5, windowMs: 1_500 });
    const { space } = await makeSpace(running.server);
    const first = await newParticipant(running.url);
    const second = await newParticipant(running.url);
    const journal = (token: string) => call(running.url, `/api/spaces/${space.id}/journal`, { token });
    for (let i = 0; i < 5; i++) expect((await journal(first.token)).status).toBe(200);
    const refused = await journal(first.token);
    expectRateLimited(refused);
    expect(refused.body.error.message).toMatch(/participant/);
    // Another participant behind the same address is not held back by the first one's use.
    expect((await journal(second.token)).status).toBe(200);
    // A refused request was not carried out: nothing is written past the limit.
    const pair = await nextPair(running.url, space.id, first.token);
    expect(pair.status).toBe(429);
    const before = await running.server.db.selectFrom('appearances').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(before.n)).toBe(0);
    await sleep(Number(refused.headers.get('retry-after')) * 1_000 + 100);
    expect((await journal(first.token)).status).toBe(200);
  });

  it('count an altered token by its address only, and still answer it 401', async () => {
    const running = await serverWith({ participantRequests: 2, windowMs: 60_000 });
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const altered = `${token.slice(0, -4)}AAAA`;
    for (let i = 0; i < 4; i++) {
      const answer = await call(running.url, `/api/spaces/${space.id}/journal`, { token: altered });
      expect(answer.status).toBe(401);
    }
    // The real participant's budget was not spent by someone sending its id in a forged token.
    expect((await call(running.url, `/api/spaces/${space.id}/journal`, { token })).status).toBe(200);
  });

  it('hold one address to its limit, however many tokens it uses', async () => {
    const running = await serverWith({ addressRequests: 6, windowMs: 60_000 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await call(running.url, '/api/health')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    const refused = await call(running.url, '/api/participants', { method: 'POST', body: {}, origin: 'https://www.example.fi' });
    expectRateLimited(refused);
    expect(refused.body.error.message).toMatch(/address/);
    // A page on another origin can read why, and when to try again.
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://www.example.fi');
    expect(refused.headers.get('access-control-expose-headers')).toMatch(/Retry-After/i);
  });

  it('hold the issuing of new participants per address', async () => {
    const running = await serverWith({ participantsIssued: 3, windowMs: 60_000 });
    const before = await running.server.db.selectFrom('participants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(running.url, '/api/participants', { method: 'POST', body: {} })).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const after = await running.server.db.selectFrom('participants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(3);
    // Reading goes on: only minting tokens is held.
    expect((await call(running.url, '/api/health')).status).toBe(200);
  });

  it('do not trust X-Forwarded-For unless told, and count each forwarded address apart when told', async () => {
    const plain = await serverWith({ addressRequests: 2, windowMs: 60_000 });
    const spoofed = (running: Running, address: string) => call(running.url, '/api/health', { headers: { 'x-forwarded-for': address } });
    expect((await spoofed(plain, '203.0.113.1')).status).toBe(200);
    expect((await spoofed(plain, '203.0.113.2')).status).toBe(200);
    expect((await spoofed(plain, '203.0.113.3')).status).toBe(429);

    const proxied = await serverWith({ addressRequests: 2, windowMs: 60_000, trustProxy: true });
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      expect((await spoofed(proxied, address)).status).toBe(200);
      expect((await spoofed(proxied, address)).status).toBe(200);
    }
    expect((await spoofed(proxied, '203.0.113.1')).status).toBe(429);
  });

  it('by default let 300 people behind one address join, vote and read at once', async () => {
    const running = await serverWith({});
    const { space } = await makeSpace(running.server, { ideas: ['Parks', 'Buses', 'Libraries', 'Bike lanes', 'Schools', 'Sauna'] });
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    async function person() {
      const issued = await call(running.url, '/api/participants', { method: 'POST', body: {} });
      count(issued.status);
      const { token } = issued.body;
      for (const path of [`/api/spaces/${space.id}`, `/api/spaces/${space.id}/results`, `/api/spaces/${space.id}/ideas`]) {
        count((await call(running.url, path, { token })).status);
      }
      const pair = await nextPair(running.url, space.id, token);
      count(pair.status);
      count((await vote(running.url, pair.body.appearance.id, pair.body.appearance.left.id, token)).status);
      count((await call(running.url, `/api/spaces/${space.id}/results`, { token })).status);
    }
    const people = Array.from({ length: 300 }, () => person);
    const workers = Array.from({ length: 20 }, async () => {
      for (let run = people.pop(); run; run = people.pop()) await run();
    });
    await Promise.all(workers);
    expect([...statuses.keys()].sort()).toEqual([200, 201]);
    expect(DEFAULT_LIMITS.addressRequests).toBeGreaterThan(300 * 60);
  }, 60_000);
});

describe('socket.io rate limits', () => {
  it('answer a participant over its limit with an error ack, keep the connection, and let it go after the window', async () => {
    const running = await serverWith({ participantEvents: 3, windowMs: 1_500 });
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const socket = connect(running.url, { token });
    await connected(socket);
    const join = () => socket.timeout(5_000).emitWithAck('space:join', { spaceId: space.id });
    for (let i = 0; i < 3; i++) expect((await join()).ok).toBe(true);
    const refused = await join();
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(refused.error.message).toMatch(/try again in \d+ s/);
    // An event without an ack is dropped quietly, and the server lives on.
    socket.emit('space:leave', { spaceId: space.id });
    expect(socket.connected).toBe(true);
    // A second participant from the same address is not held back.
    const other = connect(running.url, { token: (await newParticipant(running.url)).token });
    await connected(other);
    expect((await other.timeout(5_000).emitWithAck('space:join', { spaceId: space.id })).ok).toBe(true);
    await sleep(1_700);
    expect((await join()).ok).toBe(true);
  });

  it('take a forged handshake token for no one: its events do not spend the participant it names', async () => {
    const running = await serverWith({ participantEvents: 2, windowMs: 60_000 });
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const [header, payload, signature] = token.split('.');
    const forged = [`${header}.${payload}.${signature!.slice(0, -3)}AAA`, `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`];
    for (const fake of forged) {
      const socket = connect(running.url, { token: fake });
      await connected(socket);
      for (let i = 0; i < 3; i++) expect((await socket.timeout(5_000).emitWithAck('space:join', { spaceId: space.id })).ok).toBe(true);
    }
    const real = connect(running.url, { token });
    await connected(real);
    const join = () => real.timeout(5_000).emitWithAck('space:join', { spaceId: space.id });
    expect((await join()).ok).toBe(true);
    expect((await join()).ok).toBe(true);
    expect(await join()).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('by default let 300 people behind one address follow a space and answer over the socket at once', async () => {
    const running = await serverWith({});
    const { space } = await makeSpace(running.server, { ideas: ['Parks', 'Buses', 'Libraries', 'Bike lanes', 'Schools', 'Sauna'] });
    const people = await Promise.all(Array.from({ length: 300 }, () => newParticipant(running.url)));
    const refusals: unknown[] = [];
    await Promise.all(
      people.map(async ({ token }) => {
        const socket = connect(running.url, { token });
        await connected(socket);
        for (let i = 0; i < 3; i++) {
          const joined = await socket.timeout(10_000).emitWithAck('space:join', { spaceId: space.id });
          if (!joined.ok) refusals.push(joined);
        }
        const { appearance } = (await nextPair(running.url, space.id, token)).body;
        const ack = await socket.timeout(10_000).emitWithAck('appearance:answer', { appearanceId: appearance.id, kind: 'vote', body: { winnerId: appearance.left.id } });
        if (!ack.ok) refusals.push(ack);
      }),
    );
    expect(refusals).toEqual([]);
    expect(DEFAULT_LIMITS.addressEvents).toBeGreaterThan(300 * 60);
  }, 60_000);

  it('count connections and events per address, and refuse a connection over it with the code', async () => {
    const running = await serverWith({ addressEvents: 4, windowMs: 60_000 });
    const { space } = await makeSpace(running.server);
    const socket = connect(running.url);
    await connected(socket);
    for (let i = 0; i < 3; i++) expect((await socket.timeout(5_000).emitWithAck('space:join', { spaceId: space.id })).ok).toBe(true);
    expect(await socket.timeout(5_000).emitWithAck('space:join', { spaceId: space.id })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const refused = connect(running.url);
    const error = await connected(refused).then(
      () => null,
      (e: Error & { data?: { code?: string } }) => e,
    );
    expect(error?.message).toMatch(/Too many connections/);
    expect(error?.data?.code).toBe('rate_limited');
    expect((await call(running.url, '/api/health')).status).toBe(200);
  });
});

describe('engine.io handshakes', () => {
  it('are counted per address too, so sessions that never join a space cannot pile up', async () => {
    const running = await serverWith({ addressEvents: 3, windowMs: 60_000 });
    const handshake = () => fetch(`${running.url}/socket.io/?EIO=4&transport=polling`);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await handshake()).status);
    expect(statuses).toEqual([200, 200, 200, 403]);
    const refused = (await (await handshake()).json()) as { message: string };
    expect(refused.message).toMatch(/Too many connections from this address; try again in \d+ s/);
    expect((await call(running.url, '/api/health')).status).toBe(200);
  });
});

describe('request size', () => {
  it('answers a REST body over the limit with 413 and stores nothing', async () => {
    const running = await serverWith({});
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const huge = { text: 'x'.repeat(BODY_LIMIT_BYTES + 1) };
    const answer = await call(running.url, `/api/spaces/${space.id}/ideas`, { body: huge, token });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
    expect(answer.body.error.message).toContain(String(BODY_LIMIT_BYTES));
    const ideas = await call(running.url, `/api/spaces/${space.id}/ideas`);
    expect(ideas.body.ideas).toHaveLength(4);
  });

  it('names the limit of the route in its 413: a reflection may be larger than other bodies', async () => {
    const running = await serverWith({});
    const { space, adminKey } = await makeSpace(running.server, { ideas: [] });
    const journal = { modules: [{ id: 'm1', title: 'Moduuli 1', prompts: [{ id: 'p1', text: 'Mitä opit?' }] }], facilitatorsCanRead: false };
    expect((await call(running.url, `/api/spaces/${space.id}/journal`, { method: 'PUT', body: journal, key: adminKey })).status).toBe(200);
    const { token } = await newParticipant(running.url);
    const path = `/api/spaces/${space.id}/journal/reflections/p1`;
    const fits = await call(running.url, path, { method: 'PUT', body: { body: 'ä'.repeat(10_000), baseRevision: 0 }, token });
    expect(fits.status).toBe(200);
    const tooLarge = await call(running.url, path, { method: 'PUT', body: { body: 'x'.repeat(40_000), baseRevision: 1 }, token });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toMatch(/larger than \d{5} bytes/);
    expect(tooLarge.body.error.message).not.toContain(String(BODY_LIMIT_BYTES));
  });

  it('answers headers over the limit with 431 and an ErrorBody, before any route', async () => {
    const running = await serverWith({});
    const answer = await call(running.url, '/api/health', { headers: { 'x-tori-moderator': 'x'.repeat(20_000) } });
    expect(answer.status).toBe(431);
    expect(answer.body.error).toEqual({ code: 'bad_request', message: 'The request headers are larger than the server accepts.' });
    expect((await call(running.url, '/api/health')).status).toBe(200);
  });

  it('closes a websocket that sends a message over the limit, and answers a polling one 413, the server living on', async () => {
    const running = await serverWith({});
    const { space } = await makeSpace(running.server);
    const socket = connect(running.url);
    await connected(socket);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('space:join', { spaceId: space.id, padding: 'x'.repeat(BODY_LIMIT_BYTES * 2) });
    expect(await closed).toMatch(/transport (close|error)/);

    const handshake = await fetch(`${running.url}/socket.io/?EIO=4&transport=polling`);
    const sid = /"sid":"([^"]+)"/.exec(await handshake.text())?.[1];
    expect(sid).toBeTruthy();
    const tooLarge = await fetch(`${running.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: `42["space:join",{"spaceId":"${'x'.repeat(BODY_LIMIT_BYTES * 2)}"}]`,
    });
    expect(tooLarge.status).toBe(413);

    const again = connect(running.url);
    await connected(again);
    expect((await again.timeout(5_000).emitWithAck('space:join', { spaceId: space.id })).ok).toBe(true);
  });
});

describe('tori-server serve', () => {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const started: ChildProcess[] = [];
  afterAll(() => {
    for (const child of started) child.kill('SIGKILL');
  });

  function serve(args: string[], env: Record<string, string> = {}): Promise<{ url?: string; code?: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [cli, 'serve', '--host', '127.0.0.1', '--port', '0', '--quiet', '--no-demo', '--data', join(tempDir(), 'tori.db'), ...args], {
        env: { ...process.env, DATABASE_URL: '', PORT: '', ...env },
      });
      started.push(child);
      let output = '';
      const listen = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/\S+)/.exec(output);
        if (match) resolve({ url: match[1]!, output });
      };
      child.stdout.on('data', listen);
      child.stderr.on('data', listen);
      child.on('exit', (code) => resolve({ code, output }));
    });
  }

  it('takes the limits from its flags and the environment', async () => {
    const { url } = await serve(['--rate-address', '3'], { TORI_RATE_NEW_PARTICIPANTS: '1' });
    expect(url).toBeDefined();
    expect((await call(url!, '/api/participants', { method: 'POST', body: {} })).status).toBe(201);
    expect((await call(url!, '/api/participants', { method: 'POST', body: {} })).status).toBe(429);
    expect((await call(url!, '/api/health')).status).toBe(200);
    expectRateLimited(await call(url!, '/api/health'));
  });

  it('refuses a limit that is not a number, naming it, before it starts', async () => {
    const flag = await serve(['--rate-participant', 'many']);
    expect(flag.code).toBe(2);
    expect(flag.output).toContain('--rate-participant must be a whole number of 1 or more, not "many"');
    const variable = await serve([], { TORI_TRUST_PROXY: 'perhaps' });
    expect(variable.code).toBe(2);
    expect(variable.output).toContain('TORI_TRUST_PROXY must be true or false');
  });
});

describe('limit settings', () => {
  it('take the defaults, and refuse limits that are not positive whole numbers', () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ participantRequests: 10, trustProxy: true })).toMatchObject({ participantRequests: 10, trustProxy: true, addressRequests: 30_000 });
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => resolveLimits({ addressRequests: bad })).toThrow(/addressRequests must be a whole number/);
    }
  });

  it('read flags before the environment, and name the source of a bad value', () => {
    expect(limitsFromSettings({ 'rate-participant': '50' }, { TORI_RATE_PARTICIPANT: '70', TORI_RATE_ADDRESS: '9000' })).toEqual({
      participantRequests: 50,
      addressRequests: 9000,
    });
    expect(limitsFromSettings({ 'trust-proxy': true }, {})).toEqual({ trustProxy: true });
    expect(limitsFromSettings({}, { TORI_TRUST_PROXY: 'false' })).toEqual({ trustProxy: false });
    expect(() => limitsFromSettings({ 'rate-window-ms': 'soon' }, {})).toThrow('--rate-window-ms must be a whole number of 1 or more, not "soon"');
    expect(() => limitsFromSettings({}, { TORI_RATE_ADDRESS_EVENTS: '0' })).toThrow(/TORI_RATE_ADDRESS_EVENTS/);
    expect(() => limitsFromSettings({}, { TORI_TRUST_PROXY: 'maybe' })).toThrow(/TORI_TRUST_PROXY must be true or false/);
  });
});
