import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { ConnectedElement } from './connected-element.js';
import { DiscussionController } from './discussion-controller.js';
import { createFixtureClient, FIXTURE_KEY, sampleDiscussion, type FixtureClient } from './fixtures.js';
import type { ToriError } from './errors.js';

class DiscussionProbe extends ConnectedElement {
  static override properties = { ...ConnectedElement.properties, topic: { type: String } };
  declare topic: string;
  arrivals: number[] = [];
  discussion = new DiscussionController(this, () => this.topic, { onArrivals: (count) => this.arrivals.push(count), announceEveryMs: 100 });
  protected override connectionChanged(): void {
    this.discussion.connect();
  }
  protected override render() {
    return litHtml`<p>${this.discussion.view.kind}: ${this.discussion.threads.length}</p>`;
  }
}
DiscussionProbe.define('discussion-probe');

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const named = (options: Parameters<typeof createFixtureClient>[0] = {}) =>
  createFixtureClient({ posts: sampleDiscussion('en'), profile: { displayName: 'Sam', role: null, verified: false }, ...options });

async function discussionOn(client: FixtureClient): Promise<DiscussionProbe> {
  const el = await fixture<DiscussionProbe>(html`<discussion-probe .client=${client} space="kurssi" topic="moduuli-1"></discussion-probe>`);
  await until(() => el.discussion.view.kind === 'ready', 'the discussion');
  return el;
}

const bodies = (el: DiscussionProbe) => el.discussion.threads.map((t) => [t.post.body.slice(0, 12), t.replies.length]);

describe('DiscussionController', () => {
  it('loads threads oldest first with their replies, and who has posted', async () => {
    const el = await discussionOn(named());
    expect(el.discussion.threads.map((t) => t.post.id)).to.deep.equal(['post-1', 'post-3', 'post-4']);
    expect(el.discussion.threads[0]!.replies.map((r) => r.id)).to.deep.equal(['post-2']);
    expect(el.discussion.participants.map((p) => [p.displayName, p.posts])).to.deep.equal([
      ['Aino Mäkelä', 1],
      ['Ben Berg', 1],
      ['Cecilia Lind', 1],
      ['Sinä', 1],
    ]);
    expect(el.discussion.you).to.deep.equal({ displayName: 'Sam', role: null, verified: false });
    // The sample's own post is older than the edit window.
    expect(el.discussion.canChange(el.discussion.post('post-4')!)).to.equal(false);
    expect(el.discussion.canChange({ ...el.discussion.post('post-4')!, createdAt: new Date().toISOString() })).to.equal(true);
  });

  it('keeps posts of others under "N new posts" until asked, and shows one\'s own at once', async () => {
    const client = named();
    const el = await discussionOn(client);
    client.discussion.pushPost({ body: 'Hello from Dana', author: { displayName: 'Dana', role: null, verified: false } });
    client.discussion.pushPost({ body: 'A reply from Eero', parentId: 'post-1', author: { displayName: 'Eero', role: null, verified: false } });
    await until(() => el.discussion.newPosts === 2, 'two new posts');
    expect(el.discussion.threads).to.have.length(3);
    await until(() => el.arrivals.length === 1, 'the announcement');
    expect(el.arrivals).to.deep.equal([2]);

    const outcome = await el.discussion.send('My own thread');
    expect(outcome.status).to.equal('sent');
    expect(el.discussion.threads.map((t) => t.post.body)).to.include('My own thread');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(el.discussion.newPosts).to.equal(2);

    el.discussion.showNew();
    expect(el.discussion.newPosts).to.equal(0);
    expect(el.discussion.threads).to.have.length(5);
    expect(el.discussion.threads[0]!.replies.map((r) => r.body)).to.deep.equal([sampleDiscussion('en')[1]!.body, 'A reply from Eero']);
    expect(el.discussion.participants.map((p) => p.displayName)).to.include.members(['Dana', 'Eero', 'Sam']);
  });

  it('asks for a name before the first post', async () => {
    const client = named({ profile: null });
    const el = await discussionOn(client);
    expect(el.discussion.you).to.equal(null);
    const refused = await el.discussion.send('Nameless').catch((error: ToriError) => error);
    expect((refused as ToriError).code).to.equal('profile_required');
    await el.discussion.join({ displayName: 'Aino', role: 'Chair' });
    expect(el.discussion.you).to.deep.equal({ displayName: 'Aino', role: 'Chair', verified: false });
    const sent = await el.discussion.send('Now with a name');
    expect(sent.status === 'sent' && sent.created.post.author.displayName).to.equal('Aino');
  });

  it('keeps a post written offline and sends it once when the connection returns', async () => {
    const client = named();
    const el = await discussionOn(client);
    client.setOnline(false);
    const outcome = await el.discussion.send('Written on the train', 'post-1');
    expect(outcome.status).to.equal('queued');
    expect(el.discussion.queued.map((q) => q.body.body)).to.deep.equal(['Written on the train']);
    client.setOnline(true);
    await until(() => el.discussion.queued.length === 0, 'the outbox to empty');
    await until(() => el.discussion.threads[0]!.replies.some((r) => r.body === 'Written on the train'), 'the reply');
    expect(client.discussion.stored.filter((p) => p.body === 'Written on the train')).to.have.length(1);
    expect(el.discussion.newPosts).to.equal(0);
  });

  it('toggles reactions at once and keeps the server\'s count', async () => {
    const el = await discussionOn(named());
    expect(el.discussion.post('post-1')!.yourReactions).to.deep.equal(['thanks']);
    await el.discussion.toggleReaction('post-1', 'thanks');
    expect(el.discussion.post('post-1')!).to.deep.include({ yourReactions: [], reactions: { agree: 2, thanks: 2 } });
    await el.discussion.toggleReaction('post-1', 'idea');
    expect(el.discussion.post('post-1')!.reactions).to.deep.equal({ agree: 2, thanks: 2, idea: 1 });
  });

  it('refuses to report one\'s own post, and reports others\'', async () => {
    const client = named();
    const el = await discussionOn(client);
    const own = await el.discussion.report('post-4', 'spam').catch((error: ToriError) => error);
    expect((own as ToriError).status).to.equal(403);
    await el.discussion.report('post-1', 'off_topic');
    expect(client.discussion.stored.find((p) => p.id === 'post-1')!.reports).to.equal(1);
  });

  it('lets the facilitator hide, pin, lock and summarise with the key only', async () => {
    const client = named();
    const el = await discussionOn(client);
    const wrong = await el.discussion.moderation({ key: 'nope' }).catch((error: ToriError) => error);
    expect((wrong as ToriError).status).to.equal(403);
    const access = { key: FIXTURE_KEY };
    expect((await el.discussion.moderation(access)).map((p) => p.id)).to.have.length(4);
    await el.discussion.moderate('post-3', { status: 'hidden' }, access);
    await until(() => !el.discussion.post('post-3'), 'the hidden post to go');
    await el.discussion.moderate('post-4', { pinned: true }, access);
    await until(() => el.discussion.threads[0]!.post.id === 'post-4', 'the pinned thread first');
    await el.discussion.setLocked(true, access);
    expect(el.discussion.topic!.locked).to.equal(true);
    expect(el.discussion.canChange({ ...el.discussion.post('post-4')!, createdAt: new Date().toISOString() })).to.equal(false);
    const summary = await el.discussion.summary(access);
    expect(summary.threads[0]!.postId).to.equal('post-1');
    expect(bodies(el)).to.have.length(2);
  });
});
