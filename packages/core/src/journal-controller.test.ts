import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { ConnectedElement } from './connected-element.js';
import { createFixtureClient, FIXTURE_KEY, sampleJournal, sampleReflections, type FixtureClient } from './fixtures.js';
import { JournalFacilitatorController } from './journal-facilitator.js';
import { JournalController } from './journal-controller.js';
import { journalFileName, journalHtml, journalMarkdown } from './journal-export.js';
import { memoryStore, type KeyValueStore } from './storage.js';

/** One store per test, shared by the "reloads" of that test. */
let store: KeyValueStore;

class JournalProbe extends ConnectedElement {
  journal = new JournalController(this, { store, saveDelayMs: 40, retryMs: 60 });
  protected override connectionChanged(): void {
    this.journal.connect();
  }
  protected override render() {
    return litHtml`<p>${this.journal.view.kind}: ${this.journal.status}</p>`;
  }
}
JournalProbe.define('journal-probe');

class FacilitatorProbe extends ConnectedElement {
  facilitator = new JournalFacilitatorController(this);
  protected override connectionChanged(): void {
    this.facilitator.connect();
  }
  protected override render() {
    return litHtml`<p>${this.facilitator.state.kind}</p>`;
  }
}
FacilitatorProbe.define('journal-facilitator-probe');

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const saves = (client: FixtureClient) => client.calls.filter((call) => call.method === 'save');

async function journalOn(client: FixtureClient): Promise<JournalProbe> {
  const el = await fixture<JournalProbe>(html`<journal-probe .client=${client} space="demo"></journal-probe>`);
  await until(() => el.journal.view.kind === 'ready', 'the journal');
  return el;
}

