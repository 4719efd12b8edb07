import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { html as litHtml } from 'lit';
import { ConnectedElement } from './connected-element.js';
import { DuelController } from './duel-controller.js';
import { createFixtureClient, sampleResults, type FixtureClient } from './fixtures.js';

class DuelProbe extends ConnectedElement {
  duel = new DuelController(this);
  protected override connectionChanged(): void {
    this.duel.connect();
  }
  protected override render() {
    const view = this.duel.view;
    return view.kind === 'pair'
      ? litHtml`<button>${view.appearance.left.text}</button><button>${view.appearance.right.text}</button>`
      : litHtml`<p>${view.kind}</p>`;
  }
}
DuelProbe.define('duel-probe');

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function duelOn(client: FixtureClient): Promise<DuelProbe> {
  return fixture<DuelProbe>(html`<duel-probe .client=${client} space="demo"></duel-probe>`);
}

const countOf = (client: FixtureClient, method: string) => client.calls.filter((call) => call.method === method).length;

describe('DuelController', () => {
  it('shows loading, then a pair, and fetches the next one ahead', async () => {
    const client = createFixtureClient({ latencyMs: 20 });
    const el = await duelOn(client);
    expect(el.duel.view.kind).to.equal('loading');
    await until(() => el.duel.view.kind === 'pair', 'a pair');
    await until(() => countOf(client, 'nextPair') === 2, 'the pair fetched ahead');
    expect(el.duel.space?.title).to.equal('Strategy 2030');
    await expect(el).to.be.accessible();
  });

  it('shows the pair fetched ahead synchronously after a choice', async () => {
    const client = createFixtureClient({ latencyMs: 20 });
    const el = await duelOn(client);
    await until(() => countOf(client, 'nextPair') === 2 && el.duel.view.kind === 'pair', 'a pair and one ahead');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const first = el.duel.view.kind === 'pair' ? el.duel.view.appearance : undefined;

    const sending = el.duel.choose('left');
    const shown = el.duel.view.kind === 'pair' ? el.duel.view.appearance : undefined;
    expect(shown, 'a pair right away').to.not.equal(undefined);
    expect(shown!.id).to.not.equal(first!.id);
    expect(el.duel.lastAnswer).to.equal('vote');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain(shown!.left.text);

    const outcome = await sending;
    expect(outcome?.status).to.equal('sent');
    expect(client.calls.find((call) => call.method === 'vote')?.args).to.deep.equal(['demo', first!.id, first!.left.id]);
    expect(el.duel.answered).to.equal(1);
    await until(() => countOf(client, 'nextPair') === 3, 'another pair fetched ahead');
  });

  it('skips with a reason the same way', async () => {
    const client = createFixtureClient();
    const el = await duelOn(client);
    await until(() => countOf(client, 'nextPair') === 2, 'one ahead');
    const outcome = await el.duel.skip('too_similar', 'Both are about traffic');
    expect(outcome?.status).to.equal('sent');
    expect(client.calls.find((call) => call.method === 'skip')?.args[2]).to.deep.equal({
      reason: 'too_similar',
      note: 'Both are about traffic',
    });
    expect(el.duel.lastAnswer).to.equal('skip');
    expect(el.duel.view.kind).to.equal('pair');
  });

  it('shows closed, and switches live when voting opens and closes', async () => {
    const client = createFixtureClient({ space: { votingOpen: false } });
    const el = await duelOn(client);
    await until(() => el.duel.view.kind === 'closed', 'closed');
    expect(countOf(client, 'nextPair')).to.equal(0);
    client.pushSpace({ votingOpen: true });
    await until(() => el.duel.view.kind === 'pair', 'a pair after reopening');
    client.pushSpace({ votingOpen: false });
    expect(el.duel.view.kind).to.equal('closed');
  });

  it('shows empty with too few ideas, and a pair once an idea makes two', async () => {
    const client = createFixtureClient({ ideas: ['Parks'] });
    const el = await duelOn(client);
    await until(() => el.duel.view.kind === 'empty', 'empty');
    const created = await el.duel.addIdea('Public saunas');
    expect(created.idea.status).to.equal('approved');
    await until(() => el.duel.view.kind === 'pair', 'a pair');
  });

  it('rejects an idea the server refuses with a ToriError', async () => {
    const client = createFixtureClient();
    const el = await duelOn(client);
    const error = await el.duel.addIdea('x').catch((thrown: unknown) => thrown);
    expect(error).to.include({ status: 422, code: 'invalid_body' });
  });

  it('shows offline when it holds no pair, and loads when back online', async () => {
    const client = createFixtureClient({ online: false });
    const el = await duelOn(client);
    await until(() => el.duel.view.kind === 'offline', 'offline');
    expect(el.duel.online).to.equal(false);
    client.setOnline(true);
    await until(() => el.duel.view.kind === 'pair', 'a pair');
    expect(el.duel.online).to.equal(true);
  });

  it('keeps answering offline while it holds a pair, and counts the queued answers', async () => {
    const client = createFixtureClient();
    const el = await duelOn(client);
    await until(() => countOf(client, 'nextPair') === 2 && el.duel.view.kind === 'pair', 'one ahead');
    await new Promise((resolve) => setTimeout(resolve, 10));
    client.setOnline(false);
    expect(await el.duel.choose('right')).to.deep.equal({ status: 'queued' });
    expect(el.duel.view.kind).to.equal('pair');
    expect(el.duel.queued).to.equal(1);
    expect(el.duel.answered).to.equal(1);
    await el.duel.choose('left');
    expect(el.duel.queued).to.equal(2);
    await until(() => el.duel.view.kind === 'offline', 'offline once no pair is left');
    client.setOnline(true);
    expect(el.duel.queued).to.equal(0);
    await until(() => el.duel.view.kind === 'pair', 'a pair again');
  });

  it('shows an error when loading fails, and tries again', async () => {
    const client = createFixtureClient({ failWith: { status: 500, code: 'internal', message: 'Down' } });
    const el = await duelOn(client);
    await until(() => el.duel.view.kind === 'error', 'error');
    const view = el.duel.view;
    expect(view.kind === 'error' && view.error.code).to.equal('internal');
    el.duel.retry();
    expect(el.duel.view.kind).to.equal('loading');
    await until(() => el.duel.view.kind === 'error', 'error again');
    expect(countOf(client, 'getSpace')).to.equal(2);
  });

  it('follows live results in results mode, the first from joining', async () => {
    const client = createFixtureClient({ results: sampleResults('fi') });
    const el = await duelOn(client);
    el.duel.watchResults();
    await until(() => el.duel.results !== null, 'results from the join');
    expect(el.duel.results!.participants).to.equal(287);
    const pushed = { ...sampleResults('fi'), votes: 9999 };
    client.pushResults(pushed);
    expect(el.duel.results).to.equal(pushed);
  });

  it('loads the results once for a voting participant', async () => {
    const client = createFixtureClient();
    const el = await duelOn(client);
    const results = await el.duel.loadResults();
    expect(el.duel.results).to.equal(results);
    expect(results.ideas).to.have.length(8);
  });

  it('moves on at once from a pair whose idea was hidden, and drops the one ahead that holds it', async () => {
    const client = createFixtureClient();
    const el = await duelOn(client);
    await until(() => countOf(client, 'nextPair') === 2 && el.duel.view.kind === 'pair', 'one ahead');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const shown = el.duel.view.kind === 'pair' ? el.duel.view.appearance : undefined;
    client.pushEvent({ name: 'idea:removed', payload: { spaceId: 'demo', ideaId: shown!.left.id, reason: 'hidden' } });
    expect(el.duel.view.kind === 'pair' && el.duel.view.appearance.id).to.not.equal(shown!.id);
    await until(() => el.duel.view.kind === 'pair', 'a fresh pair');
    const next = el.duel.view.kind === 'pair' ? el.duel.view.appearance : undefined;
    client.pushEvent({ name: 'idea:removed', payload: { spaceId: 'demo', ideaId: 'not-in-this-pair', reason: 'merged', mergedInto: 'x' } });
    expect(el.duel.view.kind === 'pair' && el.duel.view.appearance.id).to.equal(next!.id);
  });

  it('opens its results at once, offline too, with those its join brought', async () => {
    const client = createFixtureClient();
    const el = await duelOn(client);
    await until(() => el.duel.view.kind === 'pair', 'a pair');
    client.setOnline(false);
    el.duel.watchResults();
    expect(el.duel.results?.ideas).to.have.length(8);
    expect(el.duel.results?.spaceId).to.equal('demo');
  });

  it('follows live results only while it shows them: a voting duel joins the space without them', async () => {
    const client = createFixtureClient();
    const el = await duelOn(client);
    await until(() => el.duel.view.kind === 'pair', 'a pair');
    const results = await client.results('demo');
    client.pushResults({ ...results, votes: 99 });
    expect(el.duel.results).to.equal(null);
    el.duel.watchResults();
    await until(() => el.duel.results !== null, 'the results of joining');
    client.pushResults({ ...results, votes: 100 });
    expect(el.duel.results?.votes).to.equal(100);
    el.duel.unwatchResults();
    client.pushResults({ ...results, votes: 101 });
    expect(el.duel.results?.votes).to.equal(100);
  });

  it('drops pairs fetched ahead when the ideas change', async () => {
    const client = createFixtureClient();
    const el = await duelOn(client);
    await until(() => countOf(client, 'nextPair') === 2, 'one ahead');
    await el.duel.addIdea('Public saunas');
    await until(() => countOf(client, 'nextPair') === 3, 'a fresh pair ahead');
  });

  it('leaves the space when the element leaves the page', async () => {
    const client = createFixtureClient();
    const el = await duelOn(client);
    await until(() => el.duel.view.kind === 'pair', 'a pair');
    el.remove();
    client.pushSpace({ votingOpen: false });
    expect(el.duel.view.kind).to.equal('pair');
  });
});

