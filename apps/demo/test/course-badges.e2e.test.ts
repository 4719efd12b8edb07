// The badges on the demo's course page as a participant meets them: the reference server with the seeded course,
// tori.js, Chromium, the pages' strict Content-Security-Policy (images from data: only, besides the page's own).
import { mkdtempSync, rmSync } from 'node:fs';
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

type Tab = { page: Page; errors: string[]; violations: () => Promise<string[]> };

/** A first visit on a device of its own (empty storage), listening for policy violations before any script runs. */
async function openCourse(): Promise<Tab> {
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
  await page.goto(`${url}/course.html`);
  const violations = () => page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations);
  return { page, errors, violations };
}

const badges = (page: Page) => page.locator('badge-display');
const progressCard = (page: Page, name: string) => badges(page).locator('[part~="progress"]').filter({ has: page.locator('[part~="name"]', { hasText: name }) });
const earnedCard = (page: Page, name: string) => badges(page).locator('[part~="badge"]').filter({ has: page.locator('[part~="name"]', { hasText: name }) });
const rulesOf = async (page: Page, name: string) => (await progressCard(page, name).locator('.rules li').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());

/** Whether every image of the badges decoded (a blocked or broken data: URL has no natural size). */
const imagesDrawn = (page: Page) =>
  badges(page).evaluate((el) =>
    [...el.shadowRoot!.querySelectorAll<HTMLImageElement>('img[part~="image"]')].map((img) => img.complete && img.naturalWidth > 0),
  );

const audit = (page: Page) => wcagViolations(page, 'badge-display');

async function closeTab(tab: Tab): Promise<void> {
  expect(await tab.violations()).toEqual([]);
  expect(tab.errors).toEqual([]);
  await tab.page.context().close();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tori-demo-badges-'));
  tori = await createServer({ dataFile: join(dir, 'tori.db'), seedDemo: true, logger: false });
  url = await tori.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await tori?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the badges on the course page', () => {
  it('shows the seeded badges with their images and the participant’s progress, in Finnish, under the page’s policy', async () => {
    const tab = await openCourse();
    const { page } = tab;
    await progressCard(page, 'Digitaalinen osaaja').waitFor({ timeout: 10_000 });
    expect(await badges(page).locator('[part~="heading"]').textContent()).toBe('Osaamismerkkini');
    expect(await badges(page).locator('[part~="badge"]').count()).toBe(0);
    expect(await rulesOf(page, 'Digitaalinen osaaja')).toEqual(['0/5 moduulia pohdittu', '0/3 keskustelua, joihin osallistunut']);
    expect(await rulesOf(page, 'Ensimmäinen pohdinta')).toEqual(['0/1 moduulia pohdittu']);
    expect(await progressCard(page, 'Digitaalinen osaaja').locator('img').getAttribute('alt')).toBe('Sininen kuusikulmio, jonka keskellä valkoinen valintamerkki');
    // The images load lazily: the reader scrolls to the badges first.
    await badges(page).scrollIntoViewIfNeeded();
    await expect.poll(() => imagesDrawn(page), { timeout: 5_000 }).toEqual([true, true]);
    expect(await audit(page)).toEqual([]);
    await closeTab(tab);
  });

  it('moves the progress and shows the badge live when a reflection is saved, and Verify passes on that page', async () => {
    const tab = await openCourse();
    const { page } = tab;
    await progressCard(page, 'Ensimmäinen pohdinta').waitFor({ timeout: 10_000 });
    const firstModule = page.locator('reflection-journal [part~="module"]').first();
    const fields = firstModule.locator('textarea');
    await fields.first().waitFor({ timeout: 10_000 });
    // A module counts as reflected when each of its prompts has an answer.
    for (const field of await fields.all()) await field.fill('Opin, että vapaaehtoisuus on yhdessä tekemistä.');

    const notice = badges(page).locator('[part~="earned-now"]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toContain('Ansaitsit merkin ”Ensimmäinen pohdinta”!');
    expect((await badges(page).locator('p.visually-hidden[role="status"]').textContent())?.trim()).toBe('Ansaitsit merkin ”Ensimmäinen pohdinta”!');
    await earnedCard(page, 'Ensimmäinen pohdinta').waitFor({ timeout: 10_000 });
    await expect.poll(() => rulesOf(page, 'Digitaalinen osaaja'), { timeout: 10_000 }).toEqual(['1/5 moduulia pohdittu', '0/3 keskustelua, joihin osallistunut']);
    expect(await progressCard(page, 'Ensimmäinen pohdinta').count()).toBe(0);
    expect(await earnedCard(page, 'Ensimmäinen pohdinta').locator('[part~="status"]').textContent()).toContain('Voimassa');
    expect(await earnedCard(page, 'Ensimmäinen pohdinta').textContent()).toContain('Kylät yhdessä ry');
    await badges(page).scrollIntoViewIfNeeded();
    await expect.poll(() => imagesDrawn(page), { timeout: 5_000 }).toEqual([true, true, true]);

    // The check (a chunk loaded on demand) reads the server's keys and status list from the page's own origin.
    await earnedCard(page, 'Ensimmäinen pohdinta').locator('[part~="verify"]').click();
    const verdict = earnedCard(page, 'Ensimmäinen pohdinta').locator('[part~="verification"] .verdict');
    await verdict.waitFor({ timeout: 15_000 });
    expect(await verdict.textContent()).toBe('Aito: todistus on myöntäjän allekirjoittama, voimassa eikä peruttu.');
    expect(await earnedCard(page, 'Ensimmäinen pohdinta').locator('[part~="check-failed"], [part~="check-not_checked"]').count()).toBe(0);
    expect(await audit(page)).toEqual([]);
    await closeTab(tab);
  });
});
