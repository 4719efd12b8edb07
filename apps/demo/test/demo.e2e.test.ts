// The demo as people use it: the reference server, the script-tag bundle and real Chromium tabs.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ToriServer } from '@tori/server';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';
import { wcagViolations } from './wcag.js';


let dir: string;
let tori: ToriServer;
let url: string;
let browser: Browser;
let cityPage: Server;
let cityUrl: string;

async function openFresh(address: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(address);
  return { page, errors };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tori-demo-'));
  tori = await createServer({ dataFile: join(dir, 'tori.db'), seedDemo: true, logger: false });
  url = await tori.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  // A city's own site on another origin, embedding the widget with one script tag.
  cityPage = createHttpServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Staden</title>
<script type="module" src="${url}/widgets/idea-duel.js"></script></head>
<body><main><idea-duel server="${url}" space="demo"></idea-duel></main></body></html>`);
  });
  await new Promise<void>((resolve) => cityPage.listen(0, '127.0.0.1', resolve));
  const address = cityPage.address();
  if (!address || typeof address === 'string') throw new Error('city page has no port');
  // "localhost" rather than 127.0.0.1 makes it a different origin from the Tori server.
  cityUrl = `http://localhost:${address.port}/`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => cityPage?.close(resolve));
  await tori?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo page', () => {
  // How fast it arrives is measured by `npm run bench:live`; here it must arrive, without errors.
  it('serves the Finnish page with the duel, and a vote reaches the projector tab', async () => {
    const participant = await openFresh(`${url}/`);
    const projector = await openFresh(`${url}/projector.html`);
    const left = participant.page.locator('idea-duel [part~="choice-left"]');
    await left.waitFor({ state: 'visible', timeout: 10_000 });
    await projector.page.waitForFunction(
      () => (document.querySelector('idea-duel')?.shadowRoot?.querySelectorAll('li').length ?? 0) >= 2,
      undefined,
      { timeout: 10_000 },
    );
    expect(await participant.page.evaluate(() => document.documentElement.lang)).toBe('fi');
    // The totals line reads "N ääntä, M osallistujaa": N is the number of votes.
    const votesShown = async () =>
      Number((await projector.page.locator('idea-duel [part~="totals"]').textContent())?.match(/\d+/)?.[0] ?? NaN);
    const before = await votesShown();
    expect(before).toBeGreaterThanOrEqual(0);

    await left.click();
    await expect.poll(votesShown, { timeout: 5_000, interval: 50 }).toBe(before + 1);
    expect(participant.errors).toEqual([]);
    expect(projector.errors).toEqual([]);
    await participant.page.context().close();
    await projector.page.context().close();
  });

  it('works embedded on another origin by one script tag, and the vote is stored', async () => {
    const city = await openFresh(cityUrl);
    const right = city.page.locator('idea-duel [part~="choice-right"]');
    await right.waitFor({ state: 'visible', timeout: 10_000 });
    const voted = city.page.evaluate(
      () =>
        new Promise<{ queued: boolean }>((resolve) =>
          document.addEventListener('tori-vote', (e) => resolve((e as CustomEvent).detail), { once: true }),
        ),
    );
    const resultsBefore = await (await fetch(`${url}/api/spaces/demo/results`)).json();
    await right.click();
    expect((await voted).queued).toBe(false);
    // The vote was committed before it was acknowledged, so the results count it at once.
    await expect
      .poll(async () => (await (await fetch(`${url}/api/spaces/demo/results`)).json()).votes, { timeout: 2_000 })
      .toBe(resultsBefore.votes + 1);
    expect(city.errors).toEqual([]);
    await city.page.context().close();
  });

  it('meets WCAG 2.1 AA on the participant page and the projector (axe)', async () => {
    for (const path of ['/', '/projector.html']) {
      const { page, errors } = await openFresh(`${url}${path}`);
      await page.locator('idea-duel [part~="question"]').waitFor({ timeout: 10_000 });
      const violations = await wcagViolations(page);
      expect(violations, path).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('serves the bundles with CORS for any page and a JavaScript content type', async () => {
    for (const path of ['/tori.js', '/widgets/idea-duel.js']) {
      const res = await fetch(`${url}${path}`, { headers: { origin: 'https://www.example.fi' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      // The server validates; the page never downloads the validator.
      expect(await res.text()).not.toMatch(/ZodError|zod/i);
    }
  });
});