describe('DuelController against the reference server', function () {
  this.timeout(30_000);

  it('shows a pair, the next at once after a vote, and sends the vote', async () => {
    const { url, spaceId } = await executeServerCommand<{ url: string; spaceId: string }, Record<string, unknown>>(
      'tori-reference-server',
      { ideas: ['Parks and green areas', 'Public transport', 'Libraries', 'Bike lanes'] },
    );
    const el = await fixture<DuelProbe>(html`<duel-probe server=${url} space=${spaceId}></duel-probe>`);
    await until(() => el.duel.view.kind === 'pair' && el.duel.online, 'a pair');
    const ahead = () => (el.duel as unknown as { upcoming: unknown[] }).upcoming.length;
    await until(() => ahead() === 1, 'the pair fetched ahead');
    const first = el.duel.view.kind === 'pair' ? el.duel.view.appearance : undefined;
    const sending = el.duel.choose('right');
    expect(el.duel.view.kind === 'pair' && el.duel.view.appearance.id).to.be.a('string').and.not.equal(first!.id);
    const outcome = await sending;
    expect(outcome?.status).to.equal('sent');
    expect(el.duel.answered).to.equal(1);
    el.duel.watchResults();
    await until(() => el.duel.results?.votes === 1, 'the vote in the live results');
  });
});
