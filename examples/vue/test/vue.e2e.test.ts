// The Vue app as built by Vite, in Chromium, against the real reference server.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBundle, startHarness, staticFiles, type Harness } from '../../e2e-harness.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
let harness: Harness;
let app: string;

beforeAll(async () => {
  harness = await startHarness(staticFiles(dist));
  app = `?server=${encodeURIComponent(harness.toriUrl)}&space=${harness.spaceId}`;
});
afterAll(() => harness?.close());

const votesLine = (page: Page) => page.getByTestId('votes').textContent();

describe('Vue 3 app with @tori/idea-duel from npm', () => {
  it('renders the element (not a Vue component) with the properties Vue set', async () => {
    const { page, errors } = await harness.open(app);
    await page.locator('idea-duel [part~="choice-left"]').waitFor({ state: 'visible', timeout: 10_000 });
    const props = await page.evaluate(() => {
      const el = document.querySelector('idea-duel') as HTMLElement & Record<string, unknown>;
      return { upgraded: el instanceof customElements.get('idea-duel')!, server: el.server, space: el.space, headingLevel: el.headingLevel, mode: el.mode };
    });
    expect(props).toEqual({ upgraded: true, server: harness.toriUrl, space: harness.spaceId, headingLevel: 3, mode: 'vote' });
    // The page is Swedish (<html lang="sv">): the element follows it.
    expect(await page.locator('idea-duel [part~="skip"]').textContent()).toMatch(/kan inte|vet inte|hoppa/i);
    expect(await page.locator('idea-duel').getByRole('heading', { level: 3 }).textContent()).toContain('Which matters more?');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('hands a tori-vote event to the Vue handler, and a mode change back to the element', async () => {
    const { page, errors } = await harness.open(app);
    await page.locator('idea-duel [part~="choice-right"]').click({ timeout: 10_000 });
    await expect.poll(() => votesLine(page), { timeout: 5_000 }).toMatch(/^1 röst; senaste vinnare \S+$/);
    await page.getByRole('button', { name: 'Visa rankningen' }).click();
    await page.locator('idea-duel [part~="results"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('idea-duel').getAttribute('mode')).toBe('results');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('survives a second copy of the element: the script-tag bundles on the same page', async () => {
    const { page, errors } = await harness.open(app);
    await page.locator('idea-duel [part~="choice-left"]').waitFor({ timeout: 10_000 });
    await addBundle(page, `${harness.toriUrl}/widgets/idea-duel.js`);
    await addBundle(page, `${harness.toriUrl}/tori.js`);
    await page.locator('idea-duel [part~="choice-left"]').click();
    await expect.poll(() => votesLine(page), { timeout: 5_000 }).toMatch(/^1 röst/);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
