// Stored text carrying HTML and script, sent through the reference server, shows as text in every widget on a
// host page: the duel (question, ideas), the board (title, description, name, category), the discussion (topic,
// post body, name, role) and the journal (module, prompt, reflection). No handler runs, no element is made.
// The board's own case on the demo pages (title and description, its projector, the duel's results) is in
// board.e2e.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ToriServer } from '@tori/server';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';

/** A payload that calls `__inj(n)` if any part of it is ever parsed as HTML; each field its own n. */
const payload = (n: number) => `<img src=x onerror="__inj(${n})"><script>__inj(${n})</script>`;
/** For fields of 40 characters or fewer. */
const short = (n: number) => `<img src=x onerror="__inj(${n})">`;

const SPACE = 'html-payloads';
const TOPIC = 'aihe-1';

let dir: string;
let tori: ToriServer;
let url: string;
let browser: Browser;
let host: Server;
let hostUrl: string;

async function api(path: string, init: { method?: string; body?: unknown; token?: string; key?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.key) headers['x-tori-key'] = init.key;
  const answer = await fetch(`${url}${path}`, { method: init.method ?? 'POST', headers, body: JSON.stringify(init.body ?? {}) });
  const body = await answer.json();
  if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(body)}`);
  return body;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tori-demo-html-'));
  tori = await createServer({ dataFile: join(dir, 'tori.db'), logger: false });
  url = await tori.listen({ port: 0, host: '127.0.0.1' });
  const { adminKey } = await tori.createSpace({
    id: SPACE,
    title: payload(1),
    question: payload(2),
    ideas: [payload(3), payload(4)],
    namedPosting: true,
    categories: [{ id: 'c1', label: short(5) }],
    allowedOrigins: ['*'],
  });
  const s = `/api/spaces/${SPACE}`;
  const { token } = await api('/api/participants');
  await api(`${s}/ideas`, { token, body: { text: payload(6), description: payload(7), authorName: payload(8).slice(0, 60), category: 'c1' } });
  await api(`${s}/topics/${TOPIC}`, { method: 'PUT', key: adminKey, body: { title: payload(9), prompt: payload(10) } });
  await api(`${s}/profile`, { method: 'PUT', token, body: { displayName: payload(11).slice(0, 60), role: payload(12) } });
  await api(`${s}/topics/${TOPIC}/posts`, { token, body: { body: payload(13) } });
  await api(`${s}/journal`, {
    method: 'PUT',
    key: adminKey,
    body: { modules: [{ id: 'm1', title: payload(14), topicId: TOPIC, prompts: [{ id: 'p1', text: payload(15) }] }], facilitatorsCanRead: false },
  });

  // A host site on another origin, with every widget of the space on one page.
  host = createHttpServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Osallistu</title>
<script type="module" src="${url}/tori.js"></script></head>
<body><main><tori-space server="${url}" space="${SPACE}">
<idea-duel></idea-duel><idea-board></idea-board>
<named-discussion topic="${TOPIC}"></named-discussion><reflection-journal></reflection-journal>
</tori-space></main></body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const address = host.address();
  if (!address || typeof address === 'string') throw new Error('host page has no port');
  hostUrl = `http://localhost:${address.port}/`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
  await tori?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Elements a payload would have made, in the page and every shadow root within it. */
function injectedElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches('img[onerror], img[src="x"], script:not([src])')) found.push(el.outerHTML);
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return found;
  });
}

const injected = (page: Page) => page.evaluate(() => (globalThis as unknown as { __injected: number[] }).__injected);

