// What widgets/idea-duel.js loads after the first pair, against the reference server in Chromium: the results'
// chunk that cannot load says so and loads on "Try again"; a Finnish page shows Finnish from its first paint, and
// English when its language file cannot load.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ToriServer } from '@tori/server';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';

let dir: string;
let tori: ToriServer;
let url: string;
let browser: Browser;

/** A page of the server's origin holding only the duel's own bundle, in the given language. */
const duelPage = (lang: string) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Duel</title>
<script type="module" src="/widgets/idea-duel.js"></script></head>
<body><main><idea-duel space="demo"></idea-duel></main></body></html>`;

interface Tab {
  context: BrowserContext;
  page: Page;
  errors: string[];
  warnings: string[];
}

/** A fresh browser profile with the page at /duel.html; `route` runs first, so it can hold back the page's files. */
async function openDuel(lang: string, route: (context: BrowserContext) => Promise<void> = async () => {}): Promise<Tab> {
  const context = await browser.newContext();
  await context.route(`${url}/duel.html`, (request) =>
    request.fulfill({ contentType: 'text/html; charset=utf-8', body: duelPage(lang) }),
  );
  await route(context);
  const page = await context.newPage();
  const errors: string[] = [];
  const warnings: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  return { context, page, errors, warnings };
}

const duel = (page: Page, part: string) => page.locator(`idea-duel [part~="${part}"]`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tori-duel-on-demand-'));
  tori = await createServer({ dataFile: join(dir, 'tori.db'), seedDemo: true, logger: false });
  url = await tori.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await tori?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the results, loaded on demand', () => {
  it('say that they could not load, and appear on "Try again" once the file can be fetched', async () => {
    let blocked = true;
    const asked: string[] = [];
    const { context, page, errors } = await openDuel('en', (context) =>
      context.route('**/chunks/duel-results.*', (request) => {
        asked.push(request.request().url());
        return blocked ? request.abort('internetdisconnected') : request.continue();
      }),
    );
    await page.goto(`${url}/duel.html`);
    await duel(page, 'choice-left').waitFor({ state: 'visible', timeout: 10_000 });
    await page.evaluate(() => {
      const seen: unknown[] = [];
      (window as unknown as { toriErrors: unknown[] }).toriErrors = seen;
      document.querySelector('idea-duel')!.addEventListener('tori-error', (event) => seen.push((event as CustomEvent).detail));
    });

    await duel(page, 'show-results').click();
    const alert = page.locator('idea-duel [role="alert"]');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toContain('This part could not be loaded');
    expect(await duel(page, 'results').count()).toBe(0);
    const tryAgain = page.locator('idea-duel [part~="status"] button');
    expect((await tryAgain.textContent())?.trim()).toBe('Try again');
    const reported = await page.evaluate(() => (window as unknown as { toriErrors: { code: string }[] }).toriErrors);
    expect(reported.map((detail) => detail.code)).toContain('network');
    expect(asked.length).toBeGreaterThan(0);

    blocked = false;
    await tryAgain.click();
    const results = duel(page, 'results');
    await results.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => page.locator('idea-duel [part~="result"]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await duel(page, 'totals').textContent()).toMatch(/\d+ votes?/);
    expect(await alert.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a Finnish page', () => {
  /** Every text the duel's shadow root held, from the moment it was attached (not only what was painted). */
  const recordTexts = () => {
    const texts: string[] = [];
    (window as unknown as { duelTexts: string[] }).duelTexts = texts;
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
      const root = attach.call(this, init);
      if (this.localName === 'idea-duel') {
        const note = () => {
          const text = root.textContent?.replace(/\s+/g, ' ').trim() ?? '';
          if (text !== texts.at(-1)) texts.push(text);
        };
        new MutationObserver(note).observe(root, { childList: true, subtree: true, characterData: true });
      }
      return root;
    };
  };
  const englishWords = /Loading|Can't decide|Add your own idea|Show results|Something went wrong|You are offline|\bor\b/;

  it('shows Finnish from the first paint, never English first, though its language file comes late', async () => {
    let heldBack = 0;
    const { context, page, errors } = await openDuel('fi', (context) =>
      context.route('**/chunks/messages-fi.*', async (request) => {
        heldBack += 1;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await request.continue();
      }),
    );
    await page.addInitScript(recordTexts);
    await page.goto(`${url}/duel.html`);
    await duel(page, 'choice-left').waitFor({ state: 'visible', timeout: 15_000 });

    const texts = await page.evaluate(() => (window as unknown as { duelTexts: string[] }).duelTexts);
    const shown = texts.filter(Boolean);
    expect(heldBack).toBe(1);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((text) => englishWords.test(text))).toEqual([]);
    expect(shown[0]).toMatch(/Ladataan|vai|En osaa valita/);
    expect((await duel(page, 'skip').textContent())?.trim()).toBe('En osaa valita');
    expect((await duel(page, 'add-idea').textContent())?.trim()).toBe('Lisää oma idea');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('speaks English rather than nothing when its language file cannot load, and says so in the console', async () => {
    const { context, page, errors, warnings } = await openDuel('fi', (context) =>
      context.route('**/chunks/messages-fi.*', (request) => request.abort('internetdisconnected')),
    );
    await page.goto(`${url}/duel.html`);
    await duel(page, 'choice-left').waitFor({ state: 'visible', timeout: 15_000 });
    expect((await duel(page, 'skip').textContent())?.trim()).toBe("Can't decide");
    expect(warnings.some((text) => text.includes('could not load its "fi" messages'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
