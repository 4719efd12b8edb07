// Board benchmark: <idea-board> with 10,000 ideas in headless Chromium, over the in-memory fixture client (no
// server: what is timed is the element, its controller and the virtualised list, not the network).
// Baselines in the same run: the same element with an empty board, and a plain (non-virtualised) Lit list of the
// same 10,000 ideas. `--check` exits non-zero when <idea-board> misses a target.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';

const IDEAS = Number(process.env.BENCH_IDEAS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
/** The plain list takes about a second a run: a few runs show what it costs. */
const PLAIN_RUNS = Number(process.env.BENCH_PLAIN_RUNS ?? 5);
const INSERTS = Number(process.env.BENCH_INSERTS ?? 100);
/** Runs before the measured ones, so the figures are of a page whose code is compiled, as after a first visit. */
const WARMUP = 2;
const TARGETS = { firstRender: 100, insert: 16 };

const build = await rollup({
  input: fileURLToPath(new URL('./page.js', import.meta.url)),
  plugins: [nodeResolve({ browser: true })],
  logLevel: 'silent',
});
const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
await build.close();
const script = output[0].code;

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Board benchmark</title>
<style>body { margin: 0; font: 16px/1.5 system-ui, sans-serif; } main { max-width: 48rem; margin: 0 auto; padding: 1rem; }</style>
</head><body><main id="stage"></main><script type="module" src="/page.js"></script></body></html>`;
const http = createServer((req, res) => {
  const isScript = req.url === '/page.js';
  res.setHeader('content-type', isScript ? 'text/javascript' : 'text/html; charset=utf-8');
  res.end(isScript ? script : page);
});
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
// gc() lets the page collect one run's garbage before the next run starts its clock.
const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, '--js-flags=--expose-gc'] });

try {
  const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  // The virtualiser's benign "ResizeObserver loop completed" notice is not a failure (see the element's README).
  tab.on('pageerror', (error) => {
    if (!/ResizeObserver loop/.test(String(error))) errors.push(String(error));
  });
  await tab.goto(`http://127.0.0.1:${http.address().port}/`);
  await tab.waitForFunction(() => 'boardBench' in window);

  const measure = async (kind, count, runs = RUNS) => {
    const renders = [];
    let inserts = [];
    let inPage = 0;
    for (let run = 0; run < WARMUP + runs; run += 1) {
      const ms = await tab.evaluate(([k, n]) => window.boardBench.firstRender(k, n), [kind, count]);
      if (run >= WARMUP) renders.push(ms);
    }
    // Inserts into the element of the last run: the list then holds `count` ideas and grows by one each time.
    const times = await tab.evaluate(([k, n]) => window.boardBench.inserts(k, n), [kind, WARMUP + INSERTS]);
    inserts = times.slice(WARMUP);
    inPage = await tab.evaluate(() => window.boardBench.inPage());
    if (kind === 'board') {
      const shown = await tab.evaluate(() => window.boardBench.countText());
      const expected = `${count + WARMUP + INSERTS} ideas`;
      if (shown !== expected) throw new Error(`<idea-board> says "${shown}", not "${expected}"`);
    }
    return { renders, inserts, inPage };
  };

  const rows = [
    ['baseline: <idea-board>, empty board', await measure('board', 0)],
    [`baseline: plain Lit list, ${IDEAS.toLocaleString('en')} ideas`, await measure('plain', IDEAS, PLAIN_RUNS)],
    [`<idea-board>, ${IDEAS.toLocaleString('en')} ideas`, await measure('board', IDEAS)],
  ];
  if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);

  const board = rows.at(-1)[1];
  console.log(
    `\nBoard: ${IDEAS.toLocaleString('en')} ideas in headless Chromium (1280×800), fixture client, no server;` +
      ` ${RUNS} first renders (the plain list ${PLAIN_RUNS}) and ${INSERTS} live inserts each, after ${WARMUP} warm-up runs\n`,
  );
  const head = ['milliseconds', 'first render', 'p95', 'insert', 'p95', 'in page'];
  console.log(`${head[0].padEnd(40)} ${head[1].padStart(12)} ${head[2].padStart(7)} ${head[3].padStart(7)} ${head[4].padStart(7)} ${head[5].padStart(8)}`);
  for (const [label, { renders, inserts, inPage }] of rows) {
    const r = stats(renders);
    const i = stats(inserts);
    console.log(
      `${label.padEnd(40)} ${ms(r.median).padStart(12)} ${ms(r.p95).padStart(7)} ${ms(i.median).padStart(7)} ${ms(i.p95).padStart(7)} ${String(inPage).padStart(8)}`,
    );
  }
  console.log('(median, then p95; "in page": ideas in the DOM after the inserts)\n');

  const verdicts = [
    ['first render', stats(board.renders).p95, TARGETS.firstRender],
    ['live insert', stats(board.inserts).p95, TARGETS.insert],
  ];
  for (const [what, p95, target] of verdicts) {
    console.log(`target p95 ${what} < ${target} ms: ${p95 < target ? 'PASS' : 'FAIL'} (${ms(p95)} ms)`);
  }
  console.log('');
  if (process.argv.includes('--check') && verdicts.some(([, p95, target]) => p95 >= target)) process.exitCode = 1;
} finally {
  await browser.close();
  await new Promise((resolve) => http.close(resolve));
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}

function ms(value) {
  return value.toFixed(1);
}
