import { expect } from '@open-wc/testing';
import { REQUEST_ID_PATTERN, type IdeaCreated, type NewIdeaBody, type SpaceAdmin } from '@tori/protocol';
import { executeServerCommand } from '@web/test-runner-commands';
import { boardClient, RestBoard } from './board-client.js';
import { createClient } from './client.js';
import type { RequestOptions, SpaceEvent, ToriClient } from './contracts.js';
import { ToriError } from './errors.js';
import { createFixtureClient } from './fixtures.js';
import { memoryStore } from './storage.js';

interface Sent {
  method: string;
  path: string;
  options: RequestOptions;
}

/** A client whose REST calls are recorded and answered by `answer`; online at will. */
function fakeClient(answer: (sent: Sent) => unknown = () => ({})) {
  const sent: Sent[] = [];
  const listeners = new Set<(online: boolean) => void>();
  let online = false;
  const client = {
    server: 'https://fake.tori.invalid',
    get online() {
      return online;
    },
    onStatus(listener: (online: boolean) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async request(method: string, path: string, options: RequestOptions = {}) {
      sent.push({ method, path, options });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const reply = answer({ method, path, options });
      if (reply instanceof ToriError) throw reply;
      return reply;
    },
  } as unknown as ToriClient;
  const setOnline = (next: boolean) => {
    online = next;
    listeners.forEach((listener) => listener(next));
  };
  return { client, sent, setOnline };
}

const created = (body: NewIdeaBody, duplicate = false): IdeaCreated => ({
  idea: {
    id: `idea-${body.requestId}`,
    text: body.text,
    description: null,
    category: null,
    authorName: null,
    status: 'approved',
    createdAt: new Date().toISOString(),
    mine: true,
    pinned: false,
    supports: 0,
    supportedByYou: false,
    score: null,
    comparisons: 0,
    editedAt: null,
  },
  duplicate,
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('RestBoard', () => {
  const boards: RestBoard[] = [];
  afterEach(() => boards.splice(0).forEach((board) => board.dispose()));
  const track = (board: RestBoard) => (boards.push(board), board);

  it('keeps a post made offline in storage and sends it exactly once on reconnect', async () => {
    const store = memoryStore();
    const seen = new Map<string, number>();
    const { client, sent, setOnline } = fakeClient(({ options }) => {
      const body = options.body as NewIdeaBody;
      seen.set(body.requestId!, (seen.get(body.requestId!) ?? 0) + 1);
      return created(body, seen.get(body.requestId!)! > 1);
    });
    const board = track(new RestBoard(client, store, null));
    const outcome = await board.post('space-1', { text: 'Benches by the shore' });
    expect(outcome.status).to.equal('queued');
    expect(outcome.requestId).to.match(new RegExp(REQUEST_ID_PATTERN));
    expect(sent).to.have.length(0);
    expect(JSON.parse(store.getItem('tori:posts:https://fake.tori.invalid')!)).to.have.length(1);

    // A reload: a new board client on the same storage finds the post.
    board.dispose();
    const reloaded = track(new RestBoard(client, store, null));
    expect(reloaded.queuedPosts('space-1').map((post) => post.body.text)).to.deep.equal(['Benches by the shore']);
    expect(reloaded.queuedPosts('space-2')).to.have.length(0);
    const heard: (IdeaCreated | undefined)[] = [];
    reloaded.onPostsChange((sentPost) => heard.push(sentPost?.created));

    // The socket's reconnect and the browser's online event arrive together.
    setOnline(true);
    setOnline(false);
    setOnline(true);
    await until(() => reloaded.queuedPosts('space-1').length === 0, 'the post sent');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).to.have.length(1);
    expect(sent[0]).to.deep.include({ method: 'POST', path: '/api/spaces/space-1/ideas' });
    expect(sent[0]!.options).to.deep.include({ as: 'participant' });
    expect((sent[0]!.options.body as NewIdeaBody).requestId).to.equal(outcome.requestId);
    expect(heard.filter(Boolean).map((idea) => idea!.idea.text)).to.deep.equal(['Benches by the shore']);
    expect(store.getItem('tori:posts:https://fake.tori.invalid')).to.equal(null);
  });

  it('sends at once when online; a post the server refuses rejects and is not kept', async () => {
    const { client, setOnline } = fakeClient(({ options }) =>
      (options.body as NewIdeaBody).text === 'Twice'
        ? new ToriError(409, 'conflict', 'There already.')
        : created(options.body as NewIdeaBody),
    );
    setOnline(true);
    const board = track(new RestBoard(client, memoryStore(), null));
    const outcome = await board.post('s', { text: 'Once', description: 'More', category: 'green' });
    expect(outcome.status === 'sent' && outcome.created.idea.text).to.equal('Once');
    const refused = await board.post('s', { text: 'Twice' }).catch((error: unknown) => error);
    expect(refused).to.include({ status: 409, code: 'conflict' });
    expect(board.queuedPosts('s')).to.have.length(0);
  });

  it('keeps a post through a network failure and sends it when retried', async () => {
    let attempts = 0;
    const { client, setOnline } = fakeClient(({ options }) =>
      ++attempts === 1 ? ToriError.network() : created(options.body as NewIdeaBody),
    );
    setOnline(true);
    const board = track(new RestBoard(client, memoryStore(), null));
    const outcome = await board.post('s', { text: 'Through a tunnel' });
    expect(outcome.status).to.equal('queued');
    setOnline(true);
    await until(() => board.queuedPosts('s').length === 0, 'the retry');
    expect(attempts).to.equal(2);
  });

  it('calls the board routes as the participant, and the facilitator routes with the key', async () => {
    const { client, sent, setOnline } = fakeClient(({ options }) => (options.text ? 'id,title\n' : {}));
    setOnline(true);
    const board = track(new RestBoard(client, memoryStore(), null));
    const access = { key: 'k3y', moderator: 'Päivi Łukasz' };
    await board.board('s');
    await board.support('s', 'i1', true);
    await board.support('s', 'i1', false);
    await board.report('s', 'i1', { reason: 'spam' });
    await board.moderation('s', access);
    await board.moderate('s', 'i1', { status: 'hidden' }, access);
    await board.merge('s', 'i1', 'i2', access);
    await board.updateSpace('s', { boardOpen: false }, access);
    expect(await board.exportFile('s', 'csv', { key: 'k3y' })).to.equal('id,title\n');
    expect(sent.map(({ method, path }) => `${method} ${path}`)).to.deep.equal([
      'GET /api/spaces/s/board',
      'PUT /api/spaces/s/ideas/i1/support',
      'DELETE /api/spaces/s/ideas/i1/support',
      'POST /api/spaces/s/ideas/i1/reports',
      'GET /api/spaces/s/board/moderation',
      'PATCH /api/spaces/s/ideas/i1',
      'POST /api/spaces/s/ideas/i1/merge',
      'PATCH /api/spaces/s',
      'GET /api/spaces/s/export?format=csv',
    ]);
    expect(sent[0]!.options).to.deep.include({ as: 'known' });
    expect(sent[1]!.options).to.deep.include({ as: 'participant' });
    expect(sent[3]!.options.body).to.deep.equal({ reason: 'spam' });
    // Headers carry Latin-1 only: "Ł" is left out rather than failing the request.
    expect(sent[5]!.options).to.deep.equal({
      headers: { 'x-tori-key': 'k3y', 'x-tori-moderator': 'Päivi ukasz' },
      body: { status: 'hidden' },
    });
    expect(sent[6]!.options.body).to.deep.equal({ into: 'i2' });
    expect(sent[8]!.options).to.deep.equal({ headers: { 'x-tori-key': 'k3y' }, body: undefined, text: true });
  });

  it('boardClient() gives a client its own board, or one over its REST calls, one per client', () => {
    const fixture = createFixtureClient();
    expect(boardClient(fixture)).to.equal(fixture.board);
    const { client } = fakeClient();
    expect(boardClient(client)).to.be.instanceOf(RestBoard);
    expect(boardClient(client)).to.equal(boardClient(client));
  });
});

describe('ServerClient.request and live events against the reference server', function () {
  this.timeout(30_000);

  it('sends the space key as a header and hands every room event to watchers', async () => {
    const { url, spaceId, adminKey } = await executeServerCommand<
      { url: string; spaceId: string; adminKey: string },
      Record<string, unknown>
    >('tori-reference-server', {});
    const client = createClient(url);
    const events: SpaceEvent[] = [];
    const stop = client.watchSpace(spaceId, { event: (event) => events.push(event) });
    try {
      await until(() => client.online, 'the socket');
      // The join ack comes first; wait for it so the change below is heard live.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const refused = await client
        .request('PATCH', `/api/spaces/${spaceId}`, { body: { title: 'Renamed' }, headers: { 'x-tori-key': 'wrong' } })
        .catch((error: unknown) => error);
      expect(refused).to.include({ status: 403 });
      const space = await client.request<SpaceAdmin>('PATCH', `/api/spaces/${spaceId}`, {
        body: { title: 'Renamed' },
        headers: { 'x-tori-key': adminKey },
      });
      expect(space.title).to.equal('Renamed');
      await until(() => events.some((event) => event.name === 'space'), 'the space event');
      const heard = events.find((event) => event.name === 'space');
      expect(heard?.name === 'space' && heard.payload.space.title).to.equal('Renamed');
    } finally {
      stop();
    }
  });
});
