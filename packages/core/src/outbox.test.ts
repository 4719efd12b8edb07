import { expect } from '@open-wc/testing';
import type { AnswerAck } from '@tori/protocol';
import { ToriError } from './errors.js';
import { Outbox, type OutboxOptions, type QueuedAnswer } from './outbox.js';
import { memoryStore, type KeyValueStore } from './storage.js';

const vote = (appearanceId: string, spaceId = 'space-1'): QueuedAnswer => ({
  kind: 'vote',
  spaceId,
  appearanceId,
  body: { winnerId: 'idea-1' },
  queuedAt: new Date().toISOString(),
});

const ackOf = (answer: QueuedAnswer, answeredByYou = 1): AnswerAck => ({
  appearanceId: answer.appearanceId,
  kind: answer.kind,
  duplicate: false,
  answeredByYou,
});

/** A fake server: records what it receives, answers after a short delay (or as `respond` says). */
function fakeServer(respond: (answer: QueuedAnswer, attempt: number) => AnswerAck | ToriError = (a) => ackOf(a)) {
  const received: QueuedAnswer[] = [];
  const send = async (answer: QueuedAnswer) => {
    received.push(answer);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const reply = respond(answer, received.length);
    if (reply instanceof ToriError) throw reply;
    return reply;
  };
  return { received, send };
}

function outboxOf(store: KeyValueStore, send: OutboxOptions['send'], network: { online: boolean }, extra: Partial<OutboxOptions> = {}) {
  return new Outbox({
    store,
    key: 'tori:outbox:test',
    send,
    idOf: (answer) => answer.appearanceId,
    isOnline: () => network.online,
    locks: null,
    retryMs: 10,
    ...extra,
  });
}

describe('Outbox', () => {
  const outboxes: Outbox[] = [];
  afterEach(() => outboxes.splice(0).forEach((outbox) => outbox.dispose()));
  const track = (outbox: Outbox) => (outboxes.push(outbox), outbox);

  it('sends at once when online and resolves with the ack', async () => {
    const server = fakeServer();
    const outbox = track(outboxOf(memoryStore(), server.send, { online: true }));
    const outcome = await outbox.add(vote('a1'));
    expect(outcome).to.deep.equal({ status: 'sent', ack: ackOf(vote('a1')) });
    expect(outbox.pending()).to.equal(0);
  });

  it('queues at once when offline, without trying the network', async () => {
    const server = fakeServer();
    const outbox = track(outboxOf(memoryStore(), server.send, { online: false }));
    expect(await outbox.add(vote('a1'))).to.deep.equal({ status: 'queued' });
    expect(server.received).to.have.length(0);
    expect(outbox.pending('space-1')).to.equal(1);
    expect(outbox.pending('space-2')).to.equal(0);
  });

  it('keeps queued answers for a new outbox on the same storage (a reload)', async () => {
    const store = memoryStore();
    const network = { online: false };
    const before = track(outboxOf(store, fakeServer().send, network));
    await before.add(vote('a1'));
    await before.add(vote('a2', 'space-2'));
    before.dispose();

    const server = fakeServer();
    const after = track(outboxOf(store, server.send, network));
    expect(after.pending('space-1')).to.equal(1);
    expect(after.pending()).to.equal(2);
    network.online = true;
    await after.flush();
    expect(server.received.map((answer) => answer.appearanceId)).to.deep.equal(['a1', 'a2']);
    expect(after.pending()).to.equal(0);
  });

  it('sends a queued vote exactly once on reconnect, even when flush is triggered twice', async () => {
    const network = { online: false };
    const server = fakeServer();
    const outbox = track(outboxOf(memoryStore(), server.send, network));
    await outbox.add(vote('a1'));
    network.online = true;
    // The socket's `connect` and the window's `online` event arrive together.
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
    await outbox.flush();
    expect(server.received.map((answer) => answer.appearanceId)).to.deep.equal(['a1']);
    expect(outbox.pending()).to.equal(0);
  });

  it('sends once across two tabs sharing storage, with Web Locks', async () => {
    const store = memoryStore();
    const network = { online: false };
    const server = fakeServer();
    const locks = navigator.locks;
    const tabA = track(outboxOf(store, server.send, network, { locks }));
    const tabB = track(outboxOf(store, server.send, network, { locks }));
    await tabA.add(vote('a1'));
    network.online = true;
    await Promise.all([tabA.flush(), tabB.flush()]);
    expect(server.received.map((answer) => answer.appearanceId)).to.deep.equal(['a1']);
  });

  it('drops an answer the server refuses for good, with a warning and a change', async () => {
    const network = { online: false };
    const server = fakeServer(() => new ToriError(409, 'conflict', 'Already answered otherwise.'));
    const outbox = track(outboxOf(memoryStore(), server.send, network));
    await outbox.add(vote('a1'));
    let changes = 0;
    outbox.onChange(() => (changes += 1));
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      network.online = true;
      await outbox.flush();
    } finally {
      console.warn = warn;
    }
    expect(outbox.pending()).to.equal(0);
    expect(changes).to.equal(1);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]![0])).to.contain('refused');
  });

  it('rejects an answer sent at once that the server refuses, and drops it', async () => {
    for (const status of [403, 404, 409, 422]) {
      const server = fakeServer(() => new ToriError(status, 'refused', 'No.'));
      const outbox = track(outboxOf(memoryStore(), server.send, { online: true }));
      const error = await outbox.add(vote('a1')).catch((thrown: unknown) => thrown);
      expect(error).to.be.instanceOf(ToriError);
      expect((error as ToriError).status).to.equal(status);
      expect(outbox.pending()).to.equal(0);
    }
  });

  it('keeps an answer through network failures and 5xx, and retries with backoff', async () => {
    const server = fakeServer((answer, attempt) =>
      attempt === 1 ? ToriError.network() : attempt === 2 ? new ToriError(503, 'internal', 'Busy') : ackOf(answer),
    );
    const outbox = track(outboxOf(memoryStore(), server.send, { online: true }));
    let changes = 0;
    outbox.onChange(() => (changes += 1));
    expect(await outbox.add(vote('a1'))).to.deep.equal({ status: 'queued' });
    expect(outbox.pending()).to.equal(1);
    // Retries after ~10 ms, then ~20 ms (with jitter).
    const deadline = Date.now() + 2_000;
    while (outbox.pending() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.received).to.have.length(3);
    expect(outbox.pending()).to.equal(0);
    expect(changes).to.equal(2);
  });

  it('keeps one entry when the same appearance is answered twice (a double click)', async () => {
    const outbox = track(outboxOf(memoryStore(), fakeServer().send, { online: false }));
    await outbox.add(vote('a1'));
    await outbox.add(vote('a1'));
    expect(outbox.pending()).to.equal(1);
  });

  it('survives corrupt storage', () => {
    const store = memoryStore();
    store.setItem('tori:outbox:test', '{not json');
    const outbox = track(outboxOf(store, fakeServer().send, { online: false }));
    expect(outbox.pending()).to.equal(0);
  });
});
