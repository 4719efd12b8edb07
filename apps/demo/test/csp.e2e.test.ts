// The demo pages under the reference server's strict Content-Security-Policy (no unsafe-inline, no unsafe-eval):
// every widget must work with scripts, styles and connections from its own origin only, and nothing be blocked.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ToriServer } from '@tori/server';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';

let dir: string;
let tori: ToriServer;
let url: string;
let browser: Browser;

type Tab = { page: Page; errors: string[]; violations: () => Promise<string[]> };

/** Opens a page with a listener for policy violations in place before any of its own scripts runs. */
async function open(path: string): Promise<Tab> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1600 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { cspViolations: string[] }).cspViolations = seen;
    // Capture phase on the document: violations inside shadow roots are composed events too.
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`), true);
  });
  await page.goto(`${url}${path}`);
  const violations = () => page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations);
  return { page, errors, violations };
}

async function closeTab(tab: Tab, expectClean = true): Promise<void> {
  if (expectClean) {
    expect(await tab.violations()).toEqual([]);
    expect(tab.errors).toEqual([]);
  }
  await tab.page.context().close();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tori-demo-csp-'));
  tori = await createServer({ dataFile: join(dir, 'tori.db'), seedDemo: true, logger: false });
  url = await tori.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await tori?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo pages under a strict Content-Security-Policy', () => {
  const pages = readdirSync(fileURLToPath(new URL('../public/', import.meta.url))).filter((f) => f.endsWith('.html'));

  it('are served with a policy without unsafe-inline or unsafe-eval, every one of them', async () => {
    expect(pages).toEqual(expect.arrayContaining(['course.html', 'facilitate.html', 'index.html', 'projector-board.html', 'projector.html']));
    for (const path of ['/', ...pages.map((p) => `/${p}`)]) {
      const answer = await fetch(`${url}${path}`);
      const policy = answer.headers.get('content-security-policy') ?? '';
      expect(policy, path).toMatch(/default-src 'none'/);
      expect(policy, path).toMatch(/script-src 'self'(;|$)/);
      expect(policy, path).toMatch(/style-src 'self'(;|$)/);
      // data: for images only: a badge's picture travels inside its credential.
      expect(policy, path).toMatch(/img-src 'self' data:(;|$)/);
      expect(policy.replace(/img-src 'self' data:/, ''), path).not.toMatch(/unsafe|data:|\*/);
    }
  });

  it('load without a violation, every page of the demo (a page added later included)', async () => {
    for (const path of pages) {
      const tab = await open(`/${path}`);
      await tab.page.waitForLoadState('networkidle');
      // The widgets are drawn: each custom element on the page has its shadow root filled.
      await tab.page.waitForFunction(() =>
        [...document.querySelectorAll('*')]
          .filter((el) => el.localName.includes('-') && el.localName !== 'tori-space')
          .every((el) => (el.shadowRoot?.childElementCount ?? 0) > 0),
      );
      await closeTab(tab);
    }
  });

  it('catch a violation when there is one, so an empty list below means something', async () => {
    const tab = await open('/');
    await tab.page.evaluate(() => {
      const style = document.createElement('div');
      style.setAttribute('style', 'color: red');
      document.body.append(style);
    });
    await expect.poll(tab.violations).toEqual([expect.stringMatching(/^style-src/)]);
    await closeTab(tab, false);
  });

  it('index: the board and the duel work, a vote and a new idea go through', async () => {
    const tab = await open('/');
    const left = tab.page.locator('idea-duel [part~="choice-left"]');
    await left.waitFor({ state: 'visible', timeout: 10_000 });
    await left.click();
    await tab.page.locator('idea-duel [part~="show-results"]').click();
    await tab.page.locator('idea-duel [part~="result-bar"]').first().waitFor({ timeout: 10_000 });
    await tab.page.locator('idea-board').scrollIntoViewIfNeeded();
    await tab.page.locator('idea-board [part~="idea"]').first().waitFor({ timeout: 10_000 });
    await tab.page.locator('idea-board #idea-title').fill('Kirjastoauto kyliin');
    await tab.page.locator('idea-board [part~="post"]').click();
    await tab.page.locator('idea-board [part~="idea"]').filter({ hasText: 'Kirjastoauto kyliin' }).waitFor({ timeout: 10_000 });
    await closeTab(tab);
  });

  it('projector: the live ranking and its join code', async () => {
    const tab = await open('/projector.html');
    await tab.page.locator('idea-duel [part~="result"]').first().waitFor({ timeout: 10_000 });
    await tab.page.locator('idea-duel [part~="join-code"]').waitFor({ state: 'visible', timeout: 10_000 });
    await closeTab(tab);
  });

  it("facilitate: the key form, then the facilitator's board", async () => {
    const tab = await open('/facilitate.html');
    await tab.page.locator('idea-board #space-key').fill(tori.seededDemo!.adminKey);
    await tab.page.locator('idea-board [part~="key-form"] button[type="submit"]').click();
    await tab.page.locator('idea-board [part~="moderation-toolbar"]').waitFor({ timeout: 10_000 });
    await closeTab(tab);
  });

  it("board projector: the newest ideas and the join code", async () => {
    const tab = await open('/projector-board.html');
    await tab.page.locator('idea-board [part~="projector-idea"]').first().waitFor({ timeout: 10_000 });
    await tab.page.locator('idea-board [part~="join"]').waitFor({ timeout: 10_000 });
    await closeTab(tab);
  });

  it('course: the discussion takes a name and a post, the journal a reflection and shows progress', async () => {
    const tab = await open('/course.html');
    await tab.page.locator('named-discussion #join-name').fill('Aino Virtanen');
    await tab.page.locator('named-discussion [part~="join-form"] button[type="submit"]').click();
    await tab.page.locator('named-discussion #text-thread').fill('Hei kaikki, olen Aino.');
    await tab.page.locator('named-discussion [part~="form"] [part~="send"]').click();
    await tab.page.locator('named-discussion [part~="post"]').filter({ hasText: 'olen Aino' }).waitFor({ timeout: 10_000 });
    const fields = tab.page.locator('reflection-journal textarea');
    await fields.first().waitFor({ timeout: 10_000 });
    // A module counts as reflected when each of its prompts has an answer: answer every prompt shown.
    for (const field of await fields.all()) await field.fill('Opin, että vapaaehtoisuus on yhdessä tekemistä.');
    await tab.page.locator('reflection-journal [part~="progress"]').waitFor();
    await expect
      .poll(() => tab.page.locator('reflection-journal [part~="progress"] .bar > span').evaluate((bar) => (bar as HTMLElement).style.width), {
        timeout: 10_000,
      })
      .not.toBe('0%');
    await closeTab(tab);
  });
});
