import type { JoinAck, Results, ResultsUpdate } from '@tori/protocol';
import { RESULTS_INTERVAL_MS } from '@tori/protocol';
import type { Socket } from 'socket.io-client';
import { describe, expect, it, vi } from 'vitest';
import { call, liveServer, makeSpace, newParticipant, nextPair, sleep, startServer, vote } from './helpers.js';

const running = liveServer();
const { connect } = running;

function join(socket: Socket, payload: unknown): Promise<JoinAck> {
  return socket.timeout(5_000).emitWithAck('space:join', payload);
}

async function votes(spaceId: string, count: number) {
  const { token } = await newParticipant(running.url);
  for (let i = 0; i < count; i++) {
    const { appearance } = (await nextPair(running.url, spaceId, token)).body;
    await vote(running.url, appearance.id, appearance.left.id, token);
  }
}

describe('following a space live', () => {
  it('joins with the space and its results in the ack', async () => {
    const { space } = await makeSpace(running.server);
    const socket = await connect();
    const ack = await join(socket, { spaceId: space.id });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.space).toMatchObject({ id: space.id, ideaCount: 4 });
    expect(ack.results).toMatchObject({ spaceId: space.id, votes: 0 });
    expect(await socket.timeout(5_000).emitWithAck('space:leave', { spaceId: space.id })).toEqual({ ok: true });
  });

  it('refuses unknown spaces and bad payloads in the ack', async () => {
    const socket = await connect();
    const unknown = await join(socket, { spaceId: 'no-such-space' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    for (const garbage of [null, 42, 'demo', [], { spaceId: 7 }, { spaceId: 'ok-id', extra: true }, { spaceId: 'x'.repeat(500) }]) {
      const ack = await join(socket, garbage);
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_body' } });
    }
  });

  it('survives garbage: no ack, no payload, unknown events, huge payloads', async () => {
    const { space } = await makeSpace(running.server);
    const socket = await connect();
    socket.emit('space:join');
    socket.emit('space:join', { spaceId: space.id });
    socket.emit('space:leave', 'nonsense');
    socket.emit('no-such-event', { a: 1 }, () => {});
    socket.emit('space:join', undefined, undefined, 'more');
    const noPayload = await socket.timeout(5_000).emitWithAck('space:join');
    expect(noPayload).toMatchObject({ ok: false });
    await sleep(50);
    expect(socket.connected).toBe(true);
    // A packet over the size limit closes that connection only; the server keeps serving others.
    socket.emit('space:join', { spaceId: 'x'.repeat(100_000) });
    await sleep(100);
    const other = await connect();
    expect((await join(other, { spaceId: space.id })).ok).toBe(true);
    expect((await call(running.url, '/api/health')).status).toBe(200);
  });

  it('sends results within a second of a vote', async () => {
    const { space } = await makeSpace(running.server);
    const socket = await connect();
    await join(socket, { spaceId: space.id });
    const arrived = new Promise<{ results: Results; at: number }>((resolve) =>
      socket.on('results', ({ results }: { results: Results }) => resolve({ results, at: Date.now() })),
    );
    const sentAt = Date.now();
    await votes(space.id, 1);
    const { results, at } = await arrived;
    expect(results.votes).toBe(1);
    expect(at - sentAt).toBeLessThan(1_000);
  });

  it('coalesces a burst of votes into a few results messages', async () => {
    const { space } = await makeSpace(running.server, { ideas: Array.from({ length: 12 }, (_, i) => `Theme ${i + 1}`) });
    const socket = await connect();
    await join(socket, { spaceId: space.id });
    const received: Results[] = [];
    socket.on('results', ({ results }: { results: Results }) => received.push(results));

    const started = Date.now();
    await Promise.all([votes(space.id, 25), votes(space.id, 25)]);
    const took = Date.now() - started;
    await sleep(RESULTS_INTERVAL_MS * 2 + 200);

    expect(received.at(-1)?.votes).toBe(50);
    // At most one message per interval (plus the first, sent at once).
    expect(received.length).toBeLessThanOrEqual(Math.ceil(took / RESULTS_INTERVAL_MS) + 2);
    // Coalesced whatever the machine's pace: far fewer messages than votes (the bound above is the exact one).
    expect(received.length).toBeLessThan(50 / 2);
  });

  it('sends each text once: later results leave out the texts the room was sent, and carry an edited one', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const socket = await connect();
    const joined = await join(socket, { spaceId: space.id });
    const texts = joined.ok ? joined.results.ideas.map((idea) => idea.text) : [];
    expect(texts.length).toBeGreaterThan(1);
    const received: ResultsUpdate[] = [];
    socket.on('results', ({ results }: { results: ResultsUpdate }) => received.push(results));

    await votes(space.id, 1);
    await vi.waitFor(() => expect(received.some((results) => results.votes === 1)).toBe(true), { timeout: 3_000 });
    // The room's first message has every text; the next, after a vote, none.
    expect(received[0]!.ideas.map((idea) => idea.text).sort()).toEqual([...texts].sort());
    await votes(space.id, 1);
    await vi.waitFor(() => expect(received.some((results) => results.votes === 2)).toBe(true), { timeout: 3_000 });
    expect(received.at(-1)!.ideas.map((idea) => idea.text)).toEqual(texts.map(() => undefined));

    const edited = joined.ok ? joined.results.ideas[1]!.id : '';
    const patched = await call(running.url, `/api/spaces/${space.id}/ideas/${edited}`, { method: 'PATCH', body: { text: 'Corrected text' }, key: adminKey });
    expect(patched.status).toBe(200);
    await vi.waitFor(() => expect(received.at(-1)!.ideas.some((idea) => idea.text !== undefined)).toBe(true), { timeout: 3_000 });
    const last = received.at(-1)!;
    expect(last.ideas.filter((idea) => idea.text !== undefined)).toEqual([expect.objectContaining({ id: edited, text: 'Corrected text' })]);
    expect(last.ideas.map((idea) => idea.id).sort()).toEqual(joined.ok ? joined.results.ideas.map((idea) => idea.id).sort() : []);
  });

  it('tells the room about settings and idea changes', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const socket = await connect();
    await join(socket, { spaceId: space.id });
    const spaceEvent = new Promise<{ space: { votingOpen: boolean } }>((resolve) => socket.once('space', resolve));
    await call(running.url, `/api/spaces/${space.id}`, { method: 'PATCH', body: { votingOpen: false }, key: adminKey });
    expect((await spaceEvent).space.votingOpen).toBe(false);

    const ideasEvent = new Promise<{ spaceId: string }>((resolve) => socket.once('ideas:changed', resolve));
    const resultsEvent = new Promise<{ results: Results }>((resolve) => socket.once('results', resolve));
    const idea = (await call(running.url, `/api/spaces/${space.id}/ideas`)).body.ideas[0];
    await call(running.url, `/api/spaces/${space.id}/ideas/${idea.id}`, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });
    expect(await ideasEvent).toEqual({ spaceId: space.id });
    expect((await resultsEvent).results.ideas).toHaveLength(3);
  });

  it('sends no results to a screen that joined without them, but every other event; joining again switches', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const [phone, projector] = await Promise.all([connect(), connect()]);
    const joined = await join(phone, { spaceId: space.id, results: false });
    // The ack still carries the results of the moment.
    expect(joined).toMatchObject({ ok: true, results: { spaceId: space.id, votes: 0 } });
    await join(projector, { spaceId: space.id });
    const heard: string[] = [];
    phone.onAny((name: string) => heard.push(name));
    const projected: number[] = [];
    projector.on('results', ({ results }: { results: Results }) => projected.push(results.votes));

    await votes(space.id, 2);
    const idea = (await call(running.url, `/api/spaces/${space.id}/ideas`)).body.ideas[0];
    await call(running.url, `/api/spaces/${space.id}/ideas/${idea.id}`, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });
    await vi.waitFor(() => expect(heard).toEqual(expect.arrayContaining(['ideas:changed', 'idea:removed'])), { timeout: 3_000 });
    await vi.waitFor(() => expect(projected.at(-1)).toBe(2), { timeout: 3_000 });
    await sleep(RESULTS_INTERVAL_MS + 200);
    expect(heard).not.toContain('results');

    // Its results screen opened: joined again with them, it hears the next results; and without them, not again.
    expect(await join(phone, { spaceId: space.id, results: true })).toMatchObject({ ok: true });
    await votes(space.id, 1);
    await vi.waitFor(() => expect(heard).toContain('results'), { timeout: 3_000 });
    expect(await join(phone, { spaceId: space.id, results: false })).toMatchObject({ ok: true });
    await sleep(RESULTS_INTERVAL_MS + 200);
    heard.length = 0;
    await votes(space.id, 1);
    await vi.waitFor(() => expect(projected.at(-1)).toBe(4), { timeout: 3_000 });
    await sleep(RESULTS_INTERVAL_MS + 200);
    expect(heard).not.toContain('results');
    expect(await join(phone, { spaceId: space.id, results: 'no' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_body', message: expect.stringMatching(/"results": false/), issues: [{ path: 'results', message: 'results must be true or false' }] },
    });
  });

  it('sends nothing to a room nobody is in, nor to other rooms', async () => {
    const watched = await makeSpace(running.server);
    const other = await makeSpace(running.server);
    const socket = await connect();
    await join(socket, { spaceId: watched.space.id });
    const received: string[] = [];
    socket.on('results', ({ spaceId }: { spaceId: string }) => received.push(spaceId));
    await votes(other.space.id, 3);
    await sleep(RESULTS_INTERVAL_MS + 200);
    expect(received).toEqual([]);
  });

  it('accepts a participant token on the handshake, and ignores a bad one', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    expect((await join(await connect({ token }), { spaceId: space.id })).ok).toBe(true);
    expect((await join(await connect({ token: 'forged' }), { spaceId: space.id })).ok).toBe(true);
  });

  it('disconnects followers and closes promptly on shutdown', async () => {
    const own = await startServer();
    const { space } = await makeSpace(own.server);
    const socket = await connect({ url: own.url });
    expect((await join(socket, { spaceId: space.id })).ok).toBe(true);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const started = Date.now();
    await own.close();
    await disconnected;
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('checks the page origin against the space', async () => {
    const { space } = await makeSpace(running.server, { allowedOrigins: ['https://www.example.fi'] });
    const allowed = await connect({ origin: 'https://www.example.fi' });
    expect((await join(allowed, { spaceId: space.id })).ok).toBe(true);
    const foreign = await connect({ origin: 'https://evil.example' });
    const refused = await join(foreign, { spaceId: space.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'origin_not_allowed' } });
  });
});
