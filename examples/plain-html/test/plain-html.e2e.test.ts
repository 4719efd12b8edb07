// The server-rendered page in Chromium: the script-tag bundle from the real reference server upgrades the tag.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../e2e-harness.js';
import { renderPage } from '../page.mjs';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness((request, response, { toriUrl, spaceId }) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname !== '/') return response.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
    // ?copies=2: the per-widget bundle and tori.js on one page, each with its own copy of the element's class.
    const bundles = url.searchParams.get('copies') === '2' ? ['widgets/idea-duel.js', 'tori.js'] : undefined;
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(renderPage({ toriUrl, space: spaceId, lang: url.searchParams.get('lang') ?? 'fi', headingLevel: 3, bundles }));
  });
});
afterAll(() => harness?.close());

const thanks = (page: Page) => page.locator('#thanks').textContent();

describe('server-rendered HTML page with the script-tag bundle', () => {
  it('upgrades the server-rendered tag with its attributes and the page language', async () => {
    const { page, errors } = await harness.open('?lang=fi');
    await page.locator('idea-duel [part~="choice-left"]').waitFor({ state: 'visible', timeout: 10_000 });
    const state = await page.evaluate(() => {
      const el = document.querySelector('idea-duel') as HTMLElement & Record<string, unknown>;
      return { upgraded: !!el.shadowRoot, headingLevel: el.headingLevel, mode: el.mode, locale: el.locale };
    });
    expect(state).toEqual({ upgraded: true, headingLevel: 3, mode: 'vote', locale: 'fi' });
    expect(await page.locator('idea-duel').getByRole('heading', { level: 3 }).textContent()).toContain('Which matters more?');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("hands a tori-vote event to the page's own script, and the server stores the vote", async () => {
    const { page, errors } = await harness.open('');
    await page.locator('idea-duel [part~="choice-left"]').click({ timeout: 10_000 });
    await expect.poll(() => thanks(page), { timeout: 5_000 }).toMatch(/^Kiitos! Ääniä tältä sivulta: 1 \(\S+\)$/);
    const results = await (await fetch(`${harness.toriUrl}/api/spaces/${harness.spaceId}/results`)).json();
    expect(results.votes).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('works with two copies of the element on one page (widgets/idea-duel.js and tori.js)', async () => {
    const { page, errors } = await harness.open('?copies=2');
    expect(await page.locator('script[src]').count()).toBe(2);
    await page.locator('idea-duel [part~="choice-right"]').click({ timeout: 10_000 });
    await expect.poll(() => thanks(page), { timeout: 5_000 }).toMatch(/: 1 /);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
