import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { FIXTURE_KEY, createFixtureClient, sampleDiscussion, type FixtureClient, type FixtureOptions } from '@tori/core/fixtures';
import type { ModeratedPost } from '@tori/protocol';
import type { NamedDiscussion } from './named-discussion.js';
import './define.js';

const part = <T extends HTMLElement = HTMLButtonElement>(el: NamedDiscussion, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const parts = (el: NamedDiscussion, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const $ = <T extends HTMLElement = HTMLElement>(el: NamedDiscussion, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const textOf = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const spoken = (el: NamedDiscussion) => textOf(el.shadowRoot!.querySelector('p.visually-hidden[role="status"]'));
const bodies = (el: NamedDiscussion) => parts(el, 'post').map((post) => textOf(post.querySelector('.body')));
const button = (root: ParentNode, text: string) => [...root.querySelectorAll('button')].find((b) => textOf(b) === text);

const you = { displayName: 'Sam Osallistuja', role: 'Kylätoimikunta', verified: false };

async function discussion(
  options: FixtureOptions = {},
  { lang = 'en', mode = 'participate', readonly = false }: { lang?: string; mode?: string; readonly?: boolean } = {},
): Promise<{ el: NamedDiscussion; client: FixtureClient }> {
  options.posts ??= sampleDiscussion('en');
  if (!('profile' in options)) options.profile = you;
  const client = createFixtureClient(options);
  const el = await fixture<NamedDiscussion>(
    html`<named-discussion space="kurssi" topic="moduuli-1" lang=${lang} mode=${mode} ?readonly=${readonly} .client=${client}></named-discussion>`,
  );
  return { el, client };
}

async function shown(el: NamedDiscussion, what: string, check: () => unknown, timeout = 3_000): Promise<void> {
  await waitUntil(check, `timed out waiting for ${what}`, { timeout });
  await el.updateComplete;
}

const untilPosts = (el: NamedDiscussion) => shown(el, 'the posts', () => parts(el, 'post').length > 0);

async function typeInto(el: NamedDiscussion, field: HTMLElement, text: string): Promise<void> {
  field.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

/** A post of the participant's written just now, so it can still be edited and deleted. */
const fresh = (over: Partial<ModeratedPost> = {}): ModeratedPost => ({
  ...sampleDiscussion('en')[3]!,
  id: 'post-fresh',
  body: 'Just written',
  createdAt: new Date().toISOString(),
  ...over,
});

describe('<named-discussion>', () => {
  describe('reading and writing', () => {
    it('shows loading, then threads with replies, names, roles and reactions, and who has written', async () => {
      const { el } = await discussion({ latencyMs: 100 });
      expect(textOf(part(el, 'status'))).to.equal('Loading…');
      await expect(el).to.be.accessible();
      await untilPosts(el);
      expect(textOf(part(el, 'heading'))).to.equal('Module 1: Why am I here?');
      expect(textOf(part(el, 'prompt'))).to.match(/^Tell the others/);
      const [first, reply] = parts(el, 'post');
      expect(textOf(first!.querySelector('[part~=author]'))).to.equal('Aino Mäkelä, Kylätoimikunta, sihteeri');
      expect(reply!.getAttribute('part')).to.include('reply');
      expect(parts(el, 'post').filter((p) => p.getAttribute('part')!.includes('own-post'))).to.have.length(1);
      const thanks = first!.querySelector<HTMLButtonElement>('[data-reaction=thanks]')!;
      expect(thanks.getAttribute('aria-pressed')).to.equal('true');
      expect(thanks.getAttribute('aria-label')).to.equal('Thanks: 3');
      expect(thanks.getBoundingClientRect().height).to.be.at.least(44);
      expect(textOf(part(el, 'participants'))).to.include('Taking part (4)');
      expect(textOf(el.shadowRoot!.querySelector('.you'))).to.include('You write as Sam Osallistuja');
      await expect(el).to.be.accessible();
    });

    it('asks for a name once before the first post, then lets the participant write', async () => {
      const { el, client } = await discussion({ profile: null });
      await untilPosts(el);
      expect(part(el, 'form')).to.equal(null);
      const join = part<HTMLFormElement>(el, 'join-form')!;
      await expect(el).to.be.accessible();
      join.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      await shown(el, 'the problem', () => textOf($(el, '#join-problem')) === 'Write your name.');
      expect(el.shadowRoot!.activeElement?.id).to.equal('join-name');
      await typeInto(el, $(el, '#join-name')!, 'Aino');
      await typeInto(el, $(el, '#join-role')!, 'Chair');
      const joined = oneEvent(el, 'tori-joined');
      join.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      expect((await joined).detail.profile).to.deep.equal({ displayName: 'Aino', role: 'Chair', verified: false });
      await shown(el, 'the post form', () => part(el, 'form'));
      expect(spoken(el)).to.equal('Welcome, Aino! You can now write.');
      expect(el.shadowRoot!.activeElement?.id).to.equal('text-thread');

      await typeInto(el, $(el, '#text-thread')!, 'Hello everyone');
      const sent = oneEvent(el, 'tori-post-sent');
      part(el, 'send')!.click();
      const { detail } = await sent;
      expect(detail).to.include({ queued: false, parentId: null });
      expect(detail.post!.author.displayName).to.equal('Aino');
      await shown(el, 'the own post', () => bodies(el).includes('Hello everyone'));
      expect(($(el, '#text-thread') as HTMLTextAreaElement).value).to.equal('');
      expect(client.discussion.stored.filter((p) => p.body === 'Hello everyone')).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('keeps a half-written reply while others write, and shows their posts under "Show N new messages"', async () => {
      const { el, client } = await discussion();
      await untilPosts(el);
      const before = parts(el, 'post').length;
      button(el.shadowRoot!, 'Reply')!.click();
      await shown(el, 'the reply form', () => part(el, 'reply-form'));
      const field = $<HTMLTextAreaElement>(el, '#text-reply-post-1')!;
      expect(el.shadowRoot!.activeElement).to.equal(field);
      await typeInto(el, field, 'I was about to say');

      client.discussion.pushPost({ body: 'Someone else writes', author: { displayName: 'Dana', role: null, verified: false } });
      client.discussion.pushPost({ body: 'And replies', parentId: 'post-1', author: { displayName: 'Eero', role: null, verified: false } });
      await shown(el, 'the new-posts button', () => textOf(part(el, 'new-posts')) === 'Show 2 new messages');
      // Nothing moved, nothing typed was lost, focus stayed.
      expect(parts(el, 'post')).to.have.length(before);
      expect($<HTMLTextAreaElement>(el, '#text-reply-post-1')!.value).to.equal('I was about to say');
      expect(el.shadowRoot!.activeElement?.id).to.equal('text-reply-post-1');
      await expect(el).to.be.accessible();

      const sent = oneEvent(el, 'tori-post-sent');
      await sendKeys({ down: 'Control' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Control' });
      expect((await sent).detail.parentId).to.equal('post-1');
      await shown(el, 'the reply', () => bodies(el).includes('I was about to say'));
      expect(bodies(el)).to.not.include('Someone else writes');

      part(el, 'new-posts')!.click();
      await shown(el, 'the new posts', () => bodies(el).includes('Someone else writes'));
      expect(part(el, 'new-posts')).to.equal(null);
      expect(spoken(el)).to.equal('2 new messages shown.');
      expect(el.shadowRoot!.activeElement?.id).to.equal('threads-heading');
    });

    it('edits and deletes the participant’s own post within the window, and marks the edit', async () => {
      const { el } = await discussion({ posts: [...sampleDiscussion('en'), fresh()] });
      await untilPosts(el);
      const own = $(el, '#post-post-fresh')!;
      expect(button($(el, '#post-post-4')!, 'Edit')).to.equal(undefined); // older than the window
      button(own, 'Edit')!.click();
      await shown(el, 'the edit form', () => $(el, '#edit-text'));
      const field = $<HTMLTextAreaElement>(el, '#edit-text')!;
      field.select();
      await sendKeys({ type: 'Written again' });
      const changed = oneEvent(el, 'tori-post-changed');
      button($(el, '.edit-form')!, 'Save')!.click();
      expect((await changed).detail.change).to.equal('edited');
      await shown(el, 'the edited text', () => textOf($(el, '#post-post-fresh .body')) === 'Written again');
      expect(textOf($(el, '#post-post-fresh header'))).to.include('(edited)');
      expect(el.shadowRoot!.activeElement?.getAttribute('data-edit')).to.equal('post-fresh');

      button($(el, '#post-post-fresh')!, 'Delete')!.click();
      await shown(el, 'the confirmation', () => $(el, '[data-confirm="post-fresh"]'));
      expect(el.shadowRoot!.activeElement?.getAttribute('data-confirm')).to.equal('post-fresh');
      await expect(el).to.be.accessible();
      const deleted = oneEvent(el, 'tori-post-changed');
      $<HTMLButtonElement>(el, '[data-confirm="post-fresh"]')!.click();
      expect((await deleted).detail.change).to.equal('deleted');
      await shown(el, 'the post gone', () => !$(el, '#post-post-fresh'));
      expect(spoken(el)).to.equal('Message deleted.');
    });

    it('toggles reactions with aria-pressed and counts', async () => {
      const { el } = await discussion();
      await untilPosts(el);
      const idea = () => $<HTMLButtonElement>(el, '#post-post-3 [data-reaction=idea]')!;
      expect(idea().getAttribute('aria-pressed')).to.equal('false');
      const reacted = oneEvent(el, 'tori-reaction');
      idea().click();
      expect((await reacted).detail).to.deep.equal({ postId: 'post-3', reaction: 'idea', on: true });
      await shown(el, 'the reaction', () => idea().getAttribute('aria-pressed') === 'true');
      expect(idea().getAttribute('aria-label')).to.equal('Good idea: 1');
      expect(spoken(el)).to.equal('Good idea added.');
    });

    it('reports someone else’s post through a dialog, never one’s own', async () => {
      const { el, client } = await discussion();
      await untilPosts(el);
      expect($(el, '#post-post-4 [part~=report]')).to.equal(null);
      $<HTMLButtonElement>(el, '#post-post-1 [part~=report]')!.click();
      await el.updateComplete;
      const dialog = part<HTMLDialogElement>(el, 'report-dialog')!;
      expect(dialog.open).to.equal(true);
      dialog.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      await shown(el, 'the reason problem', () => textOf(dialog.querySelector('#report-problem')) === 'Choose a reason.');
      dialog.querySelector<HTMLInputElement>('input[value=off_topic]')!.click();
      const reported = oneEvent(el, 'tori-post-reported');
      dialog.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      expect((await reported).detail).to.deep.equal({ postId: 'post-1', reason: 'off_topic' });
      await shown(el, 'the thanks', () => spoken(el).startsWith('Thank you'));
      expect(dialog.open).to.equal(false);
      expect(client.discussion.stored.find((p) => p.id === 'post-1')!.reports).to.equal(1);
      expect(el.shadowRoot!.activeElement?.getAttribute('data-report')).to.equal('post-1');
    });

    it('keeps a post written offline on the device and sends it once back online', async () => {
      const { el, client } = await discussion();
      await untilPosts(el);
      client.setOnline(false);
      await shown(el, 'the offline banner', () => textOf(part(el, 'status')).startsWith('You are offline'));
      await typeInto(el, $(el, '#text-thread')!, 'Written on the train');
      const sent = oneEvent(el, 'tori-post-sent');
      part(el, 'send')!.click();
      expect((await sent).detail).to.include({ queued: true, post: null });
      await shown(el, 'the queued post', () => textOf(part(el, 'status')).includes('1 message waiting to be sent'));
      expect(textOf($(el, 'form .note'))).to.match(/^Saved on this device/);
      await expect(el).to.be.accessible();
      client.setOnline(true);
      await shown(el, 'the post sent', () => bodies(el).includes('Written on the train'));
      expect(client.discussion.stored.filter((p) => p.body === 'Written on the train')).to.have.length(1);
      expect(spoken(el)).to.equal('Back online.');
    });
  });

  describe('states', () => {
    it('is empty, and invites the first post', async () => {
      const { el } = await discussion({ posts: [] });
      await shown(el, 'the empty state', () => textOf(part(el, 'status')) === 'No messages yet. Be the first to write!');
      expect(textOf(part(el, 'participants'))).to.include('Nobody has written yet.');
      await expect(el).to.be.accessible();
    });

    it('is locked: readable, no forms, reactions shown as counts', async () => {
      const { el } = await discussion({ topic: { locked: true } });
      await untilPosts(el);
      expect(textOf(part(el, 'locked'))).to.match(/closed this discussion/);
      expect(part(el, 'form')).to.equal(null);
      expect(button(el.shadowRoot!, 'Reply')).to.equal(undefined);
      expect($(el, 'button[data-reaction]')).to.equal(null);
      expect(textOf(part(el, 'reaction'))).to.include('Thanks');
      await expect(el).to.be.accessible();
    });

    it('is read-only: posts only', async () => {
      const { el } = await discussion({}, { readonly: true });
      await untilPosts(el);
      expect(part(el, 'form')).to.equal(null);
      expect(part(el, 'join-form')).to.equal(null);
      expect(part(el, 'report')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('shows an error with a retry, and tells the page', async () => {
      const options: FixtureOptions = { failWith: { status: 500, code: 'internal', message: 'Something went wrong on the server.' } };
      const errored = new Promise<CustomEvent>((resolve) => document.addEventListener('tori-error', (e) => resolve(e as CustomEvent), { once: true }));
      const { el } = await discussion(options);
      await shown(el, 'the error', () => textOf(part(el, 'status')).startsWith('Something went wrong'));
      expect((await errored).detail.code).to.equal('internal');
      await expect(el).to.be.accessible();
      delete options.failWith;
      button(el.shadowRoot!, 'Try again')!.click();
      await untilPosts(el);
    });

    it('is offline before anything loaded', async () => {
      const { el } = await discussion({ online: false });
      await shown(el, 'the offline state', () => textOf(part(el, 'status')).startsWith('You are offline. The discussion appears'));
      await expect(el).to.be.accessible();
    });

    it('speaks Finnish and Swedish', async () => {
      const fi = (await discussion({ posts: sampleDiscussion('fi'), topic: { title: 'Moduuli 1' } }, { lang: 'fi' })).el;
      await untilPosts(fi);
      expect(textOf(part(fi, 'participants'))).to.include('Mukana (4)');
      expect(button(fi.shadowRoot!, 'Vastaa')).to.not.equal(undefined);
      const sv = (await discussion({ posts: sampleDiscussion('sv') }, { lang: 'sv' })).el;
      await untilPosts(sv);
      expect(button(sv.shadowRoot!, 'Svara')).to.not.equal(undefined);
    });
  });

  describe('facilitating', () => {
    it('asks for the key, refuses a wrong one, then hides, pins, closes and summarises', async () => {
      const { el, client } = await discussion({}, { mode: 'facilitate' });
      await shown(el, 'the key form', () => part(el, 'key-form'));
      await expect(el).to.be.accessible();
      await typeInto(el, $(el, '#key')!, 'wrong');
      button(part(el, 'key-form')!, 'Open moderation')!.click();
      await shown(el, 'the wrong key', () => textOf($(el, '#key-problem')) === 'That key does not open this space.');
      const key = $<HTMLInputElement>(el, '#key')!;
      key.value = '';
      await typeInto(el, key, FIXTURE_KEY);
      button(part(el, 'key-form')!, 'Open moderation')!.click();
      await shown(el, 'the moderation view', () => parts(el, 'moderated-post').length === 4);
      // The key lives in memory only.
      expect(el.outerHTML).to.not.include(FIXTURE_KEY);
      expect(el.shadowRoot!.innerHTML).to.not.include(FIXTURE_KEY);
      await expect(el).to.be.accessible();

      // What happens live reaches the facilitator's list too.
      client.discussion.pushPost({ body: 'Arrived while moderating', author: { displayName: 'Dana', role: null, verified: false } });
      await shown(el, 'the live post in the list', () => parts(el, 'moderated-post').length === 5);
      button(parts(el, 'moderated-post')[2]!, 'Hide')!.click();
      await shown(el, 'the hidden mark', () => textOf(parts(el, 'moderated-post')[2]).includes('Hidden'));
      expect(client.discussion.stored.find((p) => p.id === 'post-3')!.status).to.equal('hidden');
      button(parts(el, 'moderated-post')[3]!, 'Pin')!.click();
      await shown(el, 'the pin', () => client.discussion.stored.find((p) => p.id === 'post-4')!.pinned);

      button(el.shadowRoot!, 'Update the list')!.click();
      await shown(el, 'the refresh', () => spoken(el) === 'The list is up to date.');
      button(el.shadowRoot!, 'Close the discussion')!.click();
      await shown(el, 'closed', () => textOf($(el, '.toolbar p')).startsWith('The discussion is closed'));

      button(el.shadowRoot!, 'Summarise the discussion')!.click();
      await shown(el, 'the summary', () => part(el, 'summary'));
      expect(textOf(part(el, 'summary'))).to.include('Most discussed');
      expect(el.shadowRoot!.activeElement?.id).to.equal('summary-heading');
      await expect(el).to.be.accessible();
    });
  });

  describe('against the reference server', () => {
    async function courseSpace() {
      const server = await executeServerCommand<{ url: string; spaceId: string; adminKey: string }, { ideas: string[] }>('tori-reference-server', {
        ideas: [],
      });
      const topic = await fetch(`${server.url}/api/spaces/${server.spaceId}/topics/moduuli-1`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-tori-key': server.adminKey },
        body: JSON.stringify({ title: 'Module 1', prompt: 'Introduce yourself.' }),
      });
      expect(topic.status, 'topic').to.equal(201);
      return server;
    }

    it('joins, posts and replies; a second page hears it live under "Show N new messages"', async function () {
      this.timeout(30_000);
      const { url, spaceId } = await courseSpace();
      const el = await fixture<NamedDiscussion>(html`<named-discussion lang="en" server=${url} space=${spaceId} topic="moduuli-1"></named-discussion>`);
      await waitUntil(() => part(el, 'join-form') || part(el, 'form'), 'the discussion from the server', { timeout: 10_000 });
      if (part(el, 'join-form')) {
        await typeInto(el, $(el, '#join-name')!, 'Aino');
        const joined = oneEvent(el, 'tori-joined');
        button(part(el, 'join-form')!, 'Join')!.click();
        await joined;
      }
      const watcher = await fixture<NamedDiscussion>(
        html`<named-discussion lang="en" readonly server=${url} space=${spaceId} topic="moduuli-1"></named-discussion>`,
      );
      await waitUntil(() => textOf(part(watcher, 'status')).startsWith('No messages'), 'the watcher ready', { timeout: 10_000 });
      await el.updateComplete;

      await typeInto(el, $(el, '#text-thread')!, 'Hello from the real server');
      const sent = oneEvent(el, 'tori-post-sent');
      part(el, 'send')!.click();
      const { detail } = await sent;
      expect(detail.post).to.include({ body: 'Hello from the real server', mine: true });
      expect(detail.post!.author.displayName).to.equal('Aino');
      // Another element of the same page is the same participant: their post shows there at once, as theirs.
      await waitUntil(() => bodies(watcher).includes('Hello from the real server'), 'the own post in the other element', { timeout: 10_000 });

      // Someone else, on another device, writes: both elements offer it under "Show 1 new message".
      const other = await (await fetch(`${url}/api/participants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
      const asOther = { 'content-type': 'application/json', authorization: `Bearer ${other.token}` };
      await fetch(`${url}/api/spaces/${spaceId}/profile`, { method: 'PUT', headers: asOther, body: JSON.stringify({ displayName: 'Ben' }) });
      await fetch(`${url}/api/spaces/${spaceId}/topics/moduuli-1/posts`, { method: 'POST', headers: asOther, body: JSON.stringify({ body: 'Hello from Ben' }) });
      for (const page of [el, watcher]) {
        await waitUntil(() => textOf(part(page, 'new-posts')) === 'Show 1 new message', 'the post live', { timeout: 10_000 });
      }
      part(watcher, 'new-posts')!.click();
      await waitUntil(() => bodies(watcher).includes('Hello from Ben'), 'the post shown', { timeout: 10_000 });
      expect(bodies(el)).to.not.include('Hello from Ben');

      button(el.shadowRoot!, 'Reply')!.click();
      await el.updateComplete;
      await typeInto(el, $(el, `#text-reply-${detail.post!.id}`)!, 'And a reply');
      const replied = oneEvent(el, 'tori-post-sent');
      button(part(el, 'reply-form')!, 'Send reply')!.click();
      expect((await replied).detail.parentId).to.equal(detail.post!.id);
      $<HTMLButtonElement>(el, `#post-${detail.post!.id} [data-reaction=thanks]`)!.click();
      await waitUntil(() => textOf($(watcher, `#post-${detail.post!.id} [part~=reactions]`)).includes('Thanks 1'), 'the reaction live', {
        timeout: 10_000,
      });
      await expect(el).to.be.accessible();
      await expect(watcher).to.be.accessible();
    });

    it('logs in a host site’s user with a token its backend signed, showing the name from the host', async function () {
      this.timeout(30_000);
      const { url, spaceId, adminKey } = await courseSpace();
      const secret = (await (await fetch(`${url}/api/spaces/${spaceId}/integration-secret`, { method: 'POST', headers: { 'x-tori-key': adminKey } })).json()).secret;
      const token = await hostToken(secret, spaceId, { sub: 'member-7', name: 'Veera Verified', role: 'Treasurer' });
      const el = await fixture<NamedDiscussion>(
        html`<named-discussion lang="en" server=${url} space=${spaceId} topic="moduuli-1" host-token=${token}></named-discussion>`,
      );
      const joined = await oneEvent(el, 'tori-joined');
      expect(joined.detail.profile).to.deep.equal({ displayName: 'Veera Verified', role: 'Treasurer', verified: true });
      await waitUntil(() => textOf(el.shadowRoot!.querySelector('.you')).includes('name from your login'), 'the verified name', { timeout: 10_000 });
      expect(button(el.shadowRoot!, 'Change name')).to.equal(undefined);
      await expect(el).to.be.accessible();
    });
  });
});

/** What a host site's backend does (here with WebCrypto): an HS256 JWT of its user for the space. */
async function hostToken(secret: string, spaceId: string, claims: Record<string, string>): Promise<string> {
  const encode = (value: unknown) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  const now = Math.floor(Date.now() / 1000);
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, aud: spaceId, iat: now, exp: now + 300 })}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)));
  return `${input}.${btoa(String.fromCharCode(...signature)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}
