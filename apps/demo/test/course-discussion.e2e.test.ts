// The discussion on the demo's course page as course participants use it: the reference server, tori.js, Chromium tabs.
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

type Tab = { page: Page; errors: string[] };

/** A participant of their own: a fresh browser context is another device with another anonymous participant. */
async function openCourse(): Promise<Tab> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1600 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${url}/course.html`);
  await page.locator('named-discussion [part~="join-form"], named-discussion [part~="form"]').first().waitFor({ timeout: 10_000 });
  return { page, errors };
}

async function joinAs({ page }: Tab, name: string, role?: string): Promise<void> {
  await page.locator('named-discussion #join-name').fill(name);
  if (role) await page.locator('named-discussion #join-role').fill(role);
  await page.locator('named-discussion [part~="join-form"] button[type="submit"]').click();
  await page.locator('named-discussion [part~="form"]').waitFor({ timeout: 10_000 });
}

async function write({ page }: Tab, text: string): Promise<void> {
  await page.locator('named-discussion #text-thread').fill(text);
  await page.locator('named-discussion [part~="form"] [part~="send"]').click();
  await page.locator('named-discussion [part~="post"]').filter({ hasText: text }).waitFor({ timeout: 10_000 });
}

const audit = ({ page }: Tab) => wcagViolations(page);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tori-demo-course-'));
  tori = await createServer({ dataFile: join(dir, 'tori.db'), seedDemo: true, logger: false });
  url = await tori.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await tori?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the discussion on the course page', () => {
  it('asks each participant’s name once, and shows one participant’s post to another under a button, in Finnish', async () => {
    const aino = await openCourse();
    const discussion = aino.page.locator('named-discussion');
    expect(await discussion.locator('[part~="heading"]').textContent()).toContain('Moduuli 1: Miksi olen mukana?');
    expect(await discussion.locator('[part~="join-form"]').textContent()).toContain('Liity keskusteluun');
    expect(await audit(aino), 'the join form').toEqual([]);
    await joinAs(aino, 'Aino Mäkelä', 'Kylätoimikunta');

    const ben = await openCourse();
    await joinAs(ben, 'Ben Berg');
    await write(aino, 'Hei kaikki! Lähdin mukaan kylän yhteisön takia.');
    await ben.page.locator('named-discussion [part~="new-posts"]').waitFor({ timeout: 10_000 });
    expect(await ben.page.locator('named-discussion [part~="new-posts"]').textContent()).toContain('Näytä 1 uusi viesti');
    await ben.page.locator('named-discussion [part~="new-posts"]').click();
    const post = ben.page.locator('named-discussion [part~="post"]').filter({ hasText: 'Hei kaikki!' });
    expect(await post.locator('[part~="author"]').textContent()).toContain('Aino Mäkelä, Kylätoimikunta');
    expect(await ben.page.locator('named-discussion [part~="participants"]').textContent()).toContain('Aino Mäkelä');

    // A reload keeps the name: it was asked once for the space.
    await aino.page.reload();
    await aino.page.locator('named-discussion [part~="form"]').waitFor({ timeout: 10_000 });
    expect(await aino.page.locator('named-discussion .you').textContent()).toContain('Aino Mäkelä');
    expect(await audit(ben), 'the discussion with a post').toEqual([]);
    expect([...aino.errors, ...ben.errors]).toEqual([]);
    await aino.page.context().close();
    await ben.page.context().close();
  });
});
