// Two real `tori-server serve` processes on one PostgreSQL database and one Redis, as behind a load balancer.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type JoinAck, RESULTS_INTERVAL_MS, type Results } from '@tori/protocol';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { call, freshDatabase, newParticipant, nextPair, removeTempDirs, tempDir, testPostgres, testRedis, vote } from './helpers.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const available = Boolean(testPostgres && testRedis);
if (!available) {
  if (process.env.CI) throw new Error('TORI_TEST_REDIS is not set: CI runs the several-nodes test (see .ci/run).');
  console.warn('nodes.test.ts: skipped: Redis not available (set TORI_TEST_REDIS=redis://host:port to run the several-nodes test).');
}

interface Node {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
}

const children: ChildProcess[] = [];
const sockets: Socket[] = [];
let databaseUrl: string;

/** Starts a node and resolves once it printed its address. */
function startNode(port = 0): Promise<Node> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: testRedis };
    delete env.PORT;
    const child = spawn(process.execPath, [cli, 'serve', '--host', '127.0.0.1', '--port', String(port), '--quiet', '--no-demo'], { env });
    children.push(child);
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        resolve({ child, url: match[1]!, port: Number(new URL(match[1]!).port), output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`node exited with ${code} before it listened:\n${output}`)));
  });
}

function stopNode(node: Node): Promise<number | null> {
  return new Promise((resolve) => {
    node.child.once('exit', (code) => resolve(code));
    node.child.kill('SIGTERM');
  });
}

function connect(url: string, options: { reconnection?: boolean } = {}): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Resolves with the first event `name` whose payload passes `test`, or fails after `ms`. */
function nextEvent<T>(socket: Socket, name: string, test: (payload: T) => boolean = () => true, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(name, listener);
      reject(new Error(`no ${name} within ${ms} ms`));
    }, ms);
    const listener = (payload: T) => {
      if (!test(payload)) return;
      clearTimeout(timer);
      socket.off(name, listener);
      resolve(payload);
    };
    socket.on(name, listener);
  });
}

async function makeSpaceIn(id: string): Promise<void> {
  const server = await createServer({ databaseUrl, logger: false });
  try {
    await server.createSpace({ id, title: 'Kaupunkistrategia', question: 'Kumpi?', ideas: ['Puistot', 'Joukkoliikenne', 'Kirjastot'], allowedOrigins: ['*'] });
  } finally {
    await server.close();
  }
}

async function voteThrough(url: string, spaceId: string): Promise<void> {
  const { token } = await newParticipant(url);
  const { appearance } = (await nextPair(url, spaceId, token)).body;
  expect((await vote(url, appearance.id, appearance.left.id, token)).status).toBe(201);
}

async function postThrough(url: string, spaceId: string, text: string): Promise<void> {
  const { token } = await newParticipant(url);
  expect((await call(url, `/api/spaces/${spaceId}/ideas`, { body: { text }, token })).status).toBe(201);
}

describe('the Redis address', () => {
  it('is refused clearly when it is not redis:// or nothing answers there', async () => {
    await expect(createServer({ dataFile: join(tempDir(), 'tori.db'), redisUrl: 'http://127.0.0.1:6379', logger: false })).rejects.toThrow(
      /must start with redis:\/\/ or rediss:\/\//,
    );
    await expect(createServer({ dataFile: join(tempDir(), 'tori.db'), redisUrl: 'redis://127.0.0.1:1', logger: false })).rejects.toThrow(
      /cannot reach Redis at 127\.0\.0\.1:1/,
    );
  });
});

