import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import {
  FIXTURE_KEY,
  createFixtureClient,
  sampleJournal,
  sampleReading,
  sampleReflections,
  type FixtureClient,
  type FixtureOptions,
} from '@tori/core/fixtures';
import type { JournalBody, MyJournal } from '@tori/protocol';
import type { ReflectionJournal } from './reflection-journal.js';
import './define.js';

const part = <T extends HTMLElement = HTMLElement>(el: ReflectionJournal, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const parts = (el: ReflectionJournal, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const $ = <T extends HTMLElement = HTMLElement>(el: ReflectionJournal, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const textOf = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const spoken = (el: ReflectionJournal) => textOf($(el, 'p.visually-hidden[role="status"]'));
const field = (el: ReflectionJournal, promptId: string) => $<HTMLTextAreaElement>(el, `#reflection-${promptId}`)!;
const fieldStatus = (el: ReflectionJournal, promptId: string) => textOf($(el, `#reflection-${promptId}-status`));
const buttonNamed = (root: ParentNode, name: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((button) => textOf(button) === name)!;

async function journal(
  options: FixtureOptions = {},
  { lang = 'en', readonly = false, topic }: { lang?: string; readonly?: boolean; topic?: string } = {},
): Promise<{ el: ReflectionJournal; client: FixtureClient }> {
  if (!('journal' in options)) options.journal = sampleJournal('en');
  if (!('reflections' in options)) options.reflections = sampleReflections('en');
  const client = createFixtureClient(options);
  const el = await render(client, { lang, readonly, topic });
  return { el, client };
}

function render(client: FixtureClient, { lang = 'en', readonly = false, topic }: { lang?: string; readonly?: boolean; topic?: string } = {}) {
  return fixture<ReflectionJournal>(
    html`<reflection-journal space="demo" lang=${lang} ?readonly=${readonly} topic=${topic ?? ''} .client=${client}></reflection-journal>`,
  );
}

async function shown(el: ReflectionJournal, what: string, check: () => unknown, timeout = 4_000): Promise<void> {
  await waitUntil(check, `timed out waiting for ${what}`, { timeout });
  await el.updateComplete;
}

const untilPrompts = (el: ReflectionJournal) => shown(el, 'the prompts', () => parts(el, 'prompt').length > 0);

async function typeInto(el: ReflectionJournal, target: HTMLElement, text: string): Promise<void> {
  target.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

describe('<reflection-journal>', () => {
  beforeEach(() => localStorage.clear());

  describe('writing', () => {
    it('shows loading, then the privacy notice, progress, modules and the saved reflections', async () => {
      const { el } = await journal({ latencyMs: 100 });
      expect(textOf(part(el, 'status'))).to.equal('Loading…');
      await expect(el).to.be.accessible();
      await untilPrompts(el);
      expect(textOf(part(el, 'heading'))).to.equal('My reflection journal');
      expect(textOf(part(el, 'privacy'))).to.equal('Only you can read your reflections. Not even the course facilitators see them.');
      expect(textOf(part(el, 'progress'))).to.equal('3 of 6 modules reflected');
      expect(parts(el, 'module')).to.have.length(6);
      expect(parts(el, 'reflected')).to.have.length(3);
      expect(field(el, 'w1-1').value).to.equal(sampleReflections('en')[0]!.body);
      expect(field(el, 'w4-1').value).to.equal('');
      // Each field is labelled by its prompt and described by the privacy notice, its status and its count.
      expect(field(el, 'w1-1').labels[0]!.textContent).to.equal('What in your association’s purpose inspires you most?');
      expect(field(el, 'w1-1').getAttribute('aria-describedby')).to.equal('privacy reflection-w1-1-status reflection-w1-1-count');
      expect(fieldStatus(el, 'w1-1')).to.equal('Saved');
      expect(fieldStatus(el, 'w4-1')).to.equal('');
      expect(textOf(part(el, 'summary'))).to.equal('Everything is saved.');
      await expect(el).to.be.accessible();
    });

    it('tells the participant plainly when facilitators can read', async () => {
      const { el } = await journal({ journal: sampleJournal('en', true) });
      await untilPrompts(el);
      expect(textOf(part(el, 'privacy'))).to.match(/^The course facilitators can read your reflections\. Other participants cannot\./);
      await expect(el).to.be.accessible();
    });

    it('saves as the participant types, after a pause, and says so politely', async function () {
      this.timeout(8_000);
      const { el, client } = await journal();
      await untilPrompts(el);
      const saved = oneEvent(el, 'tori-reflection-saved');
      await typeInto(el, field(el, 'w4-1'), 'Everyone in the village');
      expect(fieldStatus(el, 'w4-1')).to.equal('Unsaved changes');
      expect(textOf(part(el, 'summary'))).to.equal('Saving soon…');
      await expect(el).to.be.accessible();
      expect((await saved).detail).to.deep.equal({ promptId: 'w4-1', revision: 1 });
      await el.updateComplete;
      expect(fieldStatus(el, 'w4-1')).to.equal('Saved');
      expect(spoken(el)).to.equal('Saved.');
      const sent = client.calls.filter((call) => call.method === 'save');
      expect(sent).to.have.length(1);
      expect(sent[0]!.args).to.deep.equal(['demo', 'w4-1', { body: 'Everyone in the village', baseRevision: 0, facilitatorsCanRead: false }]);
      expect(textOf(part(el, 'progress'))).to.equal('4 of 6 modules reflected');
      await expect(el).to.be.accessible();
    });

    it('shows "Saving…" while a save is on its way, and saves at once with Ctrl+S', async () => {
      const { el } = await journal({ latencyMs: 300 });
      await untilPrompts(el);
      await typeInto(el, field(el, 'w5-1'), 'A shared calendar');
      await sendKeys({ down: 'Control' });
      await sendKeys({ press: 's' });
      await sendKeys({ up: 'Control' });
      await shown(el, 'saving', () => fieldStatus(el, 'w5-1') === 'Saving…', 500);
      expect(textOf(part(el, 'summary'))).to.equal('Saving…');
      await expect(el).to.be.accessible();
      await shown(el, 'saved', () => fieldStatus(el, 'w5-1') === 'Saved');
    });

    it('keeps what is typed offline, through a reload, and saves it when back online', async function () {
      this.timeout(8_000);
      const { el, client } = await journal();
      await untilPrompts(el);
      client.setOnline(false);
      await el.updateComplete;
      expect(textOf(parts(el, 'status').find((node) => node.classList.contains('banner')))).to.equal(
        'You are offline. What you write is kept on this device and saved when you are back online.',
      );
      await typeInto(el, field(el, 'w6-1'), 'Ask for help sooner');
      expect(fieldStatus(el, 'w6-1')).to.equal('Saved on this device; will be saved to the server when you are back online');
      expect(textOf(part(el, 'summary'))).to.equal('1 reflection is kept on this device until you are back online.');
      await expect(el).to.be.accessible();

      // A reload while offline: the journal and the text come back from the device.
      el.remove();
      const again = await render(client);
      await untilPrompts(again);
      expect(field(again, 'w6-1').value).to.equal('Ask for help sooner');
      expect(client.calls.filter((call) => call.method === 'save')).to.have.length(0);

      client.setOnline(true);
      await shown(again, 'the save once online', () => fieldStatus(again, 'w6-1') === 'Saved');
      expect(client.calls.filter((call) => call.method === 'save').map((call) => call.args[2])).to.deep.equal([
        { body: 'Ask for help sooner', baseRevision: 0, facilitatorsCanRead: false },
      ]);
    });

    it('keeps both texts when another device saved meanwhile, and joins them when asked', async function () {
      this.timeout(8_000);
      const { el, client } = await journal();
      await untilPrompts(el);
      client.journal.saveElsewhere('w2-1', 'From the laptop.');
      await typeInto(el, field(el, 'w2-1'), ' And from the phone.');
      await shown(el, 'the conflict', () => part(el, 'conflict'), 4_000);
      expect(textOf(part(el, 'conflict')!.querySelector('blockquote'))).to.equal('From the laptop.');
      expect(field(el, 'w2-1').value).to.equal('A friend asked me to a work party, and I stayed. And from the phone.');
      expect(field(el, 'w2-1').getAttribute('aria-invalid')).to.equal('true');
      expect(spoken(el)).to.equal('This reflection was changed on another device too. Both texts are kept.');
      expect(textOf(part(el, 'summary'))).to.equal('A reflection was changed on another device too: choose which text to keep.');
      await expect(el).to.be.accessible();

      buttonNamed(part(el, 'conflict')!, 'Keep both').click();
      await shown(el, 'the joined text saved', () => fieldStatus(el, 'w2-1') === 'Saved');
      expect(field(el, 'w2-1').value).to.equal('From the laptop.\n\nA friend asked me to a work party, and I stayed. And from the phone.');
      expect(part(el, 'conflict')).to.equal(null);
      expect(el.shadowRoot!.activeElement).to.equal(field(el, 'w2-1'));
    });

    it('walks with Tab from a field to its "Share" button and on to the next prompt', async () => {
      const { el } = await journal();
      await untilPrompts(el);
      field(el, 'w1-1').focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(parts(el, 'share')[0]);
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(field(el, 'w1-2'));
      // Every button is a comfortable target.
      expect(parts(el, 'share')[0]!.getBoundingClientRect().height).to.be.at.least(44);
    });

    it('keeps a refused text on the device and says why', async () => {
      const { el } = await journal();
      await untilPrompts(el);
      const failed = oneEvent(el, 'tori-error');
      const long = field(el, 'w3-1');
      long.value = 'x'.repeat(10_001);
      long.dispatchEvent(new InputEvent('input'));
      long.dispatchEvent(new FocusEvent('blur'));
      expect((await failed).detail.code).to.equal('invalid_body');
      await el.updateComplete;
      expect(fieldStatus(el, 'w3-1')).to.equal('The reflection is too long to save. Shorten it; your text is kept on this device.');
      expect(textOf(part(el, 'summary'))).to.equal('A reflection could not be saved. It is kept on this device.');
      await expect(el).to.be.accessible();
    });
  });

  describe('states', () => {
    it('says when the journal has no prompts yet', async () => {
      const { el } = await journal({ journal: undefined, reflections: [] });
      await shown(el, 'the empty state', () => textOf(part(el, 'status')) === 'There are no prompts in this journal yet.');
      expect(parts(el, 'prompt')).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('shows an error with "Try again", which loads again', async () => {
      const options: FixtureOptions = { failWith: { status: 500, code: 'internal', message: 'Down' } };
      const { el } = await journal(options);
      await shown(el, 'the error', () => textOf(part(el, 'status')).startsWith('Something went wrong.'));
      await expect(el).to.be.accessible();
      delete options.failWith;
      buttonNamed(el.shadowRoot!, 'Try again').click();
      await untilPrompts(el);
    });

    it('says the journal appears when the connection returns, if it was never loaded here', async () => {
      const { el, client } = await journal({ online: false });
      await shown(el, 'the offline state', () => textOf(part(el, 'status')) === 'You are offline. The journal appears when the connection returns.');
      await expect(el).to.be.accessible();
      client.setOnline(true);
      await untilPrompts(el);
    });

    it('shows a closed journal to read and download, without typing or sharing', async () => {
      const { el } = await journal({ journal: { ...sampleJournal('en'), open: false } }, { topic: 'course' });
      await untilPrompts(el);
      expect(textOf(parts(el, 'status')[0])).to.equal('The journal is closed. You can still read and download your reflections.');
      expect(parts(el, 'field').every((node) => (node as HTMLTextAreaElement).readOnly)).to.equal(true);
      expect(parts(el, 'share')).to.have.length(0);
      expect(parts(el, 'downloads')).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('shows the reflections to read only with `readonly`', async () => {
      const { el } = await journal({}, { readonly: true });
      await untilPrompts(el);
      expect(field(el, 'w1-1').readOnly).to.equal(true);
      expect(part(el, 'summary')).to.equal(null);
      expect(parts(el, 'share')).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('speaks Finnish and Swedish', async () => {
      const fi = await journal({ journal: sampleJournal('fi'), reflections: sampleReflections('fi') }, { lang: 'fi' });
      await untilPrompts(fi.el);
      expect(textOf(part(fi.el, 'heading'))).to.equal('Oppimispäiväkirjani');
      expect(textOf(part(fi.el, 'progress'))).to.equal('3/6 moduulia pohdittu');
      expect(textOf(part(fi.el, 'privacy'))).to.match(/^Vain sinä voit lukea pohdintasi/);
      const sv = await journal({ journal: sampleJournal('sv'), reflections: sampleReflections('sv') }, { lang: 'sv' });
      await untilPrompts(sv.el);
      expect(textOf(part(sv.el, 'progress'))).to.equal('3 av 6 moduler reflekterade');
      await expect(sv.el).to.be.accessible();
    });
  });

  describe('sharing and downloads', () => {
    it('shares the part the participant chooses, asking for a name once, and returns focus', async function () {
      this.timeout(8_000);
      const { el, client } = await journal();
      await untilPrompts(el);
      const share = parts(el, 'share')[0]! as HTMLButtonElement;
      // "Share to the discussion" says which prompt it is about.
      expect(share.getAttribute('aria-describedby')).to.equal('reflection-w1-1-prompt');
      share.focus();
      share.click();
      await shown(el, 'the share dialog', () => part<HTMLDialogElement>(el, 'share-dialog')!.open);
      const text = $<HTMLTextAreaElement>(el, '#share-text')!;
      expect(text.value).to.equal(sampleReflections('en')[0]!.body);
      expect(el.shadowRoot!.activeElement).to.equal(text);
      await expect(el).to.be.accessible();

      // The participant shares only the first half.
      text.select();
      await sendKeys({ type: 'That we can make the village better.' });
      await el.updateComplete;
      $<HTMLButtonElement>(el, 'dialog button[type=submit]')!.click();
      await shown(el, 'the name field', () => $(el, '#share-name'));
      expect(el.shadowRoot!.activeElement).to.equal($(el, '#share-name'));
      $<HTMLButtonElement>(el, 'dialog button[type=submit]')!.click();
      await shown(el, 'the name problem', () => textOf($(el, '#share-problem')) !== '');
      expect(textOf($(el, '#share-problem'))).to.equal('Write your name: the discussion shows it with your post.');
      await typeInto(el, $(el, '#share-name')!, 'Maija Meikäläinen');
      const sharedEvent = oneEvent(el, 'tori-reflection-shared');
      $<HTMLButtonElement>(el, 'dialog button[type=submit]')!.click();
      expect((await sharedEvent).detail).to.deep.equal({ promptId: 'w1-1', topicId: 'webinar-1', postId: 'post-1' });
      expect(client.journal.shared.map(({ topicId, post }) => [topicId, post.body, post.author.displayName])).to.deep.equal([
        ['webinar-1', 'That we can make the village better.', 'Maija Meikäläinen'],
      ]);
      await shown(el, 'the dialog closed', () => !part<HTMLDialogElement>(el, 'share-dialog')!.open);
      expect(el.shadowRoot!.activeElement).to.equal(share);
      expect(spoken(el)).to.equal('A copy is in the discussion.');
      // The journal itself is unchanged.
      expect(field(el, 'w1-1').value).to.equal(sampleReflections('en')[0]!.body);
    });

    it('closes the share dialog with Escape, posting nothing', async () => {
      const { el, client } = await journal();
      await untilPrompts(el);
      parts(el, 'share')[0]!.click();
      await shown(el, 'the share dialog', () => part<HTMLDialogElement>(el, 'share-dialog')!.open);
      await sendKeys({ press: 'Escape' });
      await shown(el, 'the dialog closed', () => !part<HTMLDialogElement>(el, 'share-dialog')!.open);
      expect(client.calls.filter((call) => call.method === 'share')).to.have.length(0);
    });

    it('downloads the whole journal, drafts included, as Markdown and as printable HTML', async () => {
      const { el, client } = await journal();
      await untilPrompts(el);
      client.setOnline(false);
      await typeInto(el, field(el, 'w6-1'), 'Written offline');
      const files: Blob[] = [];
      const original = URL.createObjectURL;
      URL.createObjectURL = (blob: Blob) => {
        files.push(blob);
        return original.call(URL, blob);
      };
      try {
        const markdown = oneEvent(el, 'tori-journal-downloaded');
        buttonNamed(part(el, 'downloads')!, 'Download (Markdown)').click();
        expect((await markdown).detail).to.deep.equal({ format: 'markdown', fileName: 'my-reflection-journal.md' });
        const printable = oneEvent(el, 'tori-journal-downloaded');
        buttonNamed(part(el, 'downloads')!, 'Printable version (HTML)').click();
        expect((await printable).detail).to.deep.equal({ format: 'html', fileName: 'my-reflection-journal.html' });
      } finally {
        URL.createObjectURL = original;
      }
      const [md, page] = await Promise.all(files.map((file) => file.text()));
      expect(files[0]!.type).to.equal('text/markdown;charset=utf-8');
      expect(md).to.contain('# My reflection journal');
      expect(md).to.contain(`> What in your association’s purpose inspires you most?\n\n${sampleReflections('en')[0]!.body}`);
      expect(md).to.contain('> What will you do differently after the course?\n\nWritten offline');
      const doc = new DOMParser().parseFromString(page!, 'text/html');
      expect(doc.querySelectorAll('h2')).to.have.length(6);
      expect(doc.body.textContent).to.contain('Written offline');
      await el.updateComplete;
      expect(spoken(el)).to.equal('The journal was downloaded.');
    });
  });

  describe('facilitating', () => {
    async function facilitate(options: FixtureOptions, key?: string) {
      const client = createFixtureClient({ journal: sampleJournal('en'), reflections: sampleReflections('en'), ...options });
      const el = await fixture<ReflectionJournal>(
        html`<reflection-journal space="demo" lang="en" mode="facilitate" .key=${key} .client=${client}></reflection-journal>`,
      );
      return { el, client };
    }

    it('asks for the key, says when it is wrong, then shows counts and never the text of a private journal', async () => {
      const { el } = await facilitate({});
      const input = $<HTMLInputElement>(el, '#space-key')!;
      expect(part(el, 'key-form')).to.not.equal(null);
      await expect(el).to.be.accessible();
      await typeInto(el, input, 'not-the-key');
      await sendKeys({ press: 'Enter' });
      await shown(el, 'the wrong key', () => textOf($(el, '#key-problem')) === 'That key does not open this space.');
      expect(el.shadowRoot!.activeElement).to.equal($(el, '#space-key'));
      await expect(el).to.be.accessible();

      $<HTMLInputElement>(el, '#space-key')!.value = FIXTURE_KEY;
      $<HTMLButtonElement>(el, 'form button[type=submit]')!.click();
      await shown(el, 'the counts', () => part(el, 'progress-table'));
      expect(textOf(part(el, 'privacy'))).to.match(/^The journal is private: participants were told that only they read/);
      const rows = [...part(el, 'progress-table')!.querySelectorAll('tbody tr')].map((row) => textOf(row));
      expect(rows).to.have.length(6);
      expect(rows[0]).to.equal('Webinar 1: What our association is for 1');
      expect(rows[3]).to.equal('Webinar 4: Communication 0');
      expect(parts(el, 'participant')).to.have.length(0);
      expect(el.shadowRoot!.textContent).to.not.contain(sampleReflections('en')[0]!.body);
      await expect(el).to.be.accessible();

      buttonNamed(el.shadowRoot!, 'Lock').click();
      await shown(el, 'the key form again', () => part(el, 'key-form'));
    });

    it('reads the reflections, by name, when the journal lets facilitators read', async () => {
      const { el } = await facilitate({ journal: sampleJournal('en', true), journalReading: sampleReading('en') }, FIXTURE_KEY);
      await shown(el, 'the reading', () => parts(el, 'participant').length === 3);
      expect(textOf(part(el, 'privacy'))).to.equal('Participants were told that the facilitators can read their reflections.');
      expect(parts(el, 'participant').map((section) => textOf(section.querySelector('[role=heading]')))).to.deep.equal([
        'Maija Meikäläinen',
        'Erik Lindqvist',
        'A participant who has given no name',
      ]);
      expect(textOf(parts(el, 'participant')[0]!.querySelector('dt'))).to.equal(
        'Webinar 1: What our association is for: What in your association’s purpose inspires you most?',
      );
      await expect(el).to.be.accessible();
    });
  });

  describe('against the reference server', () => {
    const JOURNAL: JournalBody = {
      modules: [
        { id: 'webinar-1', title: 'Webinar 1', prompts: [{ id: 'w1-learned', text: 'What did you learn?' }] },
        { id: 'webinar-2', title: 'Webinar 2', prompts: [{ id: 'w2-learned', text: 'What surprised you?' }] },
      ],
      facilitatorsCanRead: false,
    };

    async function serverJournal(): Promise<{ url: string; spaceId: string; adminKey: string }> {
      const made = await executeServerCommand<{ url: string; spaceId: string; adminKey: string }, { ideas: string[] }>(
        'tori-reference-server',
        { ideas: [] },
      );
      const defined = await fetch(`${made.url}/api/spaces/${made.spaceId}/journal`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-tori-key': made.adminKey },
        body: JSON.stringify(JOURNAL),
      });
      expect(defined.status, 'journal defined').to.equal(200);
      return made;
    }

    /** What the server holds for this browser's participant (the token the element's client keeps). */
    async function onServer(url: string, spaceId: string): Promise<MyJournal> {
      const { token } = JSON.parse(localStorage.getItem(`tori:participant:${url}`)!);
      const answer = await fetch(`${url}/api/spaces/${spaceId}/journal`, { headers: { authorization: `Bearer ${token}` } });
      return answer.json();
    }

    it('saves as the participant types, and a reload right after typing loses nothing', async function () {
      this.timeout(30_000);
      const { url, spaceId } = await serverJournal();
      const el = await fixture<ReflectionJournal>(html`<reflection-journal lang="en" server=${url} space=${spaceId}></reflection-journal>`);
      await waitUntil(() => parts(el, 'prompt').length === 2, 'no prompts from the server', { timeout: 10_000 });
      expect(textOf(part(el, 'progress'))).to.equal('0 of 2 modules reflected');
      await typeInto(el, field(el, 'w1-learned'), 'Purpose first');
      await waitUntil(() => fieldStatus(el, 'w1-learned') === 'Saved', 'saved on the server', { timeout: 10_000 });
      expect((await onServer(url, spaceId)).reflections).to.deep.include.members([]);
      expect((await onServer(url, spaceId)).reflections.map((r) => [r.promptId, r.body, r.revision])).to.deep.equal([
        ['w1-learned', 'Purpose first', 1],
      ]);
      await expect(el).to.be.accessible();

      // Typing, then the page goes away before the pause in typing is over: the next visit has every letter.
      await typeInto(el, field(el, 'w2-learned'), 'How many volunteers we have');
      el.remove();
      const again = await fixture<ReflectionJournal>(
        html`<reflection-journal lang="en" server=${url} space=${spaceId}></reflection-journal>`,
      );
      await waitUntil(() => parts(again, 'prompt').length === 2, 'the prompts again', { timeout: 10_000 });
      expect(field(again, 'w2-learned').value).to.equal('How many volunteers we have');
      await waitUntil(() => fieldStatus(again, 'w2-learned') === 'Saved', 'the text saved after the reload', { timeout: 10_000 });
      const stored = await onServer(url, spaceId);
      expect(stored.reflections.find((r) => r.promptId === 'w2-learned')?.body).to.equal('How many volunteers we have');
      expect(textOf(part(again, 'progress'))).to.equal('2 of 2 modules reflected');
      expect(localStorage.getItem(`tori:journal:${url}:${spaceId}:drafts`)).to.equal(null);
    });

    it('shares a chosen copy to the module’s named discussion, giving a name first', async function () {
      this.timeout(30_000);
      const { url, spaceId, adminKey } = await executeServerCommand<{ url: string; spaceId: string; adminKey: string }, { ideas: string[] }>(
        'tori-reference-server',
        { ideas: [] },
      );
      const put = (path: string, body: unknown) =>
        fetch(`${url}/api/spaces/${spaceId}${path}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-tori-key': adminKey },
          body: JSON.stringify(body),
        });
      expect((await put('/topics/webinar-1', { title: 'Webinar 1: introduce yourself' })).ok, 'topic').to.equal(true);
      const withTopic = { ...JOURNAL, modules: [{ ...JOURNAL.modules[0]!, topicId: 'webinar-1' }, JOURNAL.modules[1]!] };
      expect((await put('/journal', withTopic)).status, 'journal').to.equal(200);

      const el = await fixture<ReflectionJournal>(html`<reflection-journal lang="en" server=${url} space=${spaceId}></reflection-journal>`);
      await waitUntil(() => parts(el, 'prompt').length === 2, 'no prompts from the server', { timeout: 10_000 });
      await typeInto(el, field(el, 'w1-learned'), 'Purpose first. And a private part.');
      await waitUntil(() => fieldStatus(el, 'w1-learned') === 'Saved', 'saved', { timeout: 10_000 });
      // Only the module with a discussion offers sharing.
      expect(parts(el, 'share')).to.have.length(1);
      parts(el, 'share')[0]!.click();
      await shown(el, 'the share dialog', () => part<HTMLDialogElement>(el, 'share-dialog')!.open);
      const text = $<HTMLTextAreaElement>(el, '#share-text')!;
      text.select();
      await sendKeys({ type: 'Purpose first.' });
      $<HTMLButtonElement>(el, 'dialog button[type=submit]')!.click();
      await waitUntil(() => $(el, '#share-name'), 'the discussion asks for a name', { timeout: 10_000 });
      await typeInto(el, $(el, '#share-name')!, 'Maija Meikäläinen');
      const shared = oneEvent(el, 'tori-reflection-shared');
      $<HTMLButtonElement>(el, 'dialog button[type=submit]')!.click();
      const { detail } = await shared;
      expect(detail).to.include({ promptId: 'w1-learned', topicId: 'webinar-1' });

      const topic = await (await fetch(`${url}/api/spaces/${spaceId}/topics/webinar-1`)).json();
      expect(topic.posts.map((post: { id: string; body: string; author: { displayName: string } }) => [post.id, post.body, post.author.displayName])).to.deep.equal([
        [detail.postId, 'Purpose first.', 'Maija Meikäläinen'],
      ]);
      // The journal keeps the whole reflection, and it stays private.
      expect((await onServer(url, spaceId)).reflections[0]!.body).to.equal('Purpose first. And a private part.');
      expect(JSON.stringify(topic)).to.not.contain('private part');
    });

    it('shows the facilitator the counts of a private journal, and no text', async function () {
      this.timeout(30_000);
      const { url, spaceId, adminKey } = await serverJournal();
      // A participant on another device writes module 1.
      const { token } = await (await fetch(`${url}/api/participants`, { method: 'POST' })).json();
      const saved = await fetch(`${url}/api/spaces/${spaceId}/journal/reflections/w1-learned`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ body: 'Secret thoughts', baseRevision: 0 }),
      });
      expect(saved.status).to.equal(200);
      const el = await fixture<ReflectionJournal>(
        html`<reflection-journal lang="en" mode="facilitate" server=${url} space=${spaceId} .key=${adminKey}></reflection-journal>`,
      );
      await waitUntil(() => part(el, 'progress-table'), 'the counts', { timeout: 10_000 });
      const rows = [...part(el, 'progress-table')!.querySelectorAll('tbody tr')].map((row) => textOf(row));
      expect(rows).to.deep.equal(['Webinar 1 1', 'Webinar 2 0']);
      expect(el.shadowRoot!.textContent).to.not.contain('Secret thoughts');
      await expect(el).to.be.accessible();
    });

    it('keeps both texts when the same participant saved on another device meanwhile', async function () {
      this.timeout(30_000);
      const { url, spaceId } = await serverJournal();
      const el = await fixture<ReflectionJournal>(html`<reflection-journal lang="en" server=${url} space=${spaceId}></reflection-journal>`);
      await waitUntil(() => parts(el, 'prompt').length === 2, 'no prompts from the server', { timeout: 10_000 });
      await typeInto(el, field(el, 'w1-learned'), 'Phone');
      await waitUntil(() => fieldStatus(el, 'w1-learned') === 'Saved', 'the first save', { timeout: 10_000 });
      // The laptop (same participant token) saves a newer revision.
      const { token } = JSON.parse(localStorage.getItem(`tori:participant:${url}`)!);
      const laptop = await fetch(`${url}/api/spaces/${spaceId}/journal/reflections/w1-learned`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ body: 'Laptop', baseRevision: 1 }),
      });
      expect(laptop.status).to.equal(200);
      await typeInto(el, field(el, 'w1-learned'), ' again');
      await waitUntil(() => part(el, 'conflict'), 'the conflict', { timeout: 10_000 });
      expect(textOf(part(el, 'conflict')!.querySelector('blockquote'))).to.equal('Laptop');
      buttonNamed(part(el, 'conflict')!, 'Keep mine').click();
      await waitUntil(() => fieldStatus(el, 'w1-learned') === 'Saved', 'mine saved', { timeout: 10_000 });
      const stored = await onServer(url, spaceId);
      expect(stored.reflections.map((r) => [r.body, r.revision])).to.deep.equal([['Phone again', 3]]);
    });
  });
});
