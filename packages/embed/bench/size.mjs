// Prints each script-tag bundle's gzip size beside the floor (Lit + socket.io-client bundled alone, same tools, same run).
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { bundlePlugins } from '../rollup.config.mjs';

const embed = fileURLToPath(new URL('..', import.meta.url));
const root = join(embed, '../..');
const embedDist = join(embed, 'dist');
const gzip = (code) => gzipSync(code, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Bundles a small entry the way the embed bundles are built and returns its minified code. */
async function bundle(source) {
  const dir = mkdtempSync(join(root, 'node_modules/.tori-bench-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, source);
    const build = await rollup({ input: entry, plugins: bundlePlugins(root), logLevel: 'silent' });
    const { output } = await build.generate({ format: 'es' });
    await build.close();
    return output[0].code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const floors = {
  lit: await bundle(`import { LitElement, html, css } from 'lit';
class Tiny extends LitElement { static styles = css\`:host{display:block}\`; render() { return html\`<p>\${this.title}</p>\`; } }
customElements.define('tiny-el', Tiny);`),
  socket: await bundle(`import { io } from 'socket.io-client'; export const s = io('https://example.invalid');`),
  both: await bundle(`import { LitElement, html, css } from 'lit'; import { io } from 'socket.io-client';
class Tiny extends LitElement { static styles = css\`:host{display:block}\`; render() { return html\`<p>\${this.title}</p>\`; } }
customElements.define('tiny-el', Tiny); export const s = io('https://example.invalid');`),
};

// Targets are the product's goals (null: measured, no target yet); `--check` turns a missed target into a failing exit.
// Budgets are today's sizes plus a little room: a bundle past its budget always fails, so growth is a decision.
const manifest = JSON.parse(readFileSync(join(embed, 'package.json'), 'utf8'));
const targets = manifest.sizeTargets ?? {};
const budgets = manifest.sizeBudgets ?? {};
const rows = [
  ['floor: Lit + one tiny element', gzip(floors.lit)],
  ['floor: socket.io-client', gzip(floors.socket)],
  ['floor: Lit + socket.io-client', gzip(floors.both)],
];
if (!existsSync(join(embedDist, 'tori.js'))) {
  console.error('missing dist/tori.js: build @tori/embed first');
  process.exit(1);
}
const built = [
  'tori.js',
  ...readdirSync(join(embedDist, 'widgets')).filter((file) => file.endsWith('.js')).map((file) => `widgets/${file}`),
  ...(existsSync(join(embedDist, 'chunks')) ? readdirSync(join(embedDist, 'chunks')) : [])
    .filter((file) => file.endsWith('.js'))
    .map((file) => `chunks/${file}`),
];
for (const file of built) {
  // A chunk's budget is named without its content hash: chunks/join-code-figure for chunks/join-code-figure.Ab12_x-Y.js.
  const name = file.startsWith('chunks/') ? file.replace(/\.[A-Za-z0-9_-]+\.js$/, '') : file;
  rows.push([name, gzip(readFileSync(join(embedDist, file))), targets[name], budgets[name] ?? 'none', file.startsWith('chunks/')]);
}

const floor = gzip(floors.both);
let missed = 0;
let overBudget = 0;
console.log('\nScript-tag bundles, gzip -9 (rollup + minified templates + terser), floors built the same way in this run\n');
console.log(
  `${'bundle'.padEnd(32)} ${'bytes'.padStart(7)} ${'gzip'.padStart(9)} ${'over floor'.padStart(11)} ${'budget'.padStart(8)} ${'target'.padStart(8)}  verdict`,
);
for (const [name, size, target, budget, onDemand] of rows) {
  const isBundle = budget !== undefined;
  const over = isBundle && !onDemand ? `+${kb(size - floor)}` : '';
  const verdicts = [];
  if (budget === 'none') {
    overBudget += 1;
    verdicts.push('no budget in package.json');
  } else if (typeof budget === 'number' && size > budget * 1024) {
    overBudget += 1;
    verdicts.push(`over budget by ${kb(size - budget * 1024)}`);
  }
  if (target != null) {
    const meets = size <= target * 1024;
    if (!meets) missed += 1;
    verdicts.push(meets ? 'meets target' : `over target by ${kb(size - target * 1024)}`);
  }
  if (onDemand) verdicts.push('loaded on demand');
  const budgetText = typeof budget === 'number' ? `${budget} KB` : '';
  console.log(
    `${(onDemand ? `${name}.*.js` : name).padEnd(32)} ${String(size).padStart(7)} ${kb(size).padStart(9)} ${over.padStart(11)} ${budgetText.padStart(8)} ${(target == null ? '' : `${target} KB`).padStart(8)}  ${verdicts.join('; ')}`,
  );
}
console.log('');
if (overBudget) console.error(`${overBudget} bundle(s) past their budget: make them smaller, or raise "sizeBudgets" in packages/embed/package.json on purpose.`);
process.exit(overBudget || (missed && process.argv.includes('--check')) ? 1 : 0);