describe('JournalController', () => {
  beforeEach(() => {
    store = memoryStore();
  });

  it('shows the prompts and the saved reflections, and counts the reflected modules', async () => {
    const client = createFixtureClient({ journal: sampleJournal('en'), reflections: sampleReflections('en') });
    const el = await journalOn(client);
    expect(el.journal.journal!.modules).to.have.length(6);
    expect(el.journal.entry('w1-1')).to.include({ text: sampleReflections('en')[0]!.body, status: 'saved' });
    expect(el.journal.entry('w4-1')).to.include({ text: '', status: 'saved' });
    expect(el.journal.progress).to.deep.equal({ reflected: 3, modules: 6 });
  });

  it('saves once after a pause in typing, on the revision it was written on', async () => {
    const client = createFixtureClient({ journal: sampleJournal('en') });
    const el = await journalOn(client);
    el.journal.edit('w2-1', 'A');
    el.journal.edit('w2-1', 'A friend');
    el.journal.edit('w2-1', 'A friend asked me.');
    expect(el.journal.entry('w2-1').status).to.equal('unsaved');
    expect(store.getItem('tori:journal:https://fixture.tori.invalid:demo:drafts')).to.contain('A friend asked me.');
    await until(() => el.journal.entry('w2-1').status === 'saved', 'the save');
    expect(saves(client).map((call) => call.args[2])).to.deep.equal([{ body: 'A friend asked me.', baseRevision: 0, facilitatorsCanRead: false }]);
    expect(el.journal.entry('w2-1').saved).to.include({ revision: 1, body: 'A friend asked me.' });
    expect(store.getItem('tori:journal:https://fixture.tori.invalid:demo:drafts')).to.equal(null);
    el.journal.edit('w2-1', 'A friend asked me, and I stayed.');
    await until(() => el.journal.entry('w2-1').saved?.revision === 2, 'the second save');
    expect(saves(client)[1]!.args[2]).to.deep.equal({ body: 'A friend asked me, and I stayed.', baseRevision: 1, facilitatorsCanRead: false });
    expect(el.journal.progress.reflected).to.equal(1);
  });

  it('keeps what is typed offline on the device, through a reload, and sends it when back online', async () => {
    const client = createFixtureClient({ journal: sampleJournal('en') });
    const el = await journalOn(client);
    client.setOnline(false);
    el.journal.edit('w3-1', 'Written on the train');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(el.journal.entry('w3-1').status).to.equal('offline');
    expect(saves(client)).to.have.length(0);

    // A reload while still offline: the journal comes from the device's copy, the text from its draft.
    el.remove();
    const again = await fixture<JournalProbe>(html`<journal-probe .client=${client} space="demo"></journal-probe>`);
    await until(() => again.journal.view.kind === 'ready', 'the journal from the device');
    expect(again.journal.entry('w3-1')).to.include({ text: 'Written on the train', status: 'offline' });
    expect(again.journal.unsent).to.equal(1);

    client.setOnline(true);
    await until(() => again.journal.entry('w3-1').status === 'saved', 'the save once online');
    expect(again.journal.entry('w3-1').saved).to.include({ body: 'Written on the train', revision: 1 });
    expect(again.journal.unsent).to.equal(0);
  });

  it('keeps the drafts of two tabs on the same device, each tab its own prompt', async () => {
    const client = createFixtureClient({ journal: sampleJournal('en'), online: true });
    const one = await journalOn(client);
    const two = await journalOn(client);
    client.setOnline(false);
    one.journal.edit('w4-1', 'Typed in the first tab');
    two.journal.edit('w5-1', 'Typed in the second tab');
    one.journal.edit('w4-1', 'Typed in the first tab, more');
    const stored = JSON.parse(store.getItem('tori:journal:https://fixture.tori.invalid:demo:drafts')!);
    expect(Object.keys(stored).sort()).to.deep.equal(['w4-1', 'w5-1']);
    expect(stored['w4-1'].body).to.equal('Typed in the first tab, more');
    // Both tabs closed before the connection returned: a new visit sends both.
    one.remove();
    two.remove();
    client.setOnline(true);
    const again = await journalOn(client);
    await until(() => again.journal.unsent === 0, 'both drafts saved');
    expect(again.journal.entry('w4-1').saved?.body).to.equal('Typed in the first tab, more');
    expect(again.journal.entry('w5-1').saved?.body).to.equal('Typed in the second tab');
  });

  it('sends with each text what the page said about who can read it, staying with "only you" once said', async () => {
    const client = createFixtureClient({ journal: sampleJournal('en', false) });
    const el = await journalOn(client);
    el.journal.edit('w1-1', 'Private thought');
    await until(() => el.journal.entry('w1-1').status === 'saved', 'the save');
    expect(saves(client)[0]!.args[2]).to.deep.include({ facilitatorsCanRead: false });
    el.journal.journal = { ...el.journal.journal!, facilitatorsCanRead: true };
    el.journal.edit('w2-1', 'Written under the readable notice');
    await until(() => el.journal.entry('w2-1').status === 'saved', 'the second save');
    expect(saves(client)[1]!.args[2]).to.deep.include({ facilitatorsCanRead: true });
  });

  it('loads the journal again when the participant starts writing on an old copy', async () => {
    const client = createFixtureClient({ journal: sampleJournal('en') });
    const el = await journalOn(client);
    const loads = () => client.calls.filter((call) => call.method === 'journal').length;
    el.journal.refresh();
    expect(loads()).to.equal(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    el.journal.refresh(20);
    await until(() => loads() === 2, 'the second load');
  });

  it('keeps both texts when another device saved meanwhile, until the participant chooses', async () => {
    const client = createFixtureClient({ journal: sampleJournal('en'), reflections: sampleReflections('en') });
    const el = await journalOn(client);
    client.journal.saveElsewhere('w1-1', 'Written on the laptop');
    el.journal.edit('w1-1', 'Written on the phone');
    await until(() => el.journal.entry('w1-1').status === 'conflict', 'the conflict');
    const entry = el.journal.entry('w1-1');
    expect(entry.text).to.equal('Written on the phone');
    expect(entry.other).to.include({ body: 'Written on the laptop', revision: 2 });
    // Typing on goes on the device, and is not sent over the other copy.
    el.journal.edit('w1-1', 'Written on the phone, more');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(el.journal.entry('w1-1').status).to.equal('conflict');

    el.journal.resolve('w1-1', 'both');
    await until(() => el.journal.entry('w1-1').status === 'saved', 'the joined text saved');
    expect(el.journal.entry('w1-1').saved).to.include({ body: 'Written on the laptop\n\nWritten on the phone, more', revision: 3 });
  });

  it('ends a conflict with the other copy only when the participant says so', async () => {
    const client = createFixtureClient({ journal: sampleJournal('en'), reflections: sampleReflections('en') });
    const el = await journalOn(client);
    client.journal.saveElsewhere('w2-1', 'Laptop');
    el.journal.edit('w2-1', 'Phone');
    await until(() => el.journal.entry('w2-1').status === 'conflict', 'the conflict');
    el.journal.resolve('w2-1', 'theirs');
    expect(el.journal.entry('w2-1')).to.include({ text: 'Laptop', status: 'saved' });
    expect(el.journal.unsent).to.equal(0);

    client.journal.saveElsewhere('w3-1', 'Laptop again');
    el.journal.edit('w3-1', 'Phone again');
    await until(() => el.journal.entry('w3-1').status === 'conflict', 'the second conflict');
    el.journal.resolve('w3-1', 'mine');
    await until(() => el.journal.entry('w3-1').status === 'saved', 'mine saved');
    expect(el.journal.entry('w3-1').saved).to.include({ body: 'Phone again', revision: 3 });
  });

  it('keeps a text the server refuses on the device, with the reason', async () => {
    const client = createFixtureClient({ journal: sampleJournal('en') });
    const el = await journalOn(client);
    el.journal.edit('w1-1', 'x'.repeat(10_001));
    await until(() => el.journal.entry('w1-1').status === 'error', 'the refusal');
    expect(el.journal.entry('w1-1').error).to.include({ status: 422 });
    expect(el.journal.unsent).to.equal(1);
    el.journal.edit('w1-1', 'Shorter');
    await until(() => el.journal.entry('w1-1').status === 'saved', 'the shorter text saved');
  });

  it('shares a chosen text to a discussion, asking for a name first when the space has none', async () => {
    const client = createFixtureClient({ journal: sampleJournal('en') });
    const el = await journalOn(client);
    let refused: unknown;
    await el.journal.share('webinar-1', 'Part of my reflection').catch((error) => (refused = error));
    expect(refused).to.include({ status: 403, code: 'profile_required' });
    await el.journal.saveProfile({ displayName: 'Maija' });
    const { post } = await el.journal.share('webinar-1', 'Part of my reflection');
    expect(post).to.include({ topicId: 'webinar-1', body: 'Part of my reflection' });
    expect(post.author.displayName).to.equal('Maija');
    expect(client.journal.shared).to.have.length(1);
  });
});

describe('JournalFacilitatorController', () => {
  const probe = (client: FixtureClient) =>
    fixture<FacilitatorProbe>(html`<journal-facilitator-probe .client=${client} space="demo"></journal-facilitator-probe>`);

  it('stays locked with a wrong key, and shows counts but no text of a private journal', async () => {
    const el = await probe(createFixtureClient({ journal: sampleJournal('en'), reflections: sampleReflections('en') }));
    expect(el.facilitator.state.kind).to.equal('locked');
    expect(await el.facilitator.unlock('not-the-key')).to.equal(false);
    expect(el.facilitator.state).to.deep.equal({ kind: 'locked', problem: 'wrong_key' });
    expect(await el.facilitator.unlock(FIXTURE_KEY)).to.equal(true);
    const state = el.facilitator.state;
    if (state.kind !== 'ready') throw new Error(state.kind);
    expect(state.reading).to.equal(null);
    expect(state.progress.participants).to.equal(1);
    expect(state.progress.modules.map((m) => m.reflected)).to.deep.equal([1, 1, 1, 0, 0, 0]);
    el.facilitator.lock();
    expect(el.facilitator.state.kind).to.equal('locked');
  });

  it('reads the reflections when the journal lets facilitators read', async () => {
    const el = await probe(createFixtureClient({ journal: sampleJournal('en', true), reflections: sampleReflections('en') }));
    await el.facilitator.unlock(FIXTURE_KEY);
    const state = el.facilitator.state;
    if (state.kind !== 'ready') throw new Error(state.kind);
    expect(state.reading!.participants[0]!.reflections).to.have.length(4);
  });
});

describe('journal files', () => {
  const document = (textOf: (promptId: string) => string) => ({
    title: 'Course <journal>',
    journal: sampleJournal('en'),
    textOf,
    empty: 'No reflection yet',
    lang: 'en',
    note: 'Downloaded 14.5.2026',
  });

  it('writes Markdown with every module and prompt, the participant’s text under each', () => {
    const text = journalMarkdown(document((id) => (id === 'w1-1' ? 'First line\n\nSecond paragraph' : '')));
    expect(text.startsWith('# Course <journal>\n\n*Downloaded 14.5.2026*\n\n## Webinar 1: What our association is for\n\n')).to.equal(true);
    expect(text).to.contain('> What in your association’s purpose inspires you most?\n\nFirst line\n\nSecond paragraph\n');
    expect(text.match(/^## /gm)).to.have.length(6);
    expect(text.match(/\*No reflection yet\*/g)).to.have.length(6);
  });

  it('writes a printable HTML page with the texts escaped', () => {
    const page = journalHtml(document((id) => (id === 'w2-1' ? '<script>alert(1)</script>\nline two' : '')));
    expect(page).to.contain('<html lang="en">');
    expect(page).to.contain('<title>Course &lt;journal&gt;</title>');
    expect(page).to.contain('<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>line two</p>');
    expect(page).to.not.contain('<script>');
    expect(page).to.contain('@media print');
    const parsed = new DOMParser().parseFromString(page, 'text/html');
    expect(parsed.querySelectorAll('h2')).to.have.length(6);
    expect(journalFileName('Yhdistysosaajan verkkokurssi: päiväkirja', 'md')).to.equal('yhdistysosaajan-verkkokurssi-paivakirja.md');
  });
});
