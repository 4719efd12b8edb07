// Makes docs/theming/city-theme.png: Kuusijärvi's page with the reference server's demo space, after a few votes.
// `npm run screenshot -w examples/city-theme` (needs the built bundles and Chromium: CHROME_PATH).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from '@tori/server';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { cityHandler } from './page.mjs';

const out = fileURLToPath(new URL('../../docs/theming/city-theme.png', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tori-screenshot-'));
const tori = await createServer({ dataFile: join(dir, 'tori.db'), seedDemo: true, logger: false });
const toriUrl = await tori.listen({ port: 0, host: '127.0.0.1' });
const site = createHttpServer(cityHandler({ toriUrl, space: 'demo' }));
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
  await page.goto(`http://localhost:${site.address().port}/`);
  const left = page.locator('idea-duel[mode="vote"] [part~="choice-left"]');
  // A few choices, so the projector's ranking has something to show.
  for (let i = 0; i < 6; i++) {
    await left.click();
    await page.waitForTimeout(150);
  }
  await page.locator('idea-duel[mode="results"] [part~="join-code"]').waitFor();
  // Tall enough that the board's virtualised list is in view, as it is for someone who has scrolled to it.
  await page.locator('idea-board [part~="idea"]').first().waitFor();
  await page.waitForTimeout(500);
  mkdirSync(join(out, '..'), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await new Promise((resolve) => site.close(resolve));
  await tori.close();
  rmSync(dir, { recursive: true, force: true });
}
