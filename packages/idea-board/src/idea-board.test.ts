import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import {
  FIXTURE_KEY,
  createFixtureClient,
  manyIdeas,
  sampleBoard,
  sampleCategories,
  type FixtureClient,
  type FixtureOptions,
} from '@tori/core/fixtures';
import { VIRTUALIZE_FROM, type IdeaBoard } from './idea-board.js';
import './define.js';

const part = <T extends HTMLElement = HTMLButtonElement>(el: IdeaBoard, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const parts = (el: IdeaBoard, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const $ = <T extends HTMLElement = HTMLElement>(el: IdeaBoard, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const textOf = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const spoken = (el: IdeaBoard) => textOf(el.shadowRoot!.querySelector('p.visually-hidden[role="status"]'));
const callsOf = (client: FixtureClient, method: string) => client.calls.filter((call) => call.method === method);
const titles = (el: IdeaBoard) => parts(el, 'idea').map((idea) => textOf(idea.querySelector('.title')));

async function board(
  options: FixtureOptions = {},
  { lang = 'en', mode = 'participate', readonly = false }: { lang?: string; mode?: string; readonly?: boolean } = {},
): Promise<{ el: IdeaBoard; client: FixtureClient }> {
  // The same options object, so a test can change it later (e.g. stop failing).
  options.boardIdeas ??= sampleBoard('en').ideas;
  options.log ??= sampleBoard('en').log;
  const client = createFixtureClient(options);
  const el = await fixture<IdeaBoard>(
    html`<idea-board space="demo" lang=${lang} mode=${mode} ?readonly=${readonly} .client=${client}></idea-board>`,
  );
  return { el, client };
}

async function shown(el: IdeaBoard, what: string, check: () => unknown, timeout = 3_000): Promise<void> {
  await waitUntil(check, `timed out waiting for ${what}`, { timeout });
  await el.updateComplete;
}

const untilIdeas = (el: IdeaBoard) => shown(el, 'the ideas', () => parts(el, 'idea').length > 0);

/** The virtualiser lays out the list after the element's own update: waits until the titles satisfy `check`. */
const listed = (el: IdeaBoard, what: string, check: (shownTitles: string[]) => boolean) =>
  shown(el, what, () => check(titles(el)));

async function typeInto(el: IdeaBoard, field: HTMLElement, text: string): Promise<void> {
  field.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

describe('<idea-board>', () => {
  // The virtualiser's benign "ResizeObserver loop completed" error (see its README) is not a failure.
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);
  // The list renders only the ideas near the screen: a tall screen keeps the tests' ideas in the page.
  before(() => setViewport({ width: 800, height: 2400 }));
  describe('participating', () => {
    it('shows loading, then the ideas: pinned first, own and pinned marked, newest next', async () => {
      const { el } = await board({ latencyMs: 100 });
      expect(textOf(part(el, 'status'))).to.equal('Loading…');
      await expect(el).to.be.accessible();
      await untilIdeas(el);
      expect(textOf(part(el, 'heading'))).to.equal('Strategy 2030');
      expect(titles(el)[0]).to.equal('More green areas and urban forests');
      expect(textOf(part(el, 'pinned'))).to.equal('Pinned');
      // Newest after the pinned one; pending and hidden ideas of others are not on the board.
      expect(titles(el).slice(1, 3)).to.deep.equal(['A carbon-neutral city by 2035', 'Hobbies and activities for young people']);
      expect(titles(el)).to.not.include('A sauna by the harbour');
      expect(textOf(part(el, 'count'))).to.equal('8 ideas');
      const list = part<HTMLElement>(el, 'list')!;
      expect(list.getAttribute('role')).to.equal('list');
      expect(parts(el, 'idea')[0]!.getAttribute('aria-setsize')).to.equal('8');
      expect(part(el, 'support')!.getBoundingClientRect().height).to.be.at.least(44);
      await expect(el).to.be.accessible();
    });

    it('posts an idea with the keyboard and shows it as the participant’s own', async () => {
      const { el, client } = await board();
      await untilIdeas(el);
      const title = $<HTMLInputElement>(el, '#idea-title')!;
      await typeInto(el, title, 'Benches along the shore');
      expect(textOf($(el, '#title-count'))).to.equal('23/140 characters');
      expect(title.getAttribute('aria-describedby')).to.equal('title-problem title-count');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: 'Every 200 metres.' });
      const posted = oneEvent(el, 'tori-idea-posted');
      title.focus();
      await sendKeys({ press: 'Enter' });
      const { detail } = await posted;
      expect(detail.queued).to.equal(false);
      expect(detail.idea).to.include({ text: 'Benches along the shore', description: 'Every 200 metres.', mine: true });
      expect(detail.requestId).to.match(/^[A-Za-z0-9_-]{8,64}$/);
      expect(callsOf(client, 'post')[0]!.args[1]).to.deep.include({
        text: 'Benches along the shore',
        description: 'Every 200 metres.',
      });
      await el.updateComplete;
      expect(title.value, 'the form starts empty again').to.equal('');
      expect(textOf($(el, 'form .note'))).to.equal('Thank you! Your idea is on the board.');
      await shown(el, 'the own idea', () => titles(el).includes('Benches along the shore'));
      const own = parts(el, 'own-idea')[0]!;
      expect(textOf(own.querySelector('[part~=mine]'))).to.equal('Your idea');
      expect(own.querySelector('[part~=report]'), 'no report button on one’s own idea').to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('says why a post was not sent: too short, already there', async () => {
      const { el } = await board();
      await untilIdeas(el);
      const title = $<HTMLInputElement>(el, '#idea-title')!;
      await typeInto(el, title, 'Hi');
      part(el, 'post')!.click();
      await el.updateComplete;
      expect(title.getAttribute('aria-invalid')).to.equal('true');
      expect(textOf($(el, '#title-problem'))).to.equal('Write at least 3 characters.');
      expect(el.shadowRoot!.activeElement).to.equal(title);
      await expect(el).to.be.accessible();
      title.select();
      await typeInto(el, title, 'affordable homes for everyone');
      const failed = oneEvent(el, 'tori-error');
      part(el, 'post')!.click();
      expect((await failed).detail.code).to.equal('conflict');
      await el.updateComplete;
      expect(textOf($(el, '#title-problem'))).to.equal('This idea is on the board already.');
    });

    it('supports with the keyboard: aria-pressed, the count, and withdrawing', async () => {
      const { el, client } = await board();
      await untilIdeas(el);
      const button = part(el, 'support')!;
      expect(button.getAttribute('aria-pressed')).to.equal('false');
      expect(textOf(button)).to.equal('Support 42, 42 supports');
      button.focus();
      const supported = oneEvent(el, 'tori-idea-supported');
      await sendKeys({ press: 'Enter' });
      expect((await supported).detail).to.deep.equal({ ideaId: 'idea-1', supported: true, supports: 43 });
      await el.updateComplete;
      const again = part(el, 'support')!;
      expect(again.getAttribute('aria-pressed')).to.equal('true');
      expect(textOf(again)).to.contain('43 supports');
      expect(el.shadowRoot!.activeElement).to.equal(again);
      await shown(el, 'the announcement', () => spoken(el) === 'You support this idea.');
      const withdrawn = oneEvent(el, 'tori-idea-supported');
      await sendKeys({ press: 'Space' });
      expect((await withdrawn).detail).to.deep.equal({ ideaId: 'idea-1', supported: false, supports: 42 });
      expect(callsOf(client, 'support').map((call) => call.args[2])).to.deep.equal([true, false]);
      await expect(el).to.be.accessible();
    });

    it('reports an idea through a dialog with reasons; Escape closes it and focus returns', async () => {
      const { el, client } = await board();
      await untilIdeas(el);
      const opener = part(el, 'report')!;
      opener.click();
      await el.updateComplete;
      const dialog = part<HTMLDialogElement>(el, 'report-dialog')!;
      expect(dialog.open).to.equal(true);
      expect([...dialog.querySelectorAll<HTMLInputElement>('input[type=radio]')].map((radio) => radio.value)).to.deep.equal([
        'spam',
        'offensive',
        'off_topic',
        'personal_data',
        'duplicate',
        'other',
      ]);
      expect(el.shadowRoot!.activeElement).to.equal(dialog.querySelector('input[type=radio]'));
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await shown(el, 'the dialog closed', () => !dialog.open);
      await shown(el, 'focus back', () => el.shadowRoot!.activeElement === part(el, 'report'));

      part(el, 'report')!.click();
      await el.updateComplete;
      dialog.querySelector<HTMLInputElement>('input[value=off_topic]')!.click();
      await typeInto(el, dialog.querySelector('textarea')!, 'Not about the city');
      const reported = oneEvent(el, 'tori-idea-reported');
      dialog.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      expect((await reported).detail).to.deep.equal({ ideaId: 'idea-1', reason: 'off_topic', duplicate: false });
      expect(callsOf(client, 'report')[0]!.args).to.deep.equal(['demo', 'idea-1', { reason: 'off_topic', note: 'Not about the city' }]);
      await shown(el, 'the thanks', () => spoken(el) === 'Thank you. The facilitator will look at the idea.');
      expect(dialog.open).to.equal(false);
    });

    it('sorts, filters by category and searches without case or diacritics', async () => {
      const { el } = await board({ space: { categories: sampleCategories.en } });
      await untilIdeas(el);
      const sort = $<HTMLSelectElement>(el, '#sort')!;
      sort.value = 'supported';
      sort.dispatchEvent(new Event('change'));
      await listed(el, 'most supported first', (shownTitles) => shownTitles[1] === 'Affordable homes for everyone');
      expect(titles(el).slice(0, 3)).to.deep.equal([
        'More green areas and urban forests',
        'Affordable homes for everyone',
        'More frequent public transport',
      ]);
      const filter = $<HTMLSelectElement>(el, '#filter')!;
      filter.value = 'traffic';
      filter.dispatchEvent(new Event('change'));
      await listed(el, 'traffic only', (shownTitles) => shownTitles.length === 2);
      expect(titles(el)).to.deep.equal(['More frequent public transport', 'Safe cycling and walking routes']);
      expect(textOf(part(el, 'count'))).to.equal('2 of 8 ideas');
      expect(textOf(parts(el, 'idea')[0]!.querySelector('.meta'))).to.equal('Traffic');
      await shown(el, 'the matches said', () => spoken(el) === '2 ideas match.');
      filter.value = '';
      filter.dispatchEvent(new Event('change'));
      await typeInto(el, $(el, '#search')!, 'LÎBRÄRIES');
      await listed(el, 'the search', (shownTitles) => shownTitles.length === 1);
      expect(titles(el)).to.deep.equal(['Libraries as the living rooms of the city']);
      await expect(el).to.be.accessible();
    });

    it('merges live ideas into the list without touching what the participant types', async () => {
      const { el, client } = await board();
      await untilIdeas(el);
      const title = $<HTMLInputElement>(el, '#idea-title')!;
      await typeInto(el, title, 'Half-written');
      const description = $<HTMLTextAreaElement>(el, '#idea-description')!;
      await typeInto(el, description, 'still typing');
      client.pushIdea({ text: 'Outdoor gyms in every district' });
      client.pushIdea({ text: 'Night buses at weekends' });
      client.pushIdea({ text: 'Community gardens' });
      client.pushEvent({ name: 'idea:removed', payload: { spaceId: 'demo', ideaId: 'idea-4', reason: 'hidden' } });
      await shown(el, 'the new ideas', () => titles(el).includes('Community gardens'));
      expect(titles(el)).to.not.include('Safe cycling and walking routes');
      expect(title.value).to.equal('Half-written');
      expect(description.value).to.equal('still typing');
      expect(el.shadowRoot!.activeElement).to.equal(description);
      await sendKeys({ type: ' more' });
      expect(description.value).to.equal('still typing more');
      // Three arrivals in one moment: one polite message.
      await shown(el, 'the announcement', () => spoken(el) === '3 new ideas');
      expect(textOf(part(el, 'count'))).to.equal('10 ideas');
    });

    it('keeps a live supports count but its own support state', async () => {
      const { el, client } = await board();
      await untilIdeas(el);
      part(el, 'support')!.click();
      await shown(el, 'the support', () => part(el, 'support')!.getAttribute('aria-pressed') === 'true');
      const idea = sampleBoard('en').ideas[0]!;
      // Broadcast ideas say supportedByYou: false; the participant's support stays.
      const { reports: _r, reportReasons: _rr, mergedInto: _m, ...shownIdea } = idea;
      client.pushEvent({
        name: 'idea:updated',
        payload: { spaceId: 'demo', idea: { ...shownIdea, supports: 50, supportedByYou: false } },
      });
      await shown(el, 'the live count', () => textOf(part(el, 'support')).includes('50 supports'));
      expect(part(el, 'support')!.getAttribute('aria-pressed')).to.equal('true');
    });
  });

  describe('states', () => {
    it('empty: invites the first idea', async () => {
      const { el } = await board({ boardIdeas: [] });
      await shown(el, 'the empty state', () => textOf(part(el, 'status')).startsWith('No ideas yet'));
      expect(textOf(part(el, 'status'))).to.equal('No ideas yet. Be the first to share one!');
      expect(part(el, 'form')).to.not.equal(null);
      await expect(el).to.be.accessible();
    });

    it('closed: the list stays, a notice replaces the form, supports go on', async () => {
      const { el, client } = await board({ space: { boardOpen: false } });
      await untilIdeas(el);
      expect(part(el, 'form')).to.equal(null);
      expect(textOf(part(el, 'closed'))).to.equal(
        'The board is closed for new ideas. You can still read the ideas and support them.',
      );
      expect(part(el, 'support')).to.not.equal(null);
      await expect(el).to.be.accessible();
      client.pushSpace({ boardOpen: true });
      await shown(el, 'the form', () => part(el, 'form'));
    });

    it('closed while posting: says so and moves focus to the notice', async () => {
      const { el, client } = await board();
      await untilIdeas(el);
      await typeInto(el, $(el, '#idea-title')!, 'Late idea');
      // The facilitator closed the board a moment ago; this page has not heard yet.
      await client.board.updateSpace('demo', { boardOpen: false }, { key: FIXTURE_KEY });
      const failed = oneEvent(el, 'tori-error');
      part(el, 'post')!.click();
      expect((await failed).detail.code).to.equal('board_closed');
      await shown(el, 'the notice', () => part(el, 'closed'));
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'closed'));
    });

    it('read-only: no form, no support or report buttons', async () => {
      const { el } = await board({}, { readonly: true });
      await untilIdeas(el);
      expect(part(el, 'form')).to.equal(null);
      expect(part(el, 'support')).to.equal(null);
      expect(part(el, 'report')).to.equal(null);
      expect(textOf(parts(el, 'idea')[0]!.querySelector('.numbers'))).to.equal('42 supports');
      await expect(el).to.be.accessible();
    });

    it('error: says so, fires tori-error, and tries again', async () => {
      const options: FixtureOptions = { failWith: { status: 500, code: 'internal', message: 'Database is down' } };
      const failed = oneEvent(document, 'tori-error');
      const { el } = await board(options);
      expect((await failed).detail).to.deep.equal({ code: 'internal', message: 'Database is down' });
      await shown(el, 'the error', () => $(el, '[role="alert"]'));
      expect(textOf($(el, '[role="alert"]'))).to.equal('Something went wrong.');
      await expect(el).to.be.accessible();
      delete options.failWith;
      $<HTMLButtonElement>(el, '[part~="status"] button')!.click();
      await untilIdeas(el);
    });

    it('offline before loading: says the ideas come with the connection', async () => {
      const { el, client } = await board({ online: false });
      await shown(el, 'the offline state', () => textOf(part(el, 'status')).startsWith('You are offline'));
      expect(textOf(part(el, 'status'))).to.equal('You are offline. The ideas appear when the connection returns.');
      await expect(el).to.be.accessible();
      client.setOnline(true);
      await untilIdeas(el);
    });

    it('offline: keeps a post on the device, counts it, and sends it once on reconnect', async () => {
      const { el, client } = await board();
      await untilIdeas(el);
      client.setOnline(false);
      await el.updateComplete;
      expect(textOf(part(el, 'status'))).to.equal(
        'You are offline. Ideas you post are kept on this device and sent when you are back online.',
      );
      await typeInto(el, $(el, '#idea-title')!, 'Free wifi in parks');
      const posted = oneEvent(el, 'tori-idea-posted');
      part(el, 'post')!.click();
      const { detail } = await posted;
      expect(detail).to.include({ queued: true, idea: null });
      await el.updateComplete;
      expect(textOf($(el, 'form .note'))).to.equal('Saved on this device: your idea will be sent when you are back online.');
      expect(textOf(part(el, 'status'))).to.contain('1 idea waiting to be sent');
      expect(textOf(part(el, 'status'))).to.contain('Free wifi in parks');
      await expect(el).to.be.accessible();

      client.setOnline(true);
      await shown(el, 'the sent idea', () => titles(el).includes('Free wifi in parks'));
      expect(titles(el).filter((title) => title === 'Free wifi in parks')).to.have.length(1);
      expect(parts(el, 'own-idea').map((idea) => textOf(idea.querySelector('.title')))).to.include('Free wifi in parks');
      expect(part(el, 'status')).to.equal(null);
      // Back online with nothing waiting: nothing more is sent.
      client.setOnline(false);
      client.setOnline(true);
      await el.updateComplete;
      expect(titles(el).filter((title) => title === 'Free wifi in parks')).to.have.length(1);
    });

    it('named posting: asks for the name, shows authors', async () => {
      const { el, client } = await board({
        boardIdeas: sampleBoard('en', { named: true }).ideas,
        space: { namedPosting: true },
      });
      await untilIdeas(el);
      expect(textOf(parts(el, 'idea')[0]!.querySelector('.meta'))).to.equal('by Aino');
      const name = $<HTMLInputElement>(el, '#idea-name')!;
      expect(textOf($(el, 'label[for=idea-name]'))).to.equal('Your name');
      await typeInto(el, $(el, '#idea-title')!, 'Skating rink downtown');
      part(el, 'post')!.click();
      await el.updateComplete;
      expect(name.getAttribute('aria-invalid')).to.equal('true');
      expect(el.shadowRoot!.activeElement).to.equal(name);
      await expect(el).to.be.accessible();
      await typeInto(el, name, 'Maija');
      const posted = oneEvent(el, 'tori-idea-posted');
      part(el, 'post')!.click();
      expect((await posted).detail.idea?.authorName).to.equal('Maija');
      expect(callsOf(client, 'post')[0]!.args[1]).to.include({ authorName: 'Maija' });
      await el.updateComplete;
      expect(name.value, 'the name stays for the next idea').to.equal('Maija');
    });

    it('categories: the form offers them and a post carries its choice', async () => {
      const { el, client } = await board({ space: { categories: sampleCategories.en } });
      await untilIdeas(el);
      const select = $<HTMLSelectElement>(el, '#idea-category')!;
      expect([...select.options].map((option) => option.text)).to.deep.equal([
        'No category',
        'Nature and climate',
        'Housing',
        'Traffic',
        'Culture and leisure',
        'Business and jobs',
      ]);
      select.value = 'culture';
      select.dispatchEvent(new Event('change'));
      await typeInto(el, $(el, '#idea-title')!, 'Open-air cinema');
      part(el, 'post')!.click();
      await shown(el, 'the post', () => callsOf(client, 'post').length === 1);
      expect(callsOf(client, 'post')[0]!.args[1]).to.include({ category: 'culture' });
      await expect(el).to.be.accessible();
    });

    it('pending: a post in a space that approves first is shown as waiting to its author', async () => {
      const { el } = await board({ space: { ideasNeedApproval: true } });
      await untilIdeas(el);
      await typeInto(el, $(el, '#idea-title')!, 'Dog park');
      part(el, 'post')!.click();
      await shown(el, 'the note', () => textOf($(el, 'form .note')).startsWith('Thank you'));
      expect(textOf($(el, 'form .note'))).to.equal('Thank you! Your idea is shown once the facilitator has approved it.');
      await shown(el, 'the waiting idea', () => titles(el).includes('Dog park'));
      expect(textOf(parts(el, 'own-idea')[0]!.querySelector('.badges'))).to.contain('Waiting for approval');
      expect(parts(el, 'own-idea')[0]!.querySelector('[part~=support]')).to.equal(null);
    });

    it('10 000 ideas: only those near the screen are in the page', async function () {
      this.timeout(20_000);
      const { el } = await board({ boardIdeas: manyIdeas(10_000) });
      await untilIdeas(el);
      expect(textOf(part(el, 'count'))).to.equal('10000 ideas');
      const rendered = parts(el, 'idea');
      expect(rendered.length).to.be.below(100);
      expect(rendered[0]!.getAttribute('aria-setsize')).to.equal('10000');
      await typeInto(el, $(el, '#search')!, '(9999)');
      await shown(el, 'the one match', () => titles(el).length === 1);
      await expect(el).to.be.accessible();
    });

    it(`fewer than ${VIRTUALIZE_FROM} ideas are all in the page, below the fold too; ${VIRTUALIZE_FROM} are virtualised`, async function () {
      this.timeout(20_000);
      await setViewport({ width: 800, height: 600 });
      try {
        const small = (await board({ boardIdeas: manyIdeas(VIRTUALIZE_FROM - 1) })).el;
        await untilIdeas(small);
        // Find-in-page, printing and a screen reader's browse mode reach the last idea as well as the first.
        expect(parts(small, 'idea').length).to.equal(VIRTUALIZE_FROM - 1);
        expect(parts(small, 'idea').at(-1)!.getAttribute('aria-posinset')).to.equal(String(VIRTUALIZE_FROM - 1));
        // Out of the way: below it the larger board would start far from the screen.
        small.remove();
        const large = (await board({ boardIdeas: manyIdeas(VIRTUALIZE_FROM) })).el;
        await untilIdeas(large);
        expect(parts(large, 'idea').length).to.be.below(VIRTUALIZE_FROM / 2);
      } finally {
        await setViewport({ width: 800, height: 2400 });
      }
    });

    it('keyboard: Tab walks on through ideas the virtualised list had not rendered yet', async function () {
      this.timeout(20_000);
      await setViewport({ width: 800, height: 600 });
      try {
        const { el } = await board({ boardIdeas: manyIdeas(300) });
        await untilIdeas(el);
        const renderedAtFirst = parts(el, 'idea').length;
        part(el, 'support')!.focus();
        let position = 0;
        for (let i = 0; i < 2 * renderedAtFirst + 10; i++) {
          await sendKeys({ press: 'Tab' });
          const active = el.shadowRoot!.activeElement;
          expect(active, `Tab ${i + 1} stays in the list`).to.not.equal(null);
          position = Number(active!.closest('[role=listitem]')?.getAttribute('aria-posinset'));
        }
        expect(position).to.be.above(renderedAtFirst);
      } finally {
        await setViewport({ width: 800, height: 2400 });
      }
    });

    it(`a list that crosses ${VIRTUALIZE_FROM} ideas live keeps the focused button, and is virtualised once focus leaves it`, async function () {
      this.timeout(20_000);
      const { el, client } = await board({ boardIdeas: manyIdeas(VIRTUALIZE_FROM - 1) });
      await untilIdeas(el);
      const button = parts(el, 'support')[3]!;
      button.focus();
      client.pushIdea({ text: 'One idea more' });
      await shown(el, 'the new idea', () => titles(el).includes('One idea more'));
      expect(parts(el, 'idea').length, 'every idea still in the page').to.equal(VIRTUALIZE_FROM);
      expect(el.shadowRoot!.activeElement, 'the same button keeps focus').to.equal(button);
      // The keyboard goes on from where it was: the same idea's report button.
      await sendKeys({ press: 'Tab' });
      const next = el.shadowRoot!.activeElement;
      expect(next?.getAttribute('part')).to.equal('report');
      expect(next?.closest('[role=listitem]')).to.equal(button.closest('[role=listitem]'));
      $(el, '#search')!.focus();
      await shown(el, 'the virtualised list', () => parts(el, 'idea').length < VIRTUALIZE_FROM / 2);
      expect(el.shadowRoot!.activeElement).to.equal($(el, '#search'));
    });

    it('projector: the newest ideas in large type, arriving live, no buttons', async () => {
      const { el, client } = await board({}, { mode: 'projector' });
      await untilIdeas(el).catch(() => undefined);
      await shown(el, 'the projector list', () => parts(el, 'projector-idea').length === 8);
      expect(part(el, 'form')).to.equal(null);
      expect(part(el, 'support')).to.equal(null);
      expect(textOf(parts(el, 'projector-idea')[0])).to.equal('A carbon-neutral city by 2035');
      // The ideas fade in as they arrive; axe judges the colours they end with.
      await Promise.all(el.shadowRoot!.getAnimations().map((animation) => animation.finished));
      await expect(el).to.be.accessible();
      client.pushIdea({ text: 'Sauna on the market square' });
      await shown(el, 'the arrival', () => textOf(parts(el, 'projector-idea')[0]) === 'Sauna on the market square');
      expect(parts(el, 'projector-idea')).to.have.length(8);
      expect(textOf(part(el, 'count'))).to.equal('9 ideas');
    });

    it('projector with join-url: a QR code and the short address to take part at', async () => {
      const { el } = await board({}, { mode: 'projector', lang: 'sv' });
      el.setAttribute('join-url', 'https://www.example.fi/ideat/');
      await shown(el, 'the join code', () => part(el, 'join-code'));
      // The ideas fade in as they arrive; axe judges the colours they end with.
      await Promise.all(el.shadowRoot!.getAnimations().map((animation) => animation.finished));
      expect(textOf(part(el, 'join'))).to.equal('Delta på example.fi/ideat');
      expect(part(el, 'join-code')!.getAttribute('aria-label')).to.equal('QR-kod för att delta: example.fi/ideat');
      await expect(el).to.be.accessible();
    });
  });

  describe('facilitating', () => {
    async function unlocked(options: FixtureOptions = {}) {
      const result = await board(options, { mode: 'facilitate' });
      const { el } = result;
      await shown(el, 'the key form', () => part(el, 'key-form'));
      const key = $<HTMLInputElement>(el, '#space-key')!;
      expect(key.type).to.equal('password');
      await typeInto(el, key, FIXTURE_KEY);
      await typeInto(el, $(el, '#moderator-name')!, 'Päivi');
      await sendKeys({ press: 'Enter' });
      await shown(el, 'the moderation view', () => part(el, 'moderation-toolbar'));
      return result;
    }

    const section = (el: IdeaBoard, name: string) => $(el, `section[aria-labelledby="${name}-heading"]`)!;
    const button = (container: Element, label: string) =>
      [...container.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === label)!;

    it('asks for the key, refuses a wrong one, never reflects or stores it', async () => {
      const { el } = await board({}, { mode: 'facilitate' });
      await shown(el, 'the key form', () => part(el, 'key-form'));
      await expect(el).to.be.accessible();
      await typeInto(el, $(el, '#space-key')!, 'wrong');
      await sendKeys({ press: 'Enter' });
      await shown(el, 'the refusal', () => textOf($(el, '#key-problem')) !== '');
      expect(textOf($(el, '#key-problem'))).to.equal('That key does not open this space.');
      expect(el.shadowRoot!.activeElement).to.equal($(el, '#space-key'));
      expect(el.hasAttribute('key')).to.equal(false);
      expect(JSON.stringify({ ...localStorage })).to.not.contain('wrong');
      await expect(el).to.be.accessible();
    });

    it('shows the queue, the reports and the log, and takes the key from the host', async () => {
      const client = createFixtureClient({ boardIdeas: sampleBoard('en').ideas, log: sampleBoard('en').log });
      const el = await fixture<IdeaBoard>(
        html`<idea-board space="demo" lang="en" mode="facilitate" .client=${client} .key=${FIXTURE_KEY}></idea-board>`,
      );
      await shown(el, 'the moderation view', () => part(el, 'moderation-toolbar'));
      expect(el.getAttribute('key')).to.equal(null);
      expect(textOf(part(el, 'heading'))).to.equal('Moderation: Strategy 2030');
      const queue = section(el, 'queue');
      expect(textOf(queue.querySelector('.subheading'))).to.equal('Waiting for approval (2)');
      expect([...queue.querySelectorAll('.title')].map(textOf)).to.deep.equal([
        'A sauna by the harbour',
        'Free swimming lessons for children',
      ]);
      const reported = section(el, 'reported');
      expect(textOf(reported.querySelector('.meta'))).to.contain('3 reports: Spam or advertising (3)');
      expect(textOf(part(el, 'log')!.querySelector('li'))).to.contain('“Buy cheap watches in our web shop” was hidden after reports');
      await expect(el).to.be.accessible();
    });

    it('approves, hides, restores, pins, edits and merges through the client', async () => {
      const { el, client } = await unlocked();
      const queue = section(el, 'queue');
      button(queue.querySelector('li')!, 'Approve').click();
      await shown(el, 'approved', () => spoken(el) === 'Approved.');
      expect(callsOf(client, 'moderate')[0]!.args).to.deep.equal(['demo', 'idea-9', { status: 'approved' }]);
      await shown(el, 'the queue shorter', () => section(el, 'queue').querySelectorAll('li').length === 1);

      button(section(el, 'hidden').querySelector('li')!, 'Restore').click();
      await shown(el, 'restored', () => spoken(el) === 'Restored.');
      expect(callsOf(client, 'moderate')[1]!.args).to.deep.equal(['demo', 'idea-11', { status: 'approved' }]);

      const first = () => section(el, 'published').querySelector('li')!;
      const pin = first().querySelector<HTMLButtonElement>('[part~=pin]')!;
      expect(pin.getAttribute('aria-pressed')).to.equal('true');
      pin.click();
      await shown(el, 'unpinned', () => spoken(el) === 'Unpinned.');
      expect(callsOf(client, 'moderate')[2]!.args).to.deep.equal(['demo', 'idea-1', { pinned: false }]);

      const target = [...section(el, 'published').querySelectorAll('li')].find((li) =>
        textOf(li.querySelector('.title')).startsWith('Libraries'),
      )!;
      button(target, 'Edit').click();
      await el.updateComplete;
      const editTitle = $<HTMLInputElement>(el, '#edit-title')!;
      expect(el.shadowRoot!.activeElement).to.equal(editTitle);
      editTitle.select();
      await sendKeys({ type: 'Libraries as living rooms' });
      await sendKeys({ press: 'Enter' });
      await shown(el, 'saved', () => spoken(el) === 'Saved.');
      expect(callsOf(client, 'moderate')[3]!.args).to.deep.equal(['demo', 'idea-5', { text: 'Libraries as living rooms' }]);

      const duplicate = [...section(el, 'published').querySelectorAll('li')].find((li) =>
        textOf(li.querySelector('.title')).startsWith('Safe cycling'),
      )!;
      button(duplicate, 'Merge…').click();
      await el.updateComplete;
      const into = $<HTMLSelectElement>(el, '#merge-into')!;
      expect(el.shadowRoot!.activeElement).to.equal(into);
      into.value = 'idea-3';
      await expect(el).to.be.accessible();
      button(into.closest('form')!, 'Merge').click();
      await shown(el, 'merged', () => spoken(el) === 'Merged.');
      expect(callsOf(client, 'merge')[0]!.args).to.deep.equal(['demo', 'idea-4', 'idea-3']);
      await shown(el, 'the log entry', () => textOf(part(el, 'log')!.querySelector('li')).includes('Päivi merged'));

      button(first(), 'Hide').click();
      await shown(el, 'hidden', () => spoken(el) === 'Hidden.');
      await expect(el).to.be.accessible();
    });

    it('closes and opens the board, and exports CSV and JSON with the key', async () => {
      const { el, client } = await unlocked();
      const toggle = part(el, 'board-toggle')!;
      expect(textOf(toggle)).to.equal('Close the board');
      toggle.click();
      await shown(el, 'closed', () => spoken(el) === 'The board is closed.');
      expect(callsOf(client, 'updateSpace')[0]!.args).to.deep.equal(['demo', { boardOpen: false }]);
      await shown(el, 'the open button', () => textOf(part(el, 'board-toggle')) === 'Open the board');

      const blobs: Blob[] = [];
      const original = URL.createObjectURL;
      URL.createObjectURL = (blob: Blob | MediaSource) => (blobs.push(blob as Blob), original.call(URL, blob));
      try {
        const [csv, json] = parts(el, 'export');
        csv!.click();
        await shown(el, 'the CSV', () => blobs.length === 1);
        json!.click();
        await shown(el, 'the JSON', () => blobs.length === 2);
      } finally {
        URL.createObjectURL = original;
      }
      expect(callsOf(client, 'exportFile').map((call) => call.args[1])).to.deep.equal(['csv', 'json']);
      const csvText = await blobs[0]!.text();
      expect(csvText.split('\n')[0]).to.equal(
        'id,title,description,category,categoryLabel,authorName,status,pinned,supports,score,rank,comparisons,wins,losses,reports,mergedInto,createdAt',
      );
      expect(blobs[0]!.type).to.equal('text/csv;charset=utf-8');
      expect(JSON.parse(await blobs[1]!.text()).ideas).to.have.length(11);
    });

    it('hears new ideas and reports live in the facilitator room', async () => {
      const { el, client } = await unlocked({ space: { ideasNeedApproval: true } });
      client.pushIdea({ text: 'Ice rink by the lake', status: 'pending' });
      await shown(el, 'the new pending idea', () => textOf(section(el, 'queue')).includes('Ice rink by the lake'));
      await client.board.report('demo', 'idea-2', { reason: 'spam' });
      await shown(el, 'the report', () => textOf(section(el, 'reported')).includes('Affordable homes for everyone'));
    });
  });

  describe('language', () => {
    it('speaks Finnish, Swedish and English from its lang attribute', async () => {
      const expected = { fi: 'Lähetä idea', sv: 'Skicka idén', en: 'Post idea' };
      for (const [lang, text] of Object.entries(expected)) {
        const { el } = await board({}, { lang });
        await shown(el, 'the form', () => part(el, 'post'));
        expect(textOf(part(el, 'post')), lang).to.equal(text);
        await expect(el).to.be.accessible();
      }
    });
  });

  describe('against the reference server', () => {
    it('posts, shows, supports and reports ideas; a second page hears them live', async function () {
      this.timeout(30_000);
      const { url, spaceId, adminKey } = await executeServerCommand<
        { url: string; spaceId: string; adminKey: string },
        { ideas: string[] }
      >('tori-reference-server', { ideas: ['Parks and green areas', 'Public transport'] });
      // Categories and named posting are space settings, set with the facilitator key.
      const settings = await fetch(`${url}/api/spaces/${spaceId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-tori-key': adminKey },
        body: JSON.stringify({ categories: [{ id: 'green', label: 'Green' }] }),
      });
      expect(settings.status, 'settings').to.equal(200);

      const el = await fixture<IdeaBoard>(html`<idea-board lang="en" server=${url} space=${spaceId}></idea-board>`);
      const watcher = await fixture<IdeaBoard>(
        html`<idea-board lang="en" mode="projector" server=${url} space=${spaceId}></idea-board>`,
      );
      await waitUntil(() => parts(el, 'idea').length === 2, 'no ideas from the server', { timeout: 10_000 });

      await typeInto(el, $(el, '#idea-title')!, 'Saunas by the sea');
      const select = $<HTMLSelectElement>(el, '#idea-category')!;
      select.value = 'green';
      select.dispatchEvent(new Event('change'));
      const posted = oneEvent(el, 'tori-idea-posted');
      part(el, 'post')!.click();
      const { detail } = await posted;
      expect(detail.idea).to.include({ text: 'Saunas by the sea', category: 'green', mine: true });
      await waitUntil(() => titles(el)[0] === 'Saunas by the sea', 'the own idea first', { timeout: 10_000 });
      await waitUntil(
        () => textOf(parts(watcher, 'projector-idea')[0]).startsWith('Saunas by the sea'),
        'the idea live on the projector',
        { timeout: 10_000 },
      );

      const other = parts(el, 'idea').find((idea) => textOf(idea.querySelector('.title')) === 'Public transport')!;
      const supported = oneEvent(el, 'tori-idea-supported');
      other.querySelector<HTMLButtonElement>('[part~=support]')!.click();
      expect((await supported).detail).to.include({ supported: true, supports: 1 });

      other.querySelector<HTMLButtonElement>('[part~=report]')!.click();
      await el.updateComplete;
      const dialog = part<HTMLDialogElement>(el, 'report-dialog')!;
      dialog.querySelector<HTMLInputElement>('input[value=off_topic]')!.click();
      const reported = oneEvent(el, 'tori-idea-reported');
      dialog.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      expect((await reported).detail).to.include({ reason: 'off_topic', duplicate: false });
      await expect(el).to.be.accessible();
    });

    it('opens the moderation view with the key and approves from the queue', async function () {
      this.timeout(30_000);
      const { url, spaceId, adminKey } = await executeServerCommand<
        { url: string; spaceId: string; adminKey: string },
        { ideas: string[]; ideasNeedApproval: boolean }
      >('tori-reference-server', { ideas: ['Parks and green areas', 'Public transport'], ideasNeedApproval: true });
      const participant = await fixture<IdeaBoard>(html`<idea-board lang="en" server=${url} space=${spaceId}></idea-board>`);
      await waitUntil(() => parts(participant, 'idea').length === 2, 'no ideas', { timeout: 10_000 });
      await typeInto(participant, $(participant, '#idea-title')!, 'Night library');
      part(participant, 'post')!.click();
      await waitUntil(() => textOf($(participant, 'form .note')).includes('approved'), 'pending note', { timeout: 10_000 });

      const el = await fixture<IdeaBoard>(
        html`<idea-board
          lang="en"
          mode="facilitate"
          moderator="Päivi"
          server=${url}
          space=${spaceId}
          .key=${adminKey}
        ></idea-board>`,
      );
      await waitUntil(() => part(el, 'moderation-toolbar'), 'no moderation view', { timeout: 10_000 });
      const queue = $(el, 'section[aria-labelledby="queue-heading"]')!;
      await waitUntil(() => textOf(queue).includes('Night library'), 'the pending idea in the queue', { timeout: 10_000 });
      [...queue.querySelectorAll('button')].find((b) => textOf(b) === 'Approve')!.click();
      await waitUntil(() => titles(participant).includes('Night library'), 'the approved idea live', { timeout: 10_000 });
      await waitUntil(
        () => textOf(part(el, 'log')!.querySelector('li')).includes('Päivi approved “Night library”'),
        'the log entry with the facilitator’s name',
        { timeout: 10_000 },
      );
      await expect(el).to.be.accessible();
    });
  });
});
