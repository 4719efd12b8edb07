// Prints each script-tag bundle's gzip size beside the floor (Lit + socket.io-client bundled alone, same tools, same run).
import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
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

// Targets are the product's goals (null: measured, no target yet); `--check` turns a miss into a failing exit code (for a CI gate).
const targets = JSON.parse(readFileSync(join(embed, 'package.json'), 'utf8')).sizeTargets ?? {};
const rows = [
  ['floor: Lit + one tiny element', gzip(floors.lit)],
  ['floor: socket.io-client', gzip(floors.socket)],
  ['floor: Lit + socket.io-client', gzip(floors.both)],
];
for (const file of Object.keys(targets)) {
  const path = join(embedDist, file);
  if (!existsSync(path)) {
    console.error(`missing ${file}: build @tori/embed first`);
    process.exit(1);
  }
  rows.push([file, gzip(readFileSync(path)), targets[file], true]);
}

const floor = gzip(floors.both);
let missed = 0;
console.log('\nScript-tag bundles, gzip -9 (rollup + minified templates + terser), floors built the same way in this run\n');
console.log(`${'bundle'.padEnd(32)} ${'bytes'.padStart(7)} ${'gzip'.padStart(9)} ${'over floor'.padStart(11)} ${'target'.padStart(8)}  verdict`);
for (const [name, size, target, isBundle] of rows) {
  const over = isBundle ? `+${kb(size - floor)}` : '';
  const meets = target == null || size <= target * 1024;
  if (!meets) missed += 1;
  const verdict = target == null ? '' : meets ? 'meets target' : `over target by ${kb(size - target * 1024)}`;
  console.log(
    `${name.padEnd(32)} ${String(size).padStart(7)} ${kb(size).padStart(9)} ${over.padStart(11)} ${(target == null ? '' : `${target} KB`).padStart(8)}  ${verdict}`,
  );
}
console.log('');
process.exit(missed && process.argv.includes('--check') ? 1 : 0);
