// Prints each script-tag bundle's gzip size beside the floor (Lit + socket.io-client bundled alone, same tools, same run).
import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const root = fileURLToPath(new URL('..', import.meta.url));
const embedDist = join(root, 'packages/embed/dist');
const gzip = (code) => gzipSync(code, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Bundles a small entry the way the embed bundles are built and returns its minified code. */
async function bundle(source) {
  const dir = mkdtempSync(join(root, 'node_modules/.tori-bench-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, source);
    const build = await rollup({ input: entry, plugins: [nodeResolve({ browser: true, rootDir: root })], logLevel: 'silent' });
    const { output } = await build.generate({ format: 'es', plugins: [terser({ ecma: 2020, module: true, format: { comments: false } })] });
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

const budgets = JSON.parse(readFileSync(join(root, 'packages/embed/package.json'), 'utf8')).sizeBudgets ?? {};
const rows = [
  ['floor: Lit + one tiny element', gzip(floors.lit), null],
  ['floor: socket.io-client', gzip(floors.socket), null],
  ['floor: Lit + socket.io-client', gzip(floors.both), null],
];
let failed = false;
for (const file of Object.keys(budgets)) {
  const path = join(embedDist, file);
  if (!existsSync(path)) {
    console.error(`missing ${file}: build @tori/embed first`);
    process.exit(1);
  }
  rows.push([file, gzip(readFileSync(path)), budgets[file]]);
}

const floor = gzip(floors.both);
console.log('\nScript-tag bundles, gzip -9 (rollup + terser)\n');
console.log(`${'bundle'.padEnd(32)} ${'gzip'.padStart(9)} ${'over floor'.padStart(11)} ${'budget'.padStart(9)}  verdict`);
for (const [name, size, budget] of rows) {
  const over = budget == null ? '' : `+${kb(size - floor)}`;
  const verdict = budget == null ? '' : size <= budget * 1024 ? 'within budget' : 'OVER BUDGET';
  if (budget != null && size > budget * 1024) failed = true;
  console.log(`${name.padEnd(32)} ${kb(size).padStart(9)} ${over.padStart(11)} ${(budget == null ? '' : `${budget} KB`).padStart(9)}  ${verdict}`);
}
console.log('');
process.exit(failed ? 1 : 0);
