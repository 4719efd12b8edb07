// Prints each script-tag bundle's gzip size beside the floor (Lit + socket.io-client bundled alone, same tools, same
// run), and under each bundle the chunks it can load later: each one, and the bundle with every chunk.
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { parseAst } from 'rollup/parseAst';
import { bundlePlugins, treeshake } from '../rollup.config.mjs';

const embed = fileURLToPath(new URL('..', import.meta.url));
const root = join(embed, '../..');
const embedDist = join(embed, 'dist');
const gzip = (code) => gzipSync(code, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Bundles a small entry the way the embed bundles are built (same plugins, same tree shaking) and returns its code. */
async function bundle(source) {
  const dir = mkdtempSync(join(root, 'node_modules/.tori-bench-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, source);
    const build = await rollup({ input: entry, plugins: bundlePlugins(root), treeshake, logLevel: 'silent' });
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

if (!existsSync(join(embedDist, 'tori.js'))) {
  console.error('missing dist/tori.js: build @tori/embed first');
  process.exit(1);
}

/**
 * The files of dist/ a module refers to, read from its syntax tree: the sources of its imports and the relative
 * addresses of .js files it passes to import() (rollup's output holds no other such strings).
 */
function importsOf(file) {
  const found = new Set();
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'Literal' && typeof node.value === 'string' && /^\.\.?\/[^?#]*\.js$/.test(node.value)) {
      found.add(relative(embedDist, join(dirname(join(embedDist, file)), node.value)));
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(parseAst(readFileSync(join(embedDist, file), 'utf8')));
  return found;
}

/** Every chunk a bundle can load, directly or through another chunk. */
function chunksOf(entry) {
  const reached = new Set();
  const queue = [entry];
  while (queue.length > 0) {
    for (const file of importsOf(queue.shift())) {
      if (file === entry || reached.has(file) || !file.startsWith('chunks/')) continue;
      reached.add(file);
      queue.push(file);
    }
  }
  return [...reached].sort();
}

// A chunk's budget is named without its content hash: chunks/join-code-figure for chunks/join-code-figure.Ab12_x-Y.js.
const nameOf = (file) => (file.startsWith('chunks/') ? file.replace(/\.[A-Za-z0-9_-]+\.js$/, '') : file);
// Finnish and Swedish messages come before the first paint of a page in that language, not on demand.
const firstPaintLanguage = (file) => ({ 'chunks/messages-fi': 'Finnish', 'chunks/messages-sv': 'Swedish' })[nameOf(file)];

// Targets are the product's goals (null: measured, no target yet); `--check` turns a missed target into a failing exit.
// Budgets are today's sizes plus a little room: a file past its budget always fails, so growth is a decision.
const manifest = JSON.parse(readFileSync(join(embed, 'package.json'), 'utf8'));
const targets = manifest.sizeTargets ?? {};
const budgets = manifest.sizeBudgets ?? {};
const entries = [
  'tori.js',
  ...readdirSync(join(embedDist, 'widgets'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => `widgets/${file}`),
];
const sizes = new Map();
const sizeOf = (file) => {
  if (!sizes.has(file)) sizes.set(file, gzip(readFileSync(join(embedDist, file))));
  return sizes.get(file);
};

const floor = gzip(floors.both);
let missed = 0;
let overBudget = 0;
const budgeted = new Set();
/** The verdicts of one file against its budget (and its target, for a bundle). */
function judge(name, size, target) {
  const verdicts = [];
  const budget = budgets[name];
  budgeted.add(name);
  if (typeof budget !== 'number') {
    overBudget += 1;
    verdicts.push('no budget in package.json');
  } else if (size > budget * 1024) {
    overBudget += 1;
    verdicts.push(`over budget by ${kb(size - budget * 1024)}`);
  }
  if (target != null) {
    const meets = size <= target * 1024;
    if (!meets) missed += 1;
    verdicts.push(meets ? `meets target (${kb(target * 1024 - size)} under)` : `over target by ${kb(size - target * 1024)}`);
  }
  return verdicts;
}
const line = (label, size, { over = '', budget, target, verdicts = [] } = {}) =>
  console.log(
    `${label.padEnd(40)} ${String(size).padStart(7)} ${kb(size).padStart(9)} ${over.padStart(11)} ${(typeof budget === 'number' ? `${budget} KB` : '').padStart(9)} ${(target == null ? '' : `${target} KB`).padStart(8)}  ${verdicts.join('; ')}`,
  );

console.log(
  '\nScript-tag bundles, gzip -9 (rollup + minified templates + terser); the floors are built with the same plugins and tree shaking in this run.',
);
console.log('Under each bundle: the chunks it loads later from chunks/ (each its own request), and the bundle with all of them.\n');
console.log(
  `${'file'.padEnd(40)} ${'bytes'.padStart(7)} ${'gzip'.padStart(9)} ${'over floor'.padStart(11)} ${'budget'.padStart(9)} ${'target'.padStart(8)}  verdict`,
);
line('floor: Lit + one tiny element', gzip(floors.lit));
line('floor: socket.io-client', gzip(floors.socket));
line('floor: Lit + socket.io-client', floor);

const loaded = new Set();
for (const entry of entries) {
  const size = sizeOf(entry);
  console.log('');
  line(entry, size, {
    over: `+${kb(size - floor)}`,
    budget: budgets[entry],
    target: targets[entry],
    verdicts: judge(entry, size, targets[entry]),
  });
  const chunks = chunksOf(entry);
  for (const chunk of chunks) {
    loaded.add(chunk);
    const name = nameOf(chunk);
    const language = firstPaintLanguage(chunk);
    const verdicts = judge(name, sizeOf(chunk));
    verdicts.push(language ? `before the first paint of a ${language} page` : 'loaded on demand');
    line(`  + ${name}.*.js`, sizeOf(chunk), { budget: budgets[name], verdicts });
  }
  for (const chunk of chunks.filter(firstPaintLanguage)) {
    line(`  = first paint of a ${firstPaintLanguage(chunk)} page`, size + sizeOf(chunk), {
      verdicts: [`${entry} + ${nameOf(chunk)}`],
    });
  }
  if (chunks.length > 0) {
    line('  = with every chunk', chunks.reduce((total, chunk) => total + sizeOf(chunk), size), {
      verdicts: [`${chunks.length + 1} files`],
    });
  }
}

const stale = (existsSync(join(embedDist, 'chunks')) ? readdirSync(join(embedDist, 'chunks')) : [])
  .filter((file) => file.endsWith('.js'))
  .map((file) => `chunks/${file}`)
  .filter((file) => !loaded.has(file));
console.log('');
for (const file of stale) console.error(`${file} is loaded by no bundle: a leftover of an earlier build (build @tori/embed again).`);
for (const name of Object.keys(budgets).filter((name) => !budgeted.has(name))) {
  console.error(`"sizeBudgets" names ${name}, which no bundle is or loads: remove it from packages/embed/package.json.`);
}
if (overBudget) {
  console.error(`${overBudget} file(s) past or without their budget: make them smaller, or set "sizeBudgets" in packages/embed/package.json on purpose.`);
}
const failed = overBudget || stale.length || (missed && process.argv.includes('--check'));
process.exit(failed ? 1 : 0);
