import { expect } from '@open-wc/testing';
import type { Results, ResultsUpdate } from '@tori/protocol';
import type { Socket } from 'socket.io-client';
import { executeServerCommand } from '@web/test-runner-commands';
import { createClient, ServerClient } from './client.js';
import { ToriError } from './errors.js';
import { memoryStore } from './storage.js';

interface ReferenceSpace {
  url: string;
  spaceId: string;
  adminKey: string;
}

const startSpace = (payload: Record<string, unknown> = {}) =>
  executeServerCommand<ReferenceSpace, Record<string, unknown>>('tori-reference-server', payload);

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Records the requests the client makes, to see which ones it did not need to make. */
function recordRequests(): { urls: string[]; restore: () => void } {
  const original = window.fetch;
  const urls: string[] = [];
  window.fetch = (input, init) => {
    urls.push(`${init?.method ?? 'GET'} ${String(input)}`);
    return original(input, init);
  };
  return { urls, restore: () => (window.fetch = original) };
}

describe('createClient against the reference server', function () {
  this.timeout(30_000);

  it('returns one client per server origin', async () => {
    const { url } = await startSpace();
    expect(createClient(url)).to.equal(createClient(`${url}/api/ignored`));
    expect(createClient(url).server).to.equal(new URL(url).origin);
    expect(() => createClient('mailto:someone@example.fi')).to.throw(ToriError);
  });

  it('issues a participant on first need, keeps it in localStorage and reuses it', async () => {
    const { url, spaceId } = await startSpace();
    const key = `tori:participant:${new URL(url).origin}`;
    localStorage.removeItem(key);
    const requests = recordRequests();
    try {
      const client = createClient(url);
      await client.getSpace(spaceId);
      expect(localStorage.getItem(key), 'no participant for reading').to.equal(null);
      await client.nextPair(spaceId);
      const stored = JSON.parse(localStorage.getItem(key)!) as { participantId: string; token: string };
      expect(stored.participantId).to.be.a('string');
      expect(stored.token).to.be.a('string');

      // A new page (a new client object) finds the same participant.
      const reloaded = new ServerClient(url);
      await reloaded.nextPair(spaceId);
      reloaded.dispose();
      expect(requests.urls.filter((request) => request.endsWith('/api/participants'))).to.have.length(1);
      expect(JSON.parse(localStorage.getItem(key)!)).to.deep.equal(stored);
    } finally {
      requests.restore();
    }
  });

  it('gets a new participant when the server refuses the stored token', async () => {
    const { url, spaceId } = await startSpace();
    const key = `tori:participant:${new URL(url).origin}`;
    localStorage.setItem(key, JSON.stringify({ participantId: 'someone', token: 'forged.token.value' }));
    const next = await createClient(url).nextPair(spaceId);
    expect(next.appearance).to.not.equal(null);
    expect(JSON.parse(localStorage.getItem(key)!).token).to.not.equal('forged.token.value');
  });

  it('gives a pair, acknowledges a vote, and a replay as a duplicate', async () => {
    const { url, spaceId } = await startSpace({ ideas: ['Parks and green areas', 'Public transport', 'Libraries'] });
    const client = createClient(url);
    const space = await client.getSpace(spaceId);
    expect(space).to.include({ id: spaceId, votingOpen: true, ideaCount: 3 });

    const { appearance } = await client.nextPair(spaceId);
    expect(appearance).to.not.equal(null);
    expect(['Parks and green areas', 'Public transport', 'Libraries']).to.include(appearance!.left.text);

    await until(() => client.online, 'the socket');
    const sent = await client.vote(spaceId, appearance!.id, appearance!.left.id);
    expect(sent).to.deep.equal({
      status: 'sent',
      ack: { appearanceId: appearance!.id, kind: 'vote', duplicate: false, answeredByYou: 1 },
    });
    const replay = await client.vote(spaceId, appearance!.id, appearance!.left.id);
    expect(replay.status === 'sent' && replay.ack.duplicate).to.equal(true);
    expect(client.pendingAnswers(spaceId)).to.equal(0);

    const otherwise = await client.vote(spaceId, appearance!.id, appearance!.right.id).catch((error: unknown) => error);
    expect(otherwise).to.be.instanceOf(ToriError);
    expect(otherwise).to.include({ status: 409, code: 'conflict' });
    expect(client.pendingAnswers(spaceId)).to.equal(0);
  });

  it('skips with a reason', async () => {
    const { url, spaceId } = await startSpace();
    const client = createClient(url);
    await until(() => client.online, 'the socket');
    const { appearance } = await client.nextPair(spaceId);
    const outcome = await client.skip(spaceId, appearance!.id, { reason: 'dont_know' });
    expect(outcome.status === 'sent' && outcome.ack.kind).to.equal('skip');
  });

  it('delivers the state on joining, and live results after a vote', async () => {
    const { url, spaceId } = await startSpace();
    const client = createClient(url);
    const heard: Results[] = [];
    let spaceTitle = '';
    const stop = client.watchSpace(spaceId, {
      results: (results) => heard.push(results),
      space: (space) => (spaceTitle = space.title),
    });
    try {
      await until(() => heard.length === 1, 'results from the join');
      expect(spaceTitle).to.equal('Test space');
      expect(heard[0]).to.include({ spaceId, votes: 0 });

      const { appearance } = await client.nextPair(spaceId);
      await client.vote(spaceId, appearance!.id, appearance!.right.id);
      await until(() => heard.some((results) => results.votes === 1), 'live results');
      const latest = heard[heard.length - 1]!;
      expect(latest.ideas.find((idea) => idea.id === appearance!.right.id)?.wins).to.equal(1);
    } finally {
      stop();
    }
  });

  it('fills in the texts live results leave out, and joins again for a text it does not know', async () => {
    const { url, spaceId } = await startSpace();
    const client = createClient(url);
    const heard: Results[] = [];
    const stop = client.watchSpace(spaceId, { results: (results) => heard.push(results) });
    try {
      await until(() => heard.length === 1, 'results from the join');
      const texts = new Map(heard[0]!.ideas.map((idea) => [idea.id, idea.text]));
      const socket = (client as unknown as { socket: Socket }).socket;
      const sent: ResultsUpdate[] = [];
      socket.on('results', ({ results }: { results: ResultsUpdate }) => sent.push(results));
      for (let votes = 1; votes <= 2; votes++) {
        const { appearance } = await client.nextPair(spaceId);
        await client.vote(spaceId, appearance!.id, appearance!.right.id);
        await until(() => heard.some((results) => results.votes === votes), `live results of ${votes} votes`);
      }
      // The server left the texts out of its second message; every results handed on has them.
      expect(sent.at(-1)!.ideas.every((idea) => idea.text === undefined)).to.equal(true);
      for (const results of heard) for (const idea of results.ideas) expect(idea.text).to.equal(texts.get(idea.id));

      // A message naming an idea whose text it never had (it missed one): not handed on, the space is joined again.
      const before = heard.length;
      const stranger = { id: 'idea-never-seen', rank: 1, score: 50, wins: 0, losses: 0, comparisons: 0 };
      const [hear] = socket.listenersAny();
      hear!('results', { spaceId, results: { ...sent.at(-1)!, ideas: [stranger] } });
      await until(() => heard.length > before, 'results from joining again');
      expect(heard.at(-1)!.ideas.map((idea) => idea.id)).to.not.include('idea-never-seen');
      expect(heard.at(-1)!.ideas.every((idea) => idea.text === texts.get(idea.id))).to.equal(true);
    } finally {
      stop();
    }
  });

  it('asks for live results only while a watcher of the space shows them', async () => {
    const { url, spaceId } = await startSpace();
    const client = createClient(url);
    let votingOpen: boolean | undefined;
    let joined: Results | undefined;
    const stopVoter = client.watchSpace(spaceId, { space: (space) => (votingOpen = space.votingOpen), joined: (results) => (joined = results) });
    try {
      await until(() => votingOpen === true, 'the space from the join');
      // The ack's results of the moment, whole, though no live ones follow.
      expect(joined).to.include({ spaceId, votes: 0 });
      expect(joined!.ideas.every((idea) => typeof idea.text === 'string')).to.equal(true);
      const socket = (client as unknown as { socket: Socket }).socket;
      const sent: number[] = [];
      socket.on('results', ({ results }: { results: ResultsUpdate }) => sent.push(results.votes));
      const voteOnce = async () => {
        const { appearance } = await client.nextPair(spaceId);
        await client.vote(spaceId, appearance!.id, appearance!.right.id);
      };
      // A duel that only votes: the server sends this page no results at all.
      await voteOnce();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(sent).to.deep.equal([]);

      // Its results opened: the space is joined again with them, and the next vote's results arrive.
      const heard: Results[] = [];
      const stopResults = client.watchSpace(spaceId, { results: (results) => heard.push(results) });
      await until(() => heard.length === 1, 'results from joining with them');
      expect(heard[0]!.votes).to.equal(1);
      await voteOnce();
      await until(() => sent.includes(2), 'live results of the second vote');

      // Closed again: joined once more without them.
      stopResults();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = sent.length;
      await voteOnce();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(sent.length).to.equal(before);
    } finally {
      stopVoter();
    }
  });

  it('adds an idea and refuses a duplicate', async () => {
    const { url, spaceId } = await startSpace();
    const client = createClient(url);
    const { idea } = await client.addIdea(spaceId, 'Saunas by the sea');
    expect(idea).to.include({ text: 'Saunas by the sea', status: 'approved', mine: true });
    const duplicate = await client.addIdea(spaceId, 'saunas by the sea').catch((error: unknown) => error);
    expect(duplicate).to.include({ status: 409 });
  });

  it('turns error bodies and network failures into ToriErrors', async () => {
    const { url } = await startSpace();
    const missing = await createClient(url).getSpace('no-such-space').catch((error: unknown) => error);
    expect(missing).to.be.instanceOf(ToriError);
    expect(missing).to.include({ status: 404, code: 'not_found' });

    const unreachable = new ServerClient('http://127.0.0.1:9');
    const failure = await unreachable.getSpace('demo').catch((error: unknown) => error);
    unreachable.dispose();
    expect(failure).to.include({ status: 0, code: 'network' });
  });

  it('tells a socket that connected before the participant existed who it speaks for, then answers over it', async () => {
    const { url, spaceId } = await startSpace();
    // A store of its own: no participant from another test on the same server.
    const client = new ServerClient(url, memoryStore());
    const internals = () =>
      client as unknown as { socket: { connected: boolean; io: { engine: { close(): void } } }; identifying?: Promise<void> };
    const socket = () => internals().socket;
    try {
      // The socket connects before any participant exists, so its handshake names none.
      void client.online;
      await until(() => socket().connected, 'the socket');
      // Issuing the participant tells the socket (participant:identify): no reconnection needed.
      const first = (await client.nextPair(spaceId)).appearance!;
      expect(internals().identifying, 'participant:identify sent').to.not.equal(undefined);
      await internals().identifying;
      const before = recordRequests();
      const firstSent = await client.vote(spaceId, first.id, first.left.id);
      before.restore();
      expect(before.urls).to.deep.equal([]);
      expect(firstSent.status).to.equal('sent');

      // Reconnected, the handshake carries the token: an answer is one socket message, no HTTP request.
      socket().io.engine.close();
      await until(() => !client.online, 'offline');
      await until(() => socket().connected, 'the socket back');
      const second = (await client.nextPair(spaceId)).appearance!;
      const after = recordRequests();
      const sent = await client.vote(spaceId, second.id, second.left.id);
      const replay = await client.vote(spaceId, second.id, second.left.id);
      const refused = await client.vote(spaceId, second.id, second.right.id).catch((error: unknown) => error);
      after.restore();
      expect(after.urls).to.deep.equal([]);
      expect(sent).to.deep.equal({ status: 'sent', ack: { appearanceId: second.id, kind: 'vote', duplicate: false, answeredByYou: 2 } });
      expect(replay.status === 'sent' && replay.ack.duplicate).to.equal(true);
      expect(refused).to.be.instanceOf(ToriError);
      expect(refused).to.include({ status: 409, code: 'conflict' });
      expect((await client.results(spaceId)).votes).to.equal(2);
    } finally {
      client.dispose();
    }
  });

  it('queues answers while offline and sends them once the socket is back', async () => {
    const { url, spaceId } = await startSpace();
    const client = new ServerClient(url);
    try {
      await until(() => client.online, 'the socket');
      const { appearance } = await client.nextPair(spaceId);
      const statuses: boolean[] = [];
      client.onStatus((online) => statuses.push(online));
      // Drop the connection the way a tunnel does; socket.io reconnects by itself.
      const socket = (client as unknown as { socket: { io: { engine: { close(): void } } } }).socket;
      socket.io.engine.close();
      await until(() => !client.online, 'offline');
      const outcome = await client.vote(spaceId, appearance!.id, appearance!.left.id);
      expect(outcome).to.deep.equal({ status: 'queued' });
      expect(client.pendingAnswers(spaceId)).to.equal(1);
      await until(() => client.pendingAnswers(spaceId) === 0, 'the queued vote sent after reconnecting');
      expect(statuses).to.deep.equal([false, true]);
      const results = await client.results(spaceId);
      expect(results.votes).to.equal(1);
    } finally {
      client.dispose();
    }
  });
});
