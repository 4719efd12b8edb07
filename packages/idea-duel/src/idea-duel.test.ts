import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { createFixtureClient, sampleResults, type FixtureClient, type FixtureOptions } from '@tori/core/fixtures';
import type { Results } from '@tori/protocol';
import type { IdeaDuel } from './idea-duel.js';
import './define.js';

const ideas = ['Parks and green areas', 'Public transport', 'Libraries', 'Schools'];

const part = <T extends HTMLElement = HTMLButtonElement>(el: IdeaDuel, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const textOf = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const spoken = (el: IdeaDuel) => textOf(el.shadowRoot!.querySelector('[role="status"]'));
const pairText = (el: IdeaDuel) => `${textOf(part(el, 'choice-left'))} | ${textOf(part(el, 'choice-right'))}`;
const callsOf = (client: FixtureClient, method: string) => client.calls.filter((call) => call.method === method);

async function duel(
  options: FixtureOptions = {},
  { lang = 'en', mode = 'vote' }: { lang?: string; mode?: string } = {},
): Promise<{ el: IdeaDuel; client: FixtureClient }> {
  const client = createFixtureClient(options.results || options.ideas ? options : { ideas, ...options });
  const el = await fixture<IdeaDuel>(
    html`<idea-duel space="demo" lang=${lang} mode=${mode} .client=${client}></idea-duel>`,
  );
  return { el, client };
}

async function shown(el: IdeaDuel, what: string, check: () => unknown): Promise<void> {
  await waitUntil(check, `timed out waiting for ${what}`, { timeout: 3_000 });
  await el.updateComplete;
}

const untilPair = (el: IdeaDuel) => shown(el, 'a pair', () => part(el, 'choice-left'));

/** A form comes from a file of its own the first time: wait until it is there and has focus. */
const opened = (el: IdeaDuel, focused: string) =>
  shown(el, `focus on ${focused}`, () => {
    // Not a bare comparison: before the form exists, both sides are null.
    const target = el.shadowRoot!.querySelector(focused);
    return target !== null && el.shadowRoot!.activeElement === target;
  });

async function typeInto(el: IdeaDuel, field: HTMLTextAreaElement, text: string): Promise<void> {
  field.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

describe('<idea-duel>', () => {
  describe('voting', () => {
    it('shows loading on the first load only', async () => {
      const { el } = await duel({ latencyMs: 200 });
      expect(textOf(part(el, 'status'))).to.equal('Loading…');
      await expect(el).to.be.accessible();
      await untilPair(el);
      expect(part(el, 'status')).to.equal(null);
    });

    it('shows the question as a heading of the chosen level and the two ideas as buttons', async () => {
      const { el } = await duel();
      await untilPair(el);
      const heading = part<HTMLElement>(el, 'question')!;
      expect(heading.getAttribute('role')).to.equal('heading');
      expect(heading.getAttribute('aria-level')).to.equal('2');
      expect(textOf(heading)).to.equal('Which theme matters more for the next strategy period?');
      expect(pairText(el)).to.equal('Parks and green areas | Public transport');
      expect(part(el, 'choice-left')!.getBoundingClientRect().height).to.be.at.least(44);
      await expect(el).to.be.accessible();

      el.headingLevel = 3;
      await el.updateComplete;
      expect(heading.getAttribute('aria-level')).to.equal('3');
    });

    it('votes on click, fires tori-vote and shows the next pair at once', async () => {
      const { el, client } = await duel();
      await untilPair(el);
      await shown(el, 'the pair fetched ahead', () => callsOf(client, 'nextPair').length === 2);
      const voted = oneEvent(el, 'tori-vote');
      part(el, 'choice-left')!.click();
      await el.updateComplete;
      expect(pairText(el), 'next pair before the server answered').to.equal('Public transport | Libraries');
      const event = await voted;
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail).to.deep.equal({
        appearanceId: 'appearance-1',
        winnerId: 'idea-1',
        loserId: 'idea-2',
        queued: false,
      });
      await el.updateComplete;
      expect(spoken(el)).to.equal('Vote saved. New pair: Public transport or Libraries');
      expect(textOf(part(el, 'confirmation'))).to.equal('Vote saved.');
    });

    it('keeps focus on the chosen button after a keyboard choice', async () => {
      const { el } = await duel();
      await untilPair(el);
      part(el, 'choice-right')!.focus();
      const voted = oneEvent(el, 'tori-vote');
      await sendKeys({ press: 'Enter' });
      expect((await voted).detail.winnerId).to.equal('idea-2');
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'choice-right'));
    });

    it('chooses with ArrowLeft, ArrowRight, 1 and 2 when focus is inside', async () => {
      const { el } = await duel();
      await untilPair(el);
      part(el, 'skip')!.focus();
      for (const [key, side] of [
        ['ArrowLeft', 'left'],
        ['ArrowRight', 'right'],
        ['1', 'left'],
        ['2', 'right'],
      ] as const) {
        await shown(el, 'a pair', () => part(el, 'choice-left'));
        const expected = el.shadowRoot!.querySelector(`[part~="choice-${side}"]`)!.textContent!.trim();
        const voted = oneEvent(el, 'tori-vote');
        await sendKeys({ press: key });
        const { detail } = await voted;
        expect(detail.winnerId, key).to.equal(`idea-${ideas.indexOf(expected) + 1}`);
        expect(el.shadowRoot!.activeElement, `${key} moves focus to the chosen button`).to.equal(
          part(el, `choice-${side}`),
        );
      }
    });

    it('does not vote on keys typed into a text field', async () => {
      const { el, client } = await duel();
      await untilPair(el);
      part(el, 'add-idea')!.click();
      await opened(el, '#idea-text');
      const field = el.shadowRoot!.querySelector('textarea')!;
      await typeInto(el, field, '12');
      await sendKeys({ press: 'ArrowLeft' });
      expect(field.value).to.equal('12');
      expect(callsOf(client, 'vote')).to.have.length(0);
    });

    it('ignores the second click of a double tap', async () => {
      const { el, client } = await duel();
      await untilPair(el);
      const left = part(el, 'choice-left')!;
      left.dispatchEvent(new MouseEvent('click', { detail: 1, bubbles: true }));
      left.dispatchEvent(new MouseEvent('click', { detail: 2, bubbles: true }));
      expect(callsOf(client, 'vote')).to.have.length(1);
    });

    it('thanks the participant after 5 answers, then every 10', async () => {
      const { el } = await duel();
      for (let i = 0; i < 5; i++) {
        await shown(el, 'a pair', () => part(el, 'choice-left'));
        const voted = oneEvent(el, 'tori-vote');
        part(el, 'choice-left')!.click();
        await voted;
      }
      await el.updateComplete;
      expect(textOf(part(el, 'progress'))).to.equal(
        "You've compared 5 pairs — thank you! Keep going or see the results.",
      );
      expect(spoken(el)).to.contain("You've compared 5 pairs");
      await expect(el).to.be.accessible();
      await shown(el, 'a pair', () => part(el, 'choice-left'));
      const voted = oneEvent(el, 'tori-vote');
      part(el, 'choice-left')!.click();
      await voted;
      await el.updateComplete;
      expect(part(el, 'progress')).to.equal(null);
    });
  });

  describe("can't decide", () => {
    it('opens the reasons, skips with one and a note, and fires tori-skip', async () => {
      const { el, client } = await duel();
      await untilPair(el);
      const skip = part(el, 'skip')!;
      skip.click();
      await opened(el, 'input:checked');
      expect(skip.getAttribute('aria-expanded')).to.equal('true');
      const form = part<HTMLFormElement>(el, 'skip-form')!;
      const radios = [...form.querySelectorAll<HTMLInputElement>('input[type=radio]')];
      expect(radios.map((radio) => radio.value)).to.deep.equal([
        'like_both',
        'dislike_both',
        'dont_know',
        'too_similar',
        'other',
      ]);
      expect(textOf(form.querySelector('legend'))).to.equal("Why can't you decide?");
      expect(el.shadowRoot!.activeElement, 'focus moves to the checked reason').to.equal(
        form.querySelector('input:checked'),
      );
      await expect(el).to.be.accessible();

      radios[3]!.click();
      await typeInto(el, form.querySelector('textarea')!, 'Both are about buses');
      const skipped = oneEvent(el, 'tori-skip');
      form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      const { detail } = await skipped;
      expect(detail).to.deep.equal({ appearanceId: 'appearance-1', reason: 'too_similar' });
      expect(callsOf(client, 'skip')[0]!.args[2]).to.deep.equal({
        reason: 'too_similar',
        note: 'Both are about buses',
      });
      await el.updateComplete;
      expect(part(el, 'skip-form')).to.equal(null);
      expect(spoken(el)).to.match(/^Pair skipped\. New pair: /);
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'skip'));
    });

    it('closes on Escape and gives focus back to the button', async () => {
      const { el } = await duel();
      await untilPair(el);
      part(el, 'skip')!.click();
      await opened(el, 'input:checked');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(part(el, 'skip-form')).to.equal(null);
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'skip'));
      expect(part(el, 'skip')!.getAttribute('aria-expanded')).to.equal('false');
    });
  });

  describe('adding an idea', () => {
    it('counts characters, validates, and shows a duplicate clearly', async () => {
      const { el } = await duel();
      await untilPair(el);
      part(el, 'add-idea')!.click();
      await opened(el, '#idea-text');
      const form = part<HTMLFormElement>(el, 'idea-form')!;
      const field = form.querySelector('textarea')!;
      expect(el.shadowRoot!.activeElement).to.equal(field);
      expect(field.maxLength).to.equal(140);
      expect(textOf(form.querySelector('label'))).to.equal('Your idea');

      await typeInto(el, field, 'Hi');
      expect(textOf(form.querySelector('#idea-count'))).to.equal('2/140 characters');
      form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      await el.updateComplete;
      expect(field.getAttribute('aria-invalid')).to.equal('true');
      expect(textOf(form.querySelector('#idea-problem'))).to.equal('Write at least 3 characters.');
      await expect(el).to.be.accessible();

      field.select();
      await typeInto(el, field, 'public transport');
      expect(textOf(form.querySelector('#idea-problem')), 'typing clears the message').to.equal('');
      const failed = oneEvent(el, 'tori-error');
      form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      expect((await failed).detail.code).to.equal('conflict');
      await el.updateComplete;
      expect(textOf(form.querySelector('#idea-problem'))).to.equal('This idea is already in the duel.');
      expect(el.shadowRoot!.activeElement).to.equal(field);
      await expect(el).to.be.accessible();
    });

    it('says the idea waits for approval when the space needs it, and fires tori-idea-add', async () => {
      const { el } = await duel({ space: { ideasNeedApproval: true } });
      await untilPair(el);
      part(el, 'add-idea')!.click();
      await opened(el, '#idea-text');
      await typeInto(el, el.shadowRoot!.querySelector('textarea')!, 'Free saunas on Saturdays');
      const added = oneEvent(el, 'tori-idea-add');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="idea-form"] button[type=submit]')!.click();
      const { detail } = await added;
      expect(detail.idea.text).to.equal('Free saunas on Saturdays');
      expect(detail.idea.status).to.equal('pending');
      await el.updateComplete;
      const note = el.shadowRoot!.querySelector('.done')!;
      expect(textOf(note)).to.equal('Thank you! Your idea joins the duel once the facilitator has approved it.');
      expect(el.shadowRoot!.activeElement).to.equal(note);
      await expect(el).to.be.accessible();
    });

    it('says the idea joins at once when no approval is needed', async () => {
      const { el } = await duel();
      await untilPair(el);
      part(el, 'add-idea')!.click();
      await opened(el, '#idea-text');
      await typeInto(el, el.shadowRoot!.querySelector('textarea')!, 'Free saunas on Saturdays');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="idea-form"] button[type=submit]')!.click();
      await shown(el, 'the thank-you note', () => el.shadowRoot!.querySelector('.done'));
      expect(textOf(el.shadowRoot!.querySelector('.done'))).to.equal('Thank you! Your idea is now in the duel.');
    });
  });

  describe('results', () => {
    it('toggles a ranked list with scores and comparisons as text', async () => {
      const { el } = await duel();
      await untilPair(el);
      const voted = oneEvent(el, 'tori-vote');
      part(el, 'choice-left')!.click();
      await voted;
      const toggle = part(el, 'show-results')!;
      toggle.click();
      await shown(el, 'the ranking', () => el.shadowRoot!.querySelectorAll('[part~="result"]').length === 4);
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(textOf(toggle)).to.equal('Back to voting');
      expect(part(el, 'choice-left'), 'no vote buttons over the results').to.equal(null);
      const items = [...el.shadowRoot!.querySelectorAll('ol > li')].map(textOf);
      expect(items[0]).to.equal('Parks and green areas score 100 · 1 comparison');
      expect(items).to.include('Public transport score 0 · 1 comparison');
      expect(part(el, 'result-bar')!.getAttribute('aria-hidden')).to.equal('true');
      expect(textOf(part(el, 'totals'))).to.equal('1 vote, 1 participant');
      await expect(el).to.be.accessible();

      toggle.click();
      await el.updateComplete;
      expect(part(el, 'results')).to.equal(null);
      expect(part(el, 'choice-left')).to.not.equal(null);
    });

    it('mode="results" is a live projector view without vote buttons', async () => {
      const results = sampleResults('en');
      const { el, client } = await duel({ results }, { mode: 'results' });
      await shown(el, 'the ranking', () => el.shadowRoot!.querySelectorAll('li').length === 8);
      expect(textOf(part(el, 'question'))).to.equal('Which theme matters more for the next strategy period?');
      expect(textOf(part(el, 'totals'))).to.equal('1064 votes, 287 participants');
      expect(part(el, 'choice')).to.equal(null);
      expect(part(el, 'skip')).to.equal(null);
      expect(callsOf(client, 'nextPair'), 'a projector never takes pairs').to.have.length(0);
      await expect(el).to.be.accessible();

      const last = results.ideas[7]!;
      const updated: Results = {
        ...results,
        votes: results.votes + 1,
        ideas: [{ ...last, rank: 1, score: 99, wins: last.wins + 1, comparisons: last.comparisons + 1 }, ...results.ideas.slice(0, 7)],
      };
      client.pushResults(updated);
      await el.updateComplete;
      expect(textOf(part(el, 'totals'))).to.equal('1065 votes, 287 participants');
      expect(textOf(el.shadowRoot!.querySelector('li'))).to.equal(`${last.text} score 99 · 215 comparisons`);
    });

    it('join-url puts a QR code and the short address on the projector, in the page language', async () => {
      const client = createFixtureClient({ results: sampleResults('fi') });
      const el = await fixture<IdeaDuel>(
        html`<idea-duel space="demo" lang="fi" mode="results" join-url="https://www.hel.fi/strategia" .client=${client}></idea-duel>`,
      );
      await shown(el, 'the join code', () => part(el, 'join-code'));
      expect(textOf(part(el, 'join'))).to.equal('Osallistu osoitteessa hel.fi/strategia');
      expect(part(el, 'join-code')!.getAttribute('aria-label')).to.equal('QR-koodi osallistumiseen: hel.fi/strategia');
      await expect(el).to.be.accessible();

      el.lang = 'sv';
      await shown(el, 'the Swedish caption', () => textOf(part(el, 'join')).startsWith('Delta på'));
      el.removeAttribute('join-url');
      await el.updateComplete;
      expect(part(el, 'join')).to.equal(null);
    });

    it('the voting view never shows the join code', async () => {
      const client = createFixtureClient({ ideas });
      const el = await fixture<IdeaDuel>(
        html`<idea-duel space="demo" lang="en" join-url="https://www.hel.fi/strategia" .client=${client}></idea-duel>`,
      );
      await untilPair(el);
      expect(part(el, 'join')).to.equal(null);
    });
  });

  describe('states', () => {
    it('empty: invites to add an idea, and starts once there are two', async () => {
      const { el } = await duel({ ideas: ['Parks and green areas'] });
      await shown(el, 'the empty state', () => part(el, 'status'));
      await shown(el, 'the empty state', () => textOf(part(el, 'status')).startsWith("There aren't enough"));
      await shown(el, 'the idea form', () => part(el, 'idea-form'));
      const field = part(el, 'idea-form')!.querySelector('textarea')!;
      await expect(el).to.be.accessible();
      await typeInto(el, field, 'Public transport');
      part(el, 'idea-form')!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      await untilPair(el);
      expect(pairText(el)).to.equal('Parks and green areas | Public transport');
    });

    it('closed: says so, offers results, and reopens live', async () => {
      const { el, client } = await duel({ space: { votingOpen: false } });
      await shown(el, 'the closed state', () => textOf(part(el, 'status')).startsWith('Voting has closed'));
      expect(part(el, 'choice')).to.equal(null);
      await expect(el).to.be.accessible();
      part(el, 'show-results')!.click();
      await shown(el, 'the ranking', () => el.shadowRoot!.querySelectorAll('[part~="result"]').length === 4);
      expect(textOf(part(el, 'show-results'))).to.equal('Hide results');
      part(el, 'show-results')!.click();
      await el.updateComplete;
      client.pushSpace({ votingOpen: true });
      await untilPair(el);
    });

    it('closed while a pair is shown: focus stays inside the element', async () => {
      const { el, client } = await duel();
      await untilPair(el);
      part(el, 'choice-left')!.focus();
      client.pushSpace({ votingOpen: false });
      await shown(el, 'the closed state', () => textOf(part(el, 'status')).startsWith('Voting has closed'));
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'question'));
    });

    it('error: says so, fires tori-error, and tries again', async () => {
      // The fixture reads failWith on every call, so deleting it lets the retry succeed.
      const options: FixtureOptions = { ideas, failWith: { status: 500, code: 'internal', message: 'Database is down' } };
      const failed = oneEvent(document, 'tori-error');
      const { el } = await duel(options);
      expect((await failed).detail).to.deep.equal({ code: 'internal', message: 'Database is down' });
      await shown(el, 'the error', () => el.shadowRoot!.querySelector('[role="alert"]'));
      expect(textOf(el.shadowRoot!.querySelector('[role="alert"]'))).to.equal('Something went wrong.');
      await expect(el).to.be.accessible();
      delete options.failWith;
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="status"] button')!.click();
      await untilPair(el);
    });

    it('offline: keeps voting on the pair it holds and counts what waits to be sent', async () => {
      const { el, client } = await duel();
      await untilPair(el);
      await shown(el, 'the pair fetched ahead', () => callsOf(client, 'nextPair').length === 2);
      await new Promise((resolve) => setTimeout(resolve, 0));
      client.setOnline(false);
      await el.updateComplete;
      expect(textOf(part(el, 'status'))).to.equal(
        'You are offline — your choices are saved and sent when the connection returns.',
      );
      expect(spoken(el)).to.equal('You are offline — your choices are saved and sent when the connection returns.');
      const voted = oneEvent(el, 'tori-vote');
      part(el, 'choice-left')!.click();
      expect((await voted).detail.queued).to.equal(true);
      await el.updateComplete;
      expect(textOf(part(el, 'status'))).to.contain('1 vote waiting to be sent');
      expect(spoken(el)).to.match(/^Vote saved on this device; it is sent when the connection returns\. New pair: /);
      await expect(el).to.be.accessible();

      client.setOnline(true);
      await el.updateComplete;
      expect(part(el, 'status')).to.equal(null);
      expect(spoken(el)).to.equal('Back online.');
    });

    it('offline before any pair: says the duel continues when the connection returns', async () => {
      const { el, client } = await duel({ online: false });
      await shown(el, 'the offline state', () => part(el, 'status') && !textOf(part(el, 'status')).startsWith('Load'));
      expect(textOf(part(el, 'status'))).to.equal('You are offline. The duel continues when the connection returns.');
      await expect(el).to.be.accessible();
      client.setOnline(true);
      await untilPair(el);
    });
  });

  describe('language', () => {
    it('speaks Finnish, Swedish and English from its lang attribute', async () => {
      const expected = { fi: 'En osaa valita', sv: 'Jag kan inte välja', en: "Can't decide" };
      for (const [lang, text] of Object.entries(expected)) {
        const { el } = await duel({}, { lang });
        await untilPair(el);
        expect(textOf(part(el, 'skip')), lang).to.equal(text);
        await expect(el).to.be.accessible();
      }
    });

    it('follows the closest [lang] ancestor when it has none', async () => {
      const client = createFixtureClient({ ideas });
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang="sv"><idea-duel space="demo" .client=${client}></idea-duel></div>`,
      );
      const el = wrapper.querySelector('idea-duel')!;
      await untilPair(el);
      expect(textOf(part(el, 'add-idea'))).to.equal('Föreslå en egen idé');
      wrapper.lang = 'fi';
      await shown(el, 'Finnish', () => textOf(part(el, 'add-idea')) === 'Lisää oma idea');
    });
  });

  describe('against the reference server', () => {
    it('votes by clicking, shows the next pair and counts the comparisons', async function () {
      this.timeout(30_000);
      const { url, spaceId } = await executeServerCommand<{ url: string; spaceId: string }, { ideas: string[] }>(
        'tori-reference-server',
        { ideas: ['Parks and green areas', 'Public transport', 'Libraries'] },
      );
      const el = await fixture<IdeaDuel>(html`<idea-duel lang="en" server=${url} space=${spaceId}></idea-duel>`);
      await waitUntil(() => part(el, 'choice-left'), 'no pair from the server', { timeout: 10_000 });
      const first = pairText(el);
      const voted = oneEvent(el, 'tori-vote');
      part(el, 'choice-left')!.click();
      expect((await voted).detail.queued).to.equal(false);
      await waitUntil(() => part(el, 'choice-left') && pairText(el) !== first, 'no next pair', { timeout: 10_000 });

      part(el, 'show-results')!.click();
      await waitUntil(
        () => el.shadowRoot!.querySelectorAll('[part~="result"]').length === 3 && textOf(part(el, 'totals')) === '1 vote, 1 participant',
        'no results with the vote',
        { timeout: 10_000 },
      );
      const items = [...el.shadowRoot!.querySelectorAll('[part~="result"]')].map(textOf);
      expect(items.filter((item) => item.endsWith('· 1 comparison'))).to.have.length(2);
      expect(items.filter((item) => item.endsWith('· 0 comparisons'))).to.have.length(1);
      await expect(el).to.be.accessible();
    });
  });
});
