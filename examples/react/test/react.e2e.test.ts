// The React app as built by Vite, in Chromium, against the real reference server.
import { fileURLToPath } from 'node:url';
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

const votesLine = (page: import('playwright-core').Page) => page.getByTestId('votes').textContent();

describe('React 19 app with @tori/idea-duel from npm', () => {
  it('renders the element with the properties React set', async () => {
    const { page, errors } = await harness.open(app);
    const left = page.locator('idea-duel [part~="choice-left"]');
    await left.waitFor({ state: 'visible', timeout: 10_000 });
    const props = await page.evaluate(() => {
      const el = document.querySelector('idea-duel') as HTMLElement & Record<string, unknown>;
      return { defined: !!customElements.get('idea-duel'), server: el.server, space: el.space, headingLevel: el.headingLevel, mode: el.mode };
    });
    expect(props).toEqual({ defined: true, server: harness.toriUrl, space: harness.spaceId, headingLevel: 3, mode: 'vote' });
    // The question heading has the level React passed (the default would be 2).
    const question = page.locator('idea-duel').getByRole('heading', { level: 3 });
    expect(await question.textContent({ timeout: 5_000 })).toContain('Which matters more?');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('hands a tori-vote event to the React handler, and a mode change back to the element', async () => {
    const { page, errors } = await harness.open(app);
    await page.locator('idea-duel [part~="choice-left"]').click({ timeout: 10_000 });
    await expect.poll(() => votesLine(page), { timeout: 5_000 }).toMatch(/^1 vote, 0 skipped; last winner \S+$/);
    const results = await (await fetch(`${harness.toriUrl}/api/spaces/${harness.spaceId}/results`)).json();
    expect(results.votes).toBeGreaterThanOrEqual(1);

    await page.getByRole('button', { name: 'Show the ranking' }).click();
    await page.locator('idea-duel [part~="results"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('idea-duel').getAttribute('mode')).toBe('results');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('runs with the fixture client when no server is given', async () => {
    const { page, errors } = await harness.open('');
    await page.locator('idea-duel [part~="choice-right"]').click({ timeout: 10_000 });
    await expect.poll(() => votesLine(page), { timeout: 5_000 }).toMatch(/^1 vote/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('survives a second copy of the element: the script-tag bundles on the same page', async () => {
    const { page, errors } = await harness.open(app);
    await page.locator('idea-duel [part~="choice-left"]').waitFor({ timeout: 10_000 });
    // Each bundle carries its own IdeaDuel class and defines the tag again: that must be a no-op.
    await addBundle(page, `${harness.toriUrl}/widgets/idea-duel.js`);
    await addBundle(page, `${harness.toriUrl}/tori.js`);
    await page.locator('idea-duel [part~="choice-right"]').click();
    await expect.poll(() => votesLine(page), { timeout: 5_000 }).toMatch(/^1 vote/);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
