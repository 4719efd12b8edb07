import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { BoardController, foldText } from './board-controller.js';
import { ConnectedElement } from './connected-element.js';
import { createFixtureClient, FIXTURE_KEY, sampleBoard, sampleCategories, type FixtureClient } from './fixtures.js';
import { ModerationController } from './moderation-controller.js';

class BoardProbe extends ConnectedElement {
  arrivals: number[] = [];
  board = new BoardController(this, { onArrivals: (count) => this.arrivals.push(count), announceEveryMs: 200 });
  protected override connectionChanged(): void {
    this.board.connect();
  }
  protected override render() {
    return litHtml`<p>${this.board.view.kind}: ${this.board.ideas.length}</p>`;
  }
}
BoardProbe.define('board-probe');

class ModerationProbe extends ConnectedElement {
  moderation = new ModerationController(this);
  protected override connectionChanged(): void {
    this.moderation.connect();
  }
  protected override render() {
    return litHtml`<p>${this.moderation.state.kind}</p>`;
  }
}
ModerationProbe.define('moderation-probe');

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sample = () =>
  createFixtureClient({
    boardIdeas: sampleBoard('en').ideas,
    log: sampleBoard('en').log,
    space: { categories: sampleCategories.en },
  });

async function boardOn(client: FixtureClient): Promise<BoardProbe> {
  const el = await fixture<BoardProbe>(html`<board-probe .client=${client} space="demo"></board-probe>`);
  await until(() => el.board.view.kind === 'ready', 'the board');
  return el;
}

const texts = (el: BoardProbe) => el.board.ideas.map((idea) => idea.text);

