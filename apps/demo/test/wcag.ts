// The axe audit every end-to-end test of the demo pages runs: WCAG 2.1 AA, as a reader sees the page once it is still.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Axe = {
  run: (context: object, options: object) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
};

/** Rule id and targets of each WCAG 2.1 AA violation on the page, or inside the elements `include` selects. */
export async function wcagViolations(page: Page, include?: string): Promise<string[]> {
  // What fades in (a new idea, an earned badge) is judged by the colours it ends with, not half-way.
  await page.evaluate(async () => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (const root of roots) for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    const ending = roots.flatMap((root) => root.getAnimations()).filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    // A cancelled animation (its element gone) rejects `finished`; it no longer shows either way.
    await Promise.all(ending.map((a) => a.finished.catch(() => undefined)));
  });
  // Through DevTools rather than an inline script tag, which the demo pages' policy refuses.
  await page.evaluate(axeSource);
  return page.evaluate(async (selector) => {
    const axe = (globalThis as unknown as { axe: Axe }).axe;
    const context = selector ? { include: [[selector]] } : document;
    const result = await axe.run(context, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`);
  }, include);
}