describe('stored HTML and script in every widget', () => {
  it('show as the literal text, and nothing in them runs', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 2400 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      const seen: number[] = [];
      Object.assign(globalThis, { __injected: seen, __inj: (n: number) => seen.push(n) });
    });
    await page.goto(hostUrl);

    // The duel: the question and both ideas of the pair.
    const duel = page.locator('idea-duel');
    await duel.locator('[part~="choice-left"]').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await duel.locator('[part~="question"]').textContent()).toContain(payload(2));
    const ideas = [payload(3), payload(4), payload(6)];
    for (const side of ['choice-left', 'choice-right']) {
      const text = (await duel.locator(`[part~="${side}"]`).textContent()) ?? '';
      expect(ideas.some((idea) => text.includes(idea)), `${side}: ${text}`).toBe(true);
    }

    // The board: the idea's title, description, author's name and category.
    const board = page.locator('idea-board');
    await board.scrollIntoViewIfNeeded();
    const idea = board.locator('[part~="idea"]').filter({ hasText: payload(6) });
    await idea.waitFor({ timeout: 10_000 });
    const shown = (await idea.textContent()) ?? '';
    for (const text of [payload(7), payload(8).slice(0, 60), short(5)]) expect(shown).toContain(text);

    // The discussion: the topic, someone's post with their name and role; then a name and post typed here.
    const discussion = page.locator('named-discussion');
    await discussion.scrollIntoViewIfNeeded();
    const post = discussion.locator('[part~="post"]').filter({ hasText: payload(13) });
    await post.waitFor({ timeout: 10_000 });
    const postText = (await post.textContent()) ?? '';
    expect(postText).toContain(payload(11).slice(0, 60));
    expect(postText).toContain(payload(12));
    const discussionText = (await discussion.textContent()) ?? '';
    expect(discussionText + (await discussion.evaluate((el) => el.shadowRoot?.textContent ?? ''))).toContain(payload(9));
    await discussion.locator('#join-name').fill(payload(16).slice(0, 60));
    await discussion.locator('[part~="join-form"] button[type="submit"]').click();
    await discussion.locator('#text-thread').fill(payload(17));
    await discussion.locator('[part~="form"] [part~="send"]').click();
    const mine = discussion.locator('[part~="post"]').filter({ hasText: payload(17) });
    await mine.waitFor({ timeout: 10_000 });
    expect(await mine.textContent()).toContain(payload(16).slice(0, 60));

    // The journal: the module and prompt the facilitator wrote, and a reflection typed, kept over a reload.
    const journal = page.locator('reflection-journal');
    await journal.scrollIntoViewIfNeeded();
    await journal.locator('textarea').first().waitFor({ timeout: 10_000 });
    const journalText = await journal.evaluate((el) => el.shadowRoot?.textContent ?? '');
    expect(journalText).toContain(payload(14));
    expect(journalText).toContain(payload(15));
    await journal.locator('textarea').first().fill(payload(18));
    await journal.locator('[part~="field-status"]').filter({ hasText: /tallennettu|saved/i }).first().waitFor({ timeout: 10_000 });

    expect(await injectedElements(page)).toEqual([]);
    expect(await injected(page)).toEqual([]);

    await page.reload();
    const again = page.locator('reflection-journal textarea').first();
    await again.waitFor({ timeout: 10_000 });
    await expect.poll(() => again.inputValue(), { timeout: 10_000 }).toBe(payload(18));
    await page.locator('named-discussion [part~="post"]').filter({ hasText: payload(17) }).waitFor({ timeout: 10_000 });
    await page.locator('idea-duel [part~="choice-left"]').waitFor({ state: 'visible', timeout: 10_000 });

    expect(await injectedElements(page)).toEqual([]);
    expect(await injected(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('would be caught: the same payload put into a shadow root as HTML runs and is found', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen: number[] = [];
      Object.assign(globalThis, { __injected: seen, __inj: (n: number) => seen.push(n) });
    });
    await page.goto(hostUrl);
    await page.locator('idea-duel [part~="choice-left"]').waitFor({ state: 'visible', timeout: 10_000 });
    await page.evaluate((html) => {
      document.querySelector('idea-duel')!.shadowRoot!.querySelector('[part~="question"]')!.innerHTML = html;
    }, payload(99));
    await expect.poll(() => injected(page), { timeout: 5_000 }).toEqual([99]);
    expect((await injectedElements(page)).length).toBeGreaterThan(0);
    await context.close();
  });
});
