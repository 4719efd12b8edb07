// A city's real page is hostile ground: a CSS reset, the 62.5 % rem trick, its own fonts, right-to-left
// neighbours and a strict Content-Security-Policy. The widgets must work, look as themed and stay accessible.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../e2e-harness.js';
import { cityHandler, contentSecurityPolicy } from '../page.mjs';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness((request, response, { toriUrl, spaceId }) =>
    cityHandler({ toriUrl, space: spaceId, joinUrl: 'https://www.kuusijarvi.example/strategia' })(request, response),
  );
});
afterAll(() => harness?.close());

/** Opens the page, recording every Content-Security-Policy violation, and waits for every widget to show. */
async function openCityPage(): Promise<{ page: Page; errors: string[]; violations: () => Promise<string[]> }> {
  const { page, errors } = await harness.open('');
  await page.evaluate(() => {
    const seen: string[] = [];
    (globalThis as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.locator('idea-duel [part~="choice-left"]').waitFor({ state: 'visible', timeout: 10_000 });
  // The board's list is virtualised: its ideas are drawn once it scrolls into view.
  await page.locator('idea-board').scrollIntoViewIfNeeded();
  await page.locator('idea-board [part~="idea"]').first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('idea-duel[mode="results"] [part~="join-code"]').waitFor({ state: 'visible', timeout: 10_000 });
  const violations = () => page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations);
  return { page, errors, violations };
}

/** Computed styles of an element inside a widget's shadow root. */
function styleOf(page: Page, host: string, part: string, properties: string[]) {
  return page.evaluate(
    ({ host, part, properties }) => {
      const el = document.querySelector(host)!.shadowRoot!.querySelector(`[part~="${part}"]`)!;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return { ...Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)])), height: box.height, width: box.width };
    },
    { host, part, properties },
  );
}

describe("a city's page with its own CSS and a strict Content-Security-Policy", () => {
  it('serves the page with a policy that has no unsafe-inline or unsafe-eval', async () => {
    const policy = contentSecurityPolicy(harness.toriUrl);
    expect(policy).not.toMatch(/unsafe/);
    const answer = await fetch(harness.pageUrl);
    expect(answer.headers.get('content-security-policy')).toBe(policy);
  });

  it('runs every widget under that policy: no violation, no error, and a vote reaches the projector', async () => {
    const { page, errors, violations } = await openCityPage();
    const totals = () => page.locator('idea-duel[mode="results"] [part~="totals"]').textContent();
    const before = Number((await totals())?.match(/\d+/)?.[0]);
    await page.locator('idea-duel[mode="vote"] [part~="choice-left"]').click();
    await expect.poll(async () => Number((await totals())?.match(/\d+/)?.[0]), { timeout: 5_000 }).toBe(before + 1);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("keeps its own sizes and focus ring under the site's reset and 62.5 % root font size", async () => {
    const { page } = await openCityPage();
    for (const part of ['choice-left', 'skip', 'add-idea', 'show-results']) {
      const { height } = await styleOf(page, 'idea-duel', part, []);
      expect(height, `${part} is a 44 px target`).toBeGreaterThanOrEqual(44);
    }
    // The site's "* { box-sizing: content-box }" matches the host element; the fields still fit their form.
    const fit = await page.evaluate(() => {
      const root = document.querySelector('idea-board')!.shadowRoot!;
      const form = root.querySelector('form')!.getBoundingClientRect();
      const field = root.querySelector('form input, form textarea')!;
      return { sizing: getComputedStyle(field).boxSizing, overflow: field.getBoundingClientRect().right - form.right };
    });
    expect(fit.sizing).toBe('border-box');
    expect(fit.overflow).toBeLessThanOrEqual(0);
    await page.locator('idea-duel[mode="vote"] [part~="choice-left"]').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const focused = await page.evaluate(() => {
      const el = document.querySelector('idea-duel')!.shadowRoot!.activeElement!;
      const style = getComputedStyle(el);
      return { part: el.getAttribute('part'), outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` };
    });
    // The site's `:focus { outline: none }` does not reach inside; the theme's focus colour does.
    expect(focused).toEqual({ part: 'choice choice-left', outline: 'solid 3px rgb(194, 65, 12)' });
    await page.context().close();
  });

  it("inherits the site's font and takes the theme's tokens and parts", async () => {
    const { page } = await openCityPage();
    const choice = await styleOf(page, 'idea-duel', 'choice-left', ['font-family', 'border-left-width', 'border-radius']);
    expect(choice['font-family']).toMatch(/^"?Liberation Sans"?/);
    expect(choice['border-left-width']).toBe('6px');
    expect(choice['border-radius']).toBe('0px');
    const question = await styleOf(page, 'idea-duel', 'question', ['font-family', 'text-transform']);
    expect(question['font-family']).toMatch(/^"?DejaVu Serif"?/);
    // The site uppercases its own h2s; that rule stays outside the widget.
    expect(question['text-transform']).toBe('none');
    const bar = await styleOf(page, 'idea-duel[mode="results"]', 'result-bar', ['background-color']);
    expect(bar['background-color']).toBe('rgb(0, 89, 79)');
    await page.context().close();
  });

  it('stays left to right in Finnish beside right-to-left neighbours', async () => {
    const { page } = await openCityPage();
    const directions = await page.evaluate(() => ({
      aside: getComputedStyle(document.querySelector('aside')!).direction,
      duel: getComputedStyle(document.querySelector('idea-duel')!).direction,
      board: getComputedStyle(document.querySelector('idea-board')!).direction,
      duelLocale: (document.querySelector('idea-duel') as HTMLElement & { locale: string }).locale,
    }));
    expect(directions).toEqual({ aside: 'rtl', duel: 'ltr', board: 'ltr', duelLocale: 'fi' });
    await page.context().close();
  });

  it('meets WCAG 2.1 AA with the city theme (axe, the whole page)', async () => {
    const { page } = await openCityPage();
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    // Through the page's own (CDP) context, which the policy does not govern, as a browser extension would.
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: (options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