describe('BoardController', () => {
  it('loads the board: approved ideas only, pinned first, then newest', async () => {
    const el = await boardOn(sample());
    expect(el.board.total).to.equal(8);
    expect(texts(el).slice(0, 3)).to.deep.equal([
      'More green areas and urban forests',
      'A carbon-neutral city by 2035',
      'Hobbies and activities for young people',
    ]);
    expect(el.board.space?.categories).to.have.length(5);
    await expect(el).to.be.accessible();
  });

  it('sorts by supports and by duel score, pinned first either way', async () => {
    const el = await boardOn(sample());
    el.board.setSort('supported');
    expect(el.board.ideas.map((idea) => idea.supports)).to.deep.equal([42, 35, 28, 19, 12, 8, 5, 3]);
    el.board.setSort('score');
    expect(el.board.ideas[0]!.pinned).to.equal(true);
    const scores = el.board.ideas.slice(1).map((idea) => idea.score ?? -1);
    expect(scores).to.deep.equal([...scores].sort((a, b) => b - a));
  });

  it('filters by category and searches without case or diacritics', async () => {
    const el = await boardOn(sample());
    el.board.setCategory('traffic');
    expect(texts(el)).to.have.members(['More frequent public transport', 'Safe cycling and walking routes']);
    el.board.setCategory('');
    el.board.setSearch('  BÜSES   évenings ');
    expect(texts(el)).to.deep.equal(['More frequent public transport']);
    el.board.setSearch('nothing like this');
    expect(texts(el)).to.deep.equal([]);
    expect(foldText('Ääni ÅLAND café')).to.equal('aani aland cafe');
  });

  it('merges live events and keeps mine and supportedByYou that broadcasts leave false', async () => {
    const client = sample();
    const el = await boardOn(client);
    await el.board.toggleSupport('idea-2');
    const outcome = await el.board.post({ text: 'Outdoor gym' });
    expect(outcome.status).to.equal('sent');
    const mineId = outcome.status === 'sent' ? outcome.created.idea.id : '';
    // Someone else supports both: the broadcasts say mine: false and supportedByYou: false.
    await client.board.moderate('demo', 'idea-2', { text: 'Affordable homes for all' }, { key: FIXTURE_KEY });
    await until(() => el.board.idea('idea-2')?.text === 'Affordable homes for all', 'the live edit');
    expect(el.board.idea('idea-2')).to.include({ supportedByYou: true, supports: 36 });
    await client.board.moderate('demo', mineId, { pinned: true }, { key: FIXTURE_KEY });
    await until(() => el.board.idea(mineId)?.pinned === true, 'the live pin');
    expect(el.board.idea(mineId)?.mine).to.equal(true);
    expect(el.arrivals, 'one’s own post is not announced').to.deep.equal([]);
  });

  it('announces arrivals at most once per period, summing them', async () => {
    const client = sample();
    const el = await boardOn(client);
    client.pushIdea({ text: 'Night buses' });
    client.pushIdea({ text: 'Community gardens' });
    client.pushIdea({ text: 'Skate park' });
    await until(() => el.arrivals.length === 1, 'the first announcement');
    expect(el.arrivals).to.deep.equal([3]);
    client.pushIdea({ text: 'Sauna' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.pushIdea({ text: 'Ice rink' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(el.arrivals, 'within the period: nothing yet').to.deep.equal([3]);
    await until(() => el.arrivals.length === 2, 'the second announcement');
    expect(el.arrivals).to.deep.equal([3, 2]);
    client.pushEvent({ name: 'idea:removed', payload: { spaceId: 'demo', ideaId: 'idea-1', reason: 'hidden' } });
    await until(() => !el.board.idea('idea-1'), 'the removal');
    expect(el.board.total).to.equal(12);
  });

  it('keeps a post made offline and makes it the participant’s own once sent', async () => {
    const client = sample();
    const el = await boardOn(client);
    client.setOnline(false);
    const outcome = await el.board.post({ text: 'Free wifi' });
    expect(outcome.status).to.equal('queued');
    expect(el.board.queued.map((post) => post.body.text)).to.deep.equal(['Free wifi']);
    client.setOnline(true);
    await until(() => el.board.queued.length === 0 && texts(el).includes('Free wifi'), 'the sent post');
    expect(el.board.ideas.find((idea) => idea.text === 'Free wifi')?.mine).to.equal(true);
    expect(texts(el).filter((text) => text === 'Free wifi')).to.have.length(1);
  });

  it('undoes a support the server refuses', async () => {
    const client = sample();
    const el = await boardOn(client);
    client.setOnline(false);
    const failure = await el.board.toggleSupport('idea-3').catch((error: unknown) => error);
    expect(failure).to.include({ code: 'network' });
    expect(el.board.idea('idea-3')).to.include({ supports: 28, supportedByYou: false });
  });

  it('refuses to report one’s own idea and marks a closed board on board_closed', async () => {
    const client = sample();
    const el = await boardOn(client);
    const outcome = await el.board.post({ text: 'Mine' });
    const id = outcome.status === 'sent' ? outcome.created.idea.id : '';
    expect(await el.board.report(id, 'spam').catch((error: unknown) => error)).to.include({ status: 403 });
    await client.board.updateSpace('demo', { boardOpen: false }, { key: FIXTURE_KEY });
    const closed = await el.board.post({ text: 'Too late' }).catch((error: unknown) => error);
    expect(closed).to.include({ code: 'board_closed' });
    expect(el.board.space?.boardOpen).to.equal(false);
  });
});

describe('ModerationController', () => {
  async function moderationOn(client: FixtureClient): Promise<ModerationProbe> {
    return fixture<ModerationProbe>(html`<moderation-probe .client=${client} space="demo"></moderation-probe>`);
  }

  it('asks for the key, refuses a wrong one, then shows queue, reports and log', async () => {
    const el = await moderationOn(sample());
    expect(el.moderation.state.kind).to.equal('locked');
    expect(await el.moderation.unlock({ key: 'wrong' })).to.equal(false);
    expect(el.moderation.state).to.deep.equal({ kind: 'locked', problem: 'wrong_key' });
    expect(await el.moderation.unlock({ key: FIXTURE_KEY, moderator: 'Päivi' })).to.equal(true);
    expect(el.moderation.queue.map((idea) => idea.id)).to.deep.equal(['idea-9', 'idea-10']);
    expect(el.moderation.reported.map((idea) => idea.id)).to.deep.equal(['idea-11', 'idea-6']);
    expect(el.moderation.hidden.map((idea) => idea.id)).to.deep.equal(['idea-11']);
    expect(el.moderation.published[0]!.pinned).to.equal(true);
    expect(el.moderation.log).to.have.length(4);
  });

  it('acts with the key and hears the facilitator room live', async () => {
    const client = sample();
    const el = await moderationOn(client);
    await el.moderation.unlock({ key: FIXTURE_KEY, moderator: 'Päivi' });
    await el.moderation.approve('idea-9');
    expect(el.moderation.idea('idea-9')?.status).to.equal('approved');
    await el.moderation.merge('idea-4', 'idea-3');
    expect(el.moderation.idea('idea-4')).to.include({ status: 'merged', mergedInto: 'idea-3' });
    await until(() => el.moderation.idea('idea-3')?.supports === 47, 'the merged supports');
    await el.moderation.setBoardOpen(false);
    expect(el.moderation.space?.boardOpen).to.equal(false);
    await until(() => el.moderation.log[0]?.action === 'board_close', 'the log');
    expect(el.moderation.log.map((entry) => entry.action).slice(0, 3)).to.deep.equal(['board_close', 'merge', 'approve']);
    expect(el.moderation.log[1]!.actor).to.equal('Päivi');

    client.pushIdea({ text: 'Waiting one', status: 'pending' });
    await until(() => el.moderation.queue.some((idea) => idea.text === 'Waiting one'), 'the new pending idea');
    expect(await el.moderation.exportFile('json').then((text) => JSON.parse(text).ideas.length)).to.equal(12);
    el.moderation.lock();
    expect(el.moderation.state.kind).to.equal('locked');
    expect(el.moderation.ideas).to.have.length(0);
  });
});
