// What keeps a busy space fast must not bend its rules: results to more screens than one turn writes to, answers
// sharing a commit with refused ones, remembered tokens, and the WAL checkpointed beside the event loop.
import { existsSync, statSync } from 'node:fs';
import { RESULTS_INTERVAL_MS, type Results } from '@tori/protocol';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { RESULTS_SCREENS_PER_TURN } from '../src/live.js';
import { CHECKPOINT_INTERVAL_MS } from '../src/storage/sqlite.js';
import { call, engine, liveServer, makeSpace, newParticipant, nextPair, sleep, startServer, vote } from './helpers.js';

const running = liveServer();

async function screen(spaceId: string): Promise<{ socket: Socket; results: Results[] }> {
  const socket = await running.connect();
  // Results come only after the join: listening once connected misses none.
  const results: Results[] = [];
  socket.on('results', (event: { results: Results }) => results.push(event.results));
  const ack = await socket.timeout(5_000).emitWithAck('space:join', { spaceId });
  if (!ack.ok) throw new Error(ack.error.message);
  return { socket, results };
}

async function pairs(spaceId: string, token: string, count: number) {
  const held = [];
  for (let i = 0; i < count; i++) held.push((await nextPair(running.url, spaceId, token)).body.appearance);
  return held;
}

describe('a busy space', () => {
  it('sends each vote to every screen when more follow it than one turn of the event loop writes to', async () => {
    const { space } = await makeSpace(running.server);
    const screens = [];
    // Connected in batches, as a hall's phones do: not all in one instant.
    for (let i = 0; i < RESULTS_SCREENS_PER_TURN + 60; i += 50) {
      screens.push(...(await Promise.all(Array.from({ length: Math.min(50, RESULTS_SCREENS_PER_TURN + 60 - i) }, () => screen(space.id)))));
    }
    const leaver = screens.pop()!;
    expect(await leaver.socket.timeout(5_000).emitWithAck('space:leave', { spaceId: space.id })).toEqual({ ok: true });

    const { token } = await newParticipant(running.url);
    const [appearance] = await pairs(space.id, token, 1);
    expect((await vote(running.url, appearance.id, appearance.left.id, token)).status).toBe(201);

    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && screens.some((s) => !s.results.some((r) => r.votes === 1))) await sleep(25);
    expect(screens.filter((s) => s.results.some((r) => r.votes === 1))).toHaveLength(screens.length);
    // The leaver is still connected, and not sent the results of a space it left.
    expect(leaver.socket.connected).toBe(true);
    expect(leaver.results).toEqual([]);
  });

  it('gives every screen the same results while votes keep coming: whole sends, each at least an interval apart', async () => {
    const { space } = await makeSpace(running.server);
    const screens = [];
    // Two turns of writes per send, so a send is under way across turns of the event loop.
    for (let i = 0; i < RESULTS_SCREENS_PER_TURN + 60; i += 50) {
      screens.push(...(await Promise.all(Array.from({ length: Math.min(50, RESULTS_SCREENS_PER_TURN + 60 - i) }, () => screen(space.id)))));
    }
    const arrivals = screens.map((s) => {
      const at: number[] = [];
      s.socket.on('results', () => at.push(performance.now()));
      return at;
    });

    // One vote every 100 ms for two seconds: faster than results are sent, so they must be coalesced.
    const { token } = await newParticipant(running.url);
    const held = await pairs(space.id, token, 20);
    for (const appearance of held) {
      expect((await vote(running.url, appearance.id, appearance.left.id, token)).status).toBe(201);
      await sleep(100);
    }
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && screens.some((s) => s.results.at(-1)?.votes !== held.length)) await sleep(25);

    const counts = (s: { results: Results[] }) => s.results.map((r) => r.votes);
    expect(counts(screens[0]!).at(-1)).toBe(held.length);
    // Fewer messages than votes (coalesced), and the very same ones on every screen (no send cut short by the next).
    expect(counts(screens[0]!).length).toBeLessThan(held.length);
    for (const s of screens) expect(counts(s)).toEqual(counts(screens[0]!));
    // Sends are spaced by the interval. One arrival may be late on a busy machine (this process runs the server too),
    // which shortens the gap after it, so each gap only has to be far from back to back, and the typical one the interval.
    for (const at of arrivals) {
      const gaps = at.slice(1).map((t, i) => t - at[i]!);
      for (const gap of gaps) expect(gap).toBeGreaterThan(RESULTS_INTERVAL_MS / 4);
      expect(gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!).toBeGreaterThan(RESULTS_INTERVAL_MS * 0.8);
    }
  });

  it('stores every good answer of a moment even when refused ones share its commit', async () => {
    const { space } = await makeSpace(running.server);
    const alice = await newParticipant(running.url);
    const bob = await newParticipant(running.url);
    const held = await pairs(space.id, alice.token, 5);
    const first = held[0];
    expect((await vote(running.url, first.id, first.left.id, alice.token)).status).toBe(201);

    // All at once, so they meet in one group commit: four good votes and three that are refused.
    const answers = await Promise.all([
      ...held.slice(1).map((a) => vote(running.url, a.id, a.right.id, alice.token)),
      vote(running.url, first.id, first.right.id, alice.token), // a changed answer
      vote(running.url, held[1].id, held[1].left.id, bob.token), // another's pair
      vote(running.url, '0193a7d4-0000-7000-8000-000000000000', first.left.id, alice.token), // no such pair
    ]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 409, 403, 404]);
    expect(answers.slice(0, 4).map((a) => a.body.answeredByYou).sort()).toEqual([2, 3, 4, 5]);

    const stored = await running.server.db
      .selectFrom('votes')
      .select(['appearance_id', 'winner_id', 'participant_id'])
      .where('space_id', '=', space.id)
      .execute();
    expect(stored).toHaveLength(5);
    expect(new Set(stored.map((v) => v.participant_id))).toEqual(new Set([alice.participantId]));
    expect(stored.find((v) => v.appearance_id === first.id)?.winner_id).toBe(first.left.id);
    const results = (await call(running.url, `/api/spaces/${space.id}/results`)).body;
    expect(results).toMatchObject({ votes: 5, participants: 1 });
  });

  it('remembers a token only as itself: once it has been used, an altered copy is still refused', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    expect((await nextPair(running.url, space.id, token)).status).toBe(200);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const altered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;
    expect((await nextPair(running.url, space.id, altered)).status).toBe(401);
    expect((await nextPair(running.url, space.id, `${token.slice(0, -2)}xx`)).status).toBe(401);
    expect((await nextPair(running.url, space.id, token)).status).toBe(200);
  });

  it.skipIf(engine !== 'sqlite')('copies the WAL into the database file beside the event loop, and leaves no WAL once closed', async () => {
    const own = await startServer();
    const before = statSync(own.dataFile).size;
    await makeSpace(own.server, { ideas: Array.from({ length: 300 }, (_, i) => `Idea number ${i + 1} for the checkpoint`) });
    // Far below SQLite's own 1,000 pages, so only the checkpointer moves these pages into the file.
    const deadline = Date.now() + 20 * CHECKPOINT_INTERVAL_MS;
    while (Date.now() < deadline && statSync(own.dataFile).size <= before) await sleep(CHECKPOINT_INTERVAL_MS / 2);
    expect(statSync(own.dataFile).size).toBeGreaterThan(before);
    // Closed means closed: the last connection took the WAL into the file and away, so a copy of the file is whole.
    await own.close();
    expect(existsSync(`${own.dataFile}-wal`)).toBe(false);
  });
});
