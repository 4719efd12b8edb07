import { expect } from '@open-wc/testing';
import { REQUEST_ID_PATTERN, type NewPostBody, type PostCreated } from '@tori/protocol';
import { executeServerCommand } from '@web/test-runner-commands';
import { createClient } from './client.js';
import type { RequestOptions, ToriClient } from './contracts.js';
import { discussionClient, RestDiscussion } from './discussion-client.js';
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

const created = (body: NewPostBody): PostCreated => ({
  post: {
    id: `post-${body.requestId}`,
    topicId: 'moduuli-1',
    parentId: body.parentId ?? null,
    author: { displayName: 'Aino', role: null, verified: false },
    body: body.body,
    createdAt: new Date().toISOString(),
    editedAt: null,
    deleted: false,
    pinned: false,
    reactions: {},
    yourReactions: [],
    mine: true,
  },
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('RestDiscussion', () => {
  it('uses the fixture client’s own discussion, and one RestDiscussion per real client', () => {
    const fixture = createFixtureClient();
    expect(discussionClient(fixture)).to.equal(fixture.discussion);
    const { client } = fakeClient();
    expect(discussionClient(client)).to.equal(discussionClient(client));
  });

  it('keeps a post made offline and sends it once, with the same request id, when back online', async () => {
    const { client, sent, setOnline } = fakeClient(({ options }) => created(options.body as NewPostBody));
    const discussion = new RestDiscussion(client, memoryStore(), null);
    const heard: string[] = [];
    discussion.onPostsChange((done) => done && heard.push(done.created.post.body));

    const outcome = await discussion.post('kurssi', 'moduuli-1', { body: 'Written on the train', parentId: 'post-1' });
    expect(outcome.status).to.equal('queued');
    expect(outcome.requestId).to.match(new RegExp(REQUEST_ID_PATTERN));
    expect(discussion.queuedPosts('kurssi', 'moduuli-1')).to.have.length(1);
    expect(discussion.queuedPosts('kurssi', 'moduuli-2')).to.have.length(0);
    expect(sent).to.have.length(0);

    setOnline(true);
    await until(() => heard.length === 1, 'the post to be sent');
    expect(sent).to.have.length(1);
    expect(sent[0]).to.deep.include({ method: 'POST', path: '/api/spaces/kurssi/topics/moduuli-1/posts' });
    expect(sent[0]!.options).to.deep.include({ as: 'participant' });
    expect(sent[0]!.options.body).to.deep.equal({ body: 'Written on the train', parentId: 'post-1', requestId: outcome.requestId });
    expect(discussion.queuedPosts('kurssi', 'moduuli-1')).to.have.length(0);
    discussion.dispose();
  });

  it('sends the facilitator key as a header, and the moderator’s name only in Latin-1', async () => {
    const { client, sent, setOnline } = fakeClient(() => ({ posts: [] }));
    setOnline(true);
    const discussion = new RestDiscussion(client, memoryStore(), null);
    await discussion.moderation('kurssi', 'moduuli-1', { key: 'k', moderator: 'Päivi 👋' });
    expect(sent[0]!.path).to.equal('/api/spaces/kurssi/topics/moduuli-1/moderation');
    expect(sent[0]!.options.headers).to.deep.equal({ 'x-tori-key': 'k', 'x-tori-moderator': 'Päivi' });
    await discussion.react('kurssi', 'post 1', 'thanks', false);
    expect(sent[1]).to.deep.include({ method: 'DELETE', path: '/api/spaces/kurssi/posts/post%201/reactions/thanks' });
    discussion.dispose();
  });

  it('makes the host site’s user this browser’s participant after a host login', async () => {
    const store = memoryStore();
    const { client, setOnline } = fakeClient(() => ({ participantId: 'p-host', token: 'host-token', profile: { displayName: 'Veera', role: null, verified: true } }));
    setOnline(true);
    const discussion = new RestDiscussion(client, store, null);
    const profile = await discussion.hostLogin('kurssi', 'signed-by-host');
    expect(profile).to.deep.equal({ displayName: 'Veera', role: null, verified: true });
    expect(JSON.parse(store.getItem('tori:participant:https://fake.tori.invalid')!)).to.deep.equal({ participantId: 'p-host', token: 'host-token' });
    discussion.dispose();
  });

  it('talks to the reference server: a name, a post, a reaction and the topic as the participant sees it', async () => {
    const { url, spaceId, adminKey } = await executeServerCommand<{ url: string; spaceId: string; adminKey: string }, { ideas: string[] }>(
      'tori-reference-server',
      { ideas: [] },
    );
    const client = createClient(url);
    const discussion = discussionClient(client);
    await discussion.putTopic(spaceId, 'moduuli-1', { title: 'Module 1' }, { key: adminKey });
    const refused = await discussion.post(spaceId, 'moduuli-1', { body: 'Before a name' }).catch((error: ToriError) => error);
    expect((refused as ToriError).code).to.equal('profile_required');
    await discussion.saveProfile(spaceId, { displayName: 'Aino' });
    const outcome = await discussion.post(spaceId, 'moduuli-1', { body: 'Hello' });
    expect(outcome.status).to.equal('sent');
    const postId = outcome.status === 'sent' ? outcome.created.post.id : '';
    expect((await discussion.react(spaceId, postId, 'idea', true)).yourReactions).to.deep.equal(['idea']);
    const view = await discussion.topic(spaceId, 'moduuli-1');
    expect(view.you).to.deep.equal({ displayName: 'Aino', role: null, verified: false });
    expect(view.posts[0]).to.deep.include({ body: 'Hello', mine: true, yourReactions: ['idea'] });
    const summary = await discussion.summary(spaceId, 'moduuli-1', { key: adminKey });
    expect(summary.posts).to.equal(1);
  });
});
