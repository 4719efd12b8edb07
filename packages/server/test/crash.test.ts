// kill -9 mid-load: the server is the built CLI in a child process; participants vote through @tori/core's Outbox
// (half over the socket's `appearance:answer`, half over REST), the process is killed without warning, restarted on
// the same data, and the outboxes deliver what was left. Every acknowledged vote must be stored, and every vote once.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Outbox, ToriError, memoryStore } from '@tori/core';
import type { AnswerAck, AnswerEventAck } from '@tori/protocol';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { type Socket, io } from 'socket.io-client';
import { afterAll, expect, it } from 'vitest';
import { call, engine, freshDatabase, newParticipant, nextPair, removeTempDirs, sleep, tempDir } from './helpers.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const children = new Set<ChildProcess>();
const PARTICIPANTS = 16;
const VOTING_MS = 1_500;
const SPACE = 'crash';

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  removeTempDirs();
});

interface Node {
  child: ChildProcess;
  url: string;
}

function cli$(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [cli, ...args], { env, cwd: tempDir(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function finished(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function serve(data: string[], env: NodeJS.ProcessEnv): Promise<Node> {
  // The participants of this test are all on one address: the limits would refuse them, not the crash.
  const unlimited = ['--rate-participant', '--rate-address', '--rate-participant-events', '--rate-address-events'].flatMap((f) => [f, '1000000']);
  const child = cli$(['serve', '--host', '127.0.0.1', '--port', '0', '--quiet', '--no-demo', ...data, ...unlimited], env);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** Rows of `votes` per appearance, straight from the database the server wrote. */
async function storedVotes(dataFile: string, databaseUrl: string | undefined): Promise<Map<string, number>> {
  const query = 'select appearance_id as id, count(*) as n from votes group by appearance_id';
  let rows: { id: string; n: number | string }[];
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      rows = (await client.query(query)).rows;
    } finally {
      await client.end();
    }
  } else {
    const db = new SQLite(dataFile, { readonly: true });
    try {
      rows = db.prepare(query).all() as typeof rows;
    } finally {
      db.close();
    }
  }
  return new Map(rows.map((row) => [row.id, Number(row.n)]));
}

it('loses no acknowledged vote to kill -9, and the outboxes deliver the rest exactly once after the restart', async () => {
  const dataFile = join(tempDir(), 'tori.db');
  const databaseUrl = engine === 'postgres' ? await freshDatabase() : undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '' };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const data = ['--data', dataFile];

  const ideas = ['Parks', 'Buses', 'Libraries', 'Bike lanes', 'Schools', 'Sauna', 'Markets', 'Libraries on wheels', 'Skate park', 'Benches'];
  const created = cli$(['space', 'create', '--id', SPACE, '--title', 'Crash', '--question', 'Which matters more?', '--origin', '*', ...data, ...ideas.flatMap((i) => ['--idea', i])], env);
  expect(await finished(created)).toBe(0);

  let node = await serve(data, env);
  let up = true;

  const people = await Promise.all(
    Array.from({ length: PARTICIPANTS }, async (_, i) => {
      const { token } = await newParticipant(node.url);
      const overSocket = i % 2 === 0;
      const person = {
        token,
        overSocket,
        socket: undefined as Socket | undefined,
        /** Every vote this person cast (added to the outbox), and the ones the server acknowledged. */
        cast: new Set<string>(),
        acknowledged: new Set<string>(),
        outbox: undefined as unknown as Outbox,
      };
      person.outbox = new Outbox({
        store: memoryStore(),
        key: `tori:outbox:crash:${i}`,
        idOf: (answer) => answer.appearanceId,
        isOnline: () => up,
        locks: null,
        retryMs: 50,
        maxRetryMs: 200,
        send: async (answer): Promise<AnswerAck> => {
          if (person.overSocket) {
            const socket = person.socket;
            if (!socket?.connected) throw ToriError.network();
            let ack: AnswerEventAck;
            try {
              ack = await socket.timeout(2_000).emitWithAck('appearance:answer', { appearanceId: answer.appearanceId, kind: answer.kind, body: answer.body });
            } catch (error) {
              throw ToriError.network(error);
            }
            if (!ack.ok) throw new ToriError(ack.status ?? 429, ack.error.code, ack.error.message);
            const { ok: _ok, ...rest } = ack;
            return rest;
          }
          let answered;
          try {
            answered = await call<AnswerAck>(node.url, `/api/appearances/${answer.appearanceId}/${answer.kind}`, { body: answer.body, token });
          } catch (error) {
            throw ToriError.network(error);
          }
          if (answered.status >= 400) throw ToriError.fromBody(answered.status, answered.body);
          return answered.body;
        },
      });
      return person;
    }),
  );

  const connect = async (url: string) => {
    await Promise.all(
      people
        .filter((person) => person.overSocket)
        .map(async (person) => {
          const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: person.token } });
          await new Promise<void>((resolve, reject) => {
            socket.once('connect', resolve);
            socket.once('connect_error', reject);
          });
          person.socket = socket;
        }),
    );
  };
  await connect(node.url);

  /** A pair each person holds for the vote cast while the server is down. */
  const held = new Map<(typeof people)[number], { id: string; winnerId: string }>();
  const vote = async (person: (typeof people)[number], pair: { id: string; winnerId: string }) => {
    person.cast.add(pair.id);
    const outcome = await person.outbox.add({ kind: 'vote', spaceId: SPACE, appearanceId: pair.id, body: { winnerId: pair.winnerId }, queuedAt: new Date().toISOString() });
    if (outcome.status === 'sent') person.acknowledged.add(pair.id);
  };
  const fetchPair = async (person: (typeof people)[number]) => {
    const { body } = await nextPair(node.url, SPACE, person.token);
    return { id: body.appearance.id as string, winnerId: body.appearance.left.id as string };
  };

  // Everyone votes as fast as the server acknowledges, until the process is killed under them.
  const stopAt = Date.now() + VOTING_MS;
  const voting = people.map(async (person) => {
    held.set(person, await fetchPair(person));
    while (up && Date.now() < stopAt + 5_000) {
      let pair;
      try {
        pair = await fetchPair(person);
      } catch {
        return; // the server is gone
      }
      await vote(person, pair);
    }
  });
  await sleep(VOTING_MS);
  node.child.kill('SIGKILL');
  await finished(node.child);
  up = false;
  await Promise.all(voting);
  for (const person of people) person.socket?.close();

  // While it is down, each person casts one more: kept in the outbox.
  await Promise.all(people.map((person) => vote(person, held.get(person)!)));
  const acknowledgedBeforeRestart = people.flatMap((person) => [...person.acknowledged]);
  const castBeforeRestart = people.flatMap((person) => [...person.cast]);
  expect(acknowledgedBeforeRestart.length).toBeGreaterThan(PARTICIPANTS);
  expect(people.every((person) => person.outbox.pending() >= 1)).toBe(true);

  // Every vote acknowledged before the crash is in the database, before any outbox resends anything.
  const afterCrash = await storedVotes(dataFile, databaseUrl);
  expect(acknowledgedBeforeRestart.filter((id) => !afterCrash.has(id))).toEqual([]);

  node = await serve(data, env);
  await connect(node.url);
  up = true;
  await Promise.all(people.map((person) => person.outbox.flush()));
  const deadline = Date.now() + 15_000;
  while (people.some((person) => person.outbox.pending() > 0) && Date.now() < deadline) await sleep(50);
  expect(people.map((person) => person.outbox.pending())).toEqual(people.map(() => 0));

  const stored = await storedVotes(dataFile, databaseUrl);
  // No lost votes: everything cast is stored. No doubles: one row each, and nothing that was not cast.
  expect(castBeforeRestart.filter((id) => !stored.has(id))).toEqual([]);
  expect([...stored].filter(([, rows]) => rows !== 1)).toEqual([]);
  expect(stored.size).toBe(castBeforeRestart.length);
  // The server's own count agrees.
  const results = await call(node.url, `/api/spaces/${SPACE}/results`);
  expect(results.body.votes).toBe(castBeforeRestart.length);

  for (const person of people) {
    person.socket?.close();
    person.outbox.dispose();
  }
  node.child.kill('SIGTERM');
  await finished(node.child);
}, 60_000);
