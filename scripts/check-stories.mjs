// Renders every story of the built Storybook in Chromium: a story that throws, logs an error, fails its play
// function or breaks WCAG 2.1 AA (axe) fails — in the light theme and again, in the state the story ended in, with
// the dark and high-contrast tokens of the toolbar. Stories tagged "live" run against a reference server started
// here. Writes reports/stories.junit.xml for the CI summary.
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { themes } from '../.storybook/themes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const site = join(root, 'storybook-static');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
const STORY_TIMEOUT_MS = 15_000;

if (!existsSync(join(site, 'index.json'))) {
  console.error('storybook-static/index.json is missing: run `npm run build-storybook` first.');
  process.exit(1);
}

const server = createServer((request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  // Browsers ask for a favicon the static build does not have.
  if (path === '/favicon.ico') return response.writeHead(204).end();
  const file = join(site, path.endsWith('/') ? `${path}index.html` : path);
  if (!file.startsWith(site) || !existsSync(file)) return response.writeHead(404).end();
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const stories = Object.values(JSON.parse(readFileSync(join(site, 'index.json'), 'utf8')).entries).filter(
  (entry) => entry.type === 'story',
);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
// Stories tagged "live" talk to a real reference server: one of its own, with the demo spaces, on a temp file.
const live = stories.some((story) => story.tags?.includes('live')) ? await startReferenceServer() : undefined;

const results = [];
try {
  results.push(await checkToolbar(stories[0]));
  for (const story of stories) {
    const started = Date.now();
    const problems = await checkStory(story);
    results.push({ story, problems, seconds: (Date.now() - started) / 1000 });
    console.log(`${problems.length ? '✗' : '✓'} ${story.title} / ${story.name}`);
    for (const problem of problems) console.log(`    ${problem}`);
  }
} finally {
  await browser.close();
  server.close();
  await live?.close();
}

writeJunit(results);
const failed = results.filter((result) => result.problems.length).length;
console.log(`\nStories: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

async function checkStory(story) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  try {
    const server = story.tags?.includes('live') ? `&toriServer=${encodeURIComponent(live.url)}` : '';
    await page.goto(`${base}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story${server}`);
    // The preview's own record of the story: rendered, play function done (or failed).
    const phase = await page
      .waitForFunction(
        () => {
          const phase = globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase;
          return ['finished', 'completed', 'played', 'errored', 'aborted'].includes(phase) ? phase : false;
        },
        undefined,
        { timeout: STORY_TIMEOUT_MS, polling: 50 },
      )
      .then((handle) => handle.jsonValue());
    if (!['finished', 'completed', 'played'].includes(phase)) problems.push(`story ended in phase "${phase}"`);
    if (await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'))) {
      problems.push(`error display: ${(await page.locator('#error-message').textContent())?.trim()}`);
    }
    await page.addScriptTag({ content: axeSource });
    problems.push(...(await axe(page)).map((violation) => `axe ${violation}`));
    // The other themes: the toolbar's tokens on the story root, same state, axe again (no reload: cheap).
    for (const [theme, tokens] of Object.entries(themes)) {
      if (theme === 'light') continue;
      await page.evaluate((tokens) => {
        const root = document.querySelector('.tori-story-root');
        for (const [name, value] of Object.entries(tokens)) root.style.setProperty(name, value);
      }, tokens);
      problems.push(...(await axe(page)).map((violation) => `axe (${theme} theme) ${violation}`));
    }
  } catch (error) {
    problems.push(String(error.message ?? error).split('\n')[0]);
  } finally {
    await context.close();
  }
  return problems;
}

async function startReferenceServer() {
  const { createServer: createToriServer } = await import('../packages/server/dist/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'tori-stories-'));
  const tori = await createToriServer({ dataFile: join(dir, 'tori.db'), seedDemo: true, logger: false });
  const url = await tori.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    async close() {
      await tori.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function axe(page) {
  return page.evaluate(async () => {
    const { violations } = await globalThis.axe.run('#storybook-root', {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

/** The toolbar's globals reach the story: `lang` and the theme's tokens on the story root. */
async function checkToolbar(story) {
  const started = Date.now();
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  try {
    await page.goto(`${base}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story&globals=locale:sv;theme:high-contrast`);
    const root = page.locator('.tori-story-root');
    await root.waitFor({ timeout: STORY_TIMEOUT_MS });
    const seen = await root.evaluate((el) => ({
      lang: el.getAttribute('lang'),
      accent: el.style.getPropertyValue('--tori-color-accent'),
      widgetLocale: [...el.querySelectorAll('*')].find((child) => child.localName.includes('-'))?.locale,
    }));
    const want = { lang: 'sv', accent: themes['high-contrast']['--tori-color-accent'], widgetLocale: 'sv' };
    if (JSON.stringify(seen) !== JSON.stringify(want)) problems.push(`toolbar globals: want ${JSON.stringify(want)}, got ${JSON.stringify(seen)}`);
  } catch (error) {
    problems.push(String(error.message ?? error).split('\n')[0]);
  } finally {
    await context.close();
  }
  console.log(`${problems.length ? '✗' : '✓'} toolbar: language and theme reach the story root`);
  for (const problem of problems) console.log(`    ${problem}`);
  return { story: { title: 'toolbar', name: 'language and theme reach the story root' }, problems, seconds: (Date.now() - started) / 1000 };
}

function writeJunit(results) {
  const escape = (text) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
  const cases = results.map(({ story, problems, seconds }) => {
    const name = escape(`${story.title} / ${story.name}`);
    const failure = problems.length ? `<failure message="${escape(problems[0])}">${escape(problems.join('\n'))}</failure>` : '';
    return `  <testcase classname="storybook" name="${name}" time="${seconds}">${failure}</testcase>`;
  });
  const failures = results.filter((result) => result.problems.length).length;
  mkdirSync(join(root, 'reports'), { recursive: true });
  writeFileSync(
    join(root, 'reports/stories.junit.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="stories" tests="${results.length}" failures="${failures}">\n${cases.join('\n')}\n</testsuite>\n`,
  );
}