describe.skipIf(!available)('several nodes on PostgreSQL and Redis', () => {
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    databaseUrl = await freshDatabase();
    await makeSpaceIn('kaupunki');
    // Both at once: the second waits on the first's migration lock instead of migrating too.
    [a, b] = await Promise.all([startNode(), startNode()]);
  }, 60_000);

  afterAll(() => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    removeTempDirs();
  });

  it('a vote through node A reaches a screen on node B, and B answers fresh results', async () => {
    const screen = await connect(b.url);
    const ack: JoinAck = await screen.timeout(5_000).emitWithAck('space:join', { spaceId: 'kaupunki' });
    expect(ack.ok).toBe(true);
    expect((await call(b.url, '/api/spaces/kaupunki/results')).body.votes).toBe(0); // B has computed (and cached) them

    const posted = nextEvent<{ idea: { text: string } }>(screen, 'idea:posted', (e) => e.idea.text === 'Pyörätiet');
    await postThrough(a.url, 'kaupunki', 'Pyörätiet');
    await posted;

    const counted = nextEvent<{ results: Results }>(screen, 'results', (e) => e.results.votes === 1);
    const votedAt = Date.now();
    await voteThrough(a.url, 'kaupunki');
    await counted;
    expect(Date.now() - votedAt).toBeLessThan(1_500);
    expect((await call(b.url, '/api/spaces/kaupunki/results')).body.votes).toBe(1);
  });

  it('coalesces per screen when votes come through both nodes', async () => {
    const screen = await connect(b.url);
    await screen.timeout(5_000).emitWithAck('space:join', { spaceId: 'kaupunki' });
    const before = (await call(b.url, '/api/spaces/kaupunki/results')).body.votes as number;
    const seen: number[] = [];
    screen.on('results', (e: { results: Results }) => seen.push(e.results.votes));
    const started = Date.now();
    await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => voteThrough(i % 2 === 0 ? a.url : b.url, 'kaupunki')));
    await nextEvent<{ results: Results }>(screen, 'results', (e) => e.results.votes === before + 8);
    const took = Date.now() - started;
    // One message right away, then at most one per interval: never one per vote per node.
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(took / RESULTS_INTERVAL_MS) + 1);
    expect(seen.length).toBeLessThan(8);
  });

  it('a client of a restarted node recovers its rooms and the events it missed', async () => {
    const onB = await connect(b.url);
    await onB.timeout(5_000).emitWithAck('space:join', { spaceId: 'kaupunki' });
    const screen = await connect(a.url, { reconnection: true });
    const ack: JoinAck = await screen.timeout(5_000).emitWithAck('space:join', { spaceId: 'kaupunki' });
    expect(ack.ok).toBe(true);
    // One event through the stream gives the client an offset to recover from.
    const first = nextEvent<{ idea: { text: string } }>(screen, 'idea:posted', (e) => e.idea.text === 'Uimahalli');
    await postThrough(b.url, 'kaupunki', 'Uimahalli');
    await first;

    const lost = new Promise<string>((resolve) => screen.once('disconnect', resolve));
    expect(await stopNode(a)).toBe(0);
    expect(await lost).toBe('transport close');
    const missed = nextEvent<{ idea: { text: string } }>(screen, 'idea:posted', (e) => e.idea.text === 'Kirjastoauto', 15_000);
    const seenOnB = nextEvent<{ idea: { text: string } }>(onB, 'idea:posted', (e) => e.idea.text === 'Kirjastoauto');
    await postThrough(b.url, 'kaupunki', 'Kirjastoauto'); // while A is down
    // A's shutdown closed only its own connections.
    await seenOnB;
    expect(onB.connected).toBe(true);

    const reconnected = new Promise<void>((resolve) => screen.once('connect', () => resolve()));
    const current = nextEvent<{ results: Results }>(screen, 'results', () => true, 15_000);
    a = await startNode(a.port);
    await reconnected;
    expect(screen.recovered).toBe(true);
    await missed;
    // Results are not in the stream: the node sends the current ones to a recovered client at once.
    expect((await current).results.ideas.map((i) => i.text)).toContain('Kirjastoauto');

    // Still in the room without joining again: a vote through B reaches it on the new A.
    const votes = (await call(b.url, '/api/spaces/kaupunki/results')).body.votes as number;
    const counted = nextEvent<{ results: Results }>(screen, 'results', (e) => e.results.votes === votes + 1);
    await voteThrough(b.url, 'kaupunki');
    await counted;
  }, 30_000);
});
