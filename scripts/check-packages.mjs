// Packs every publishable package (each packages/* that is not private) the way `npm publish` would, and checks
// the tarball as an integrator gets it: publint, Are the Types Wrong (ESM-only profile), and what it holds.
// Writes a JUnit report for the CI summary. Usage:
//   node scripts/check-packages.mjs [--root DIR] [--junit FILE] [--keep DIR]
// --root checks another copy of the repository (the release dry run's), --keep leaves the tarballs in DIR.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const here = fileURLToPath(new URL('..', import.meta.url));
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const root = resolve(option('--root') ?? here);
const junitFile = resolve(option('--junit') ?? join(root, 'reports/packages.junit.xml'));
const keep = option('--keep') && resolve(option('--keep'));
const attwBin = join(here, 'node_modules/.bin/attw');

/**
 * Gaps someone has to close outside this script, reported as skipped rather than failed so the rest stays green.
 * An entry whose gap is closed fails the check: delete it then.
 */
const KNOWN_GAPS = {
};

/** Never in a tarball: tests, stories, reports and build leftovers. */
const FORBIDDEN = [
  [/(^|\/)(test|tests|__tests__|__mocks__|e2e|reports|coverage|\.storybook|storybook-static|\.turbo|node_modules)\//, 'test, report or build folder'],
  [/\.(test|spec|e2e|stories)\.[cm]?[jt]sx?(\.map)?$/, 'test or story file'],
  [/\.(test|spec|e2e|stories)\.d\.[cm]?ts(\.map)?$/, 'declarations of a test or story file'],
  [/(^|\/)(mocha|vitest|jest)\.d\.ts$|(^|\/)(vitest|jest|playwright|web-test-runner)\.config\./, 'test runner config'],
  [/\.tsbuildinfo$|(^|\/)\.env(\..*)?$|\.log$|\.db(-wal|-shm)?$/, 'build or local state'],
];

const packagesDir = join(root, 'packages');
const publishable = readdirSync(packagesDir)
  .filter((name) => existsSync(join(packagesDir, name, 'package.json')))
  .map((name) => ({ dir: join(packagesDir, name), folder: name, json: JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')) }))
  .filter(({ json }) => json.private !== true)
  .sort((a, b) => a.json.name.localeCompare(b.json.name));

if (publishable.length === 0) {
  console.error(`no publishable package under ${relative(process.cwd(), packagesDir) || '.'}`);
  process.exit(1);
}

const out = keep ?? mkdtempSync(join(tmpdir(), 'tori-pack-'));
mkdirSync(out, { recursive: true });
const results = [];
try {
  for (const pkg of publishable) {
    const started = Date.now();
    const packed = pack(pkg);
    for (const [check, run] of [
      ['tarball contents', contents],
      ['publint', lint],
      ['attw --profile esm-only', types],
    ]) {
      const t0 = Date.now();
      let outcome;
      try {
        outcome = packed.error ? { problems: [packed.error] } : await run(pkg, packed);
      } catch (error) {
        outcome = { problems: [String(error?.stack ?? error)] };
      }
      const { gaps = [], ...rest } = outcome;
      results.push({ name: `${pkg.json.name}: ${check}`, seconds: (Date.now() - t0 + (check === 'tarball contents' ? t0 - started : 0)) / 1000, ...rest });
      for (const gap of gaps) results.push({ name: `${pkg.json.name}: ${gap.path} (known gap)`, seconds: 0, problems: [], skipped: gap.why });
    }
  }
} finally {
  if (!keep) rmSync(out, { recursive: true, force: true });
}

for (const result of results) {
  const mark = result.problems?.length ? '✗' : result.skipped ? '-' : '✓';
  console.log(`${mark} ${result.name}${result.note ? ` (${result.note})` : ''}`);
  for (const problem of result.problems ?? []) console.log(`    ${problem.replace(/\n/g, '\n    ')}`);
  if (result.skipped) console.log(`    skipped: ${result.skipped}`);
}
writeJunit(results);
const failed = results.filter((result) => result.problems?.length).length;
const skipped = results.filter((result) => !result.problems?.length && result.skipped).length;
console.log(`\nPackages: ${results.length - failed - skipped} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);

/** `npm pack` into the scratch folder: the file list npm reports and the tarball's path. */
function pack({ dir, json }) {
  try {
    const stdout = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' },
    });
    const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
    return { tarball: join(out, info.filename), files: info.files.map((file) => file.path) };
  } catch (error) {
    return { error: `npm pack failed for ${json.name}: ${String(error.stderr ?? error.message).trim()}` };
  }
}

/** A widget package follows the layout `packages/<tag>/src/<tag>.ts`: it ships its custom-elements.json. */
function isWidget({ dir, folder }) {
  return folder.includes('-') && existsSync(join(dir, 'src', `${folder}.ts`));
}

function contents(pkg, { files }) {
  const { json } = pkg;
  const problems = [];
  const gaps = KNOWN_GAPS[json.name] ?? {};
  const known = [];
  const has = (path) => files.includes(path.replace(/^\.\//, ''));
  const need = (path, why) => {
    if (has(path)) {
      if (gaps[path]) problems.push(`${path} is there now: remove its entry from KNOWN_GAPS in scripts/check-packages.mjs`);
    } else if (gaps[path]) known.push({ path, why: `${path} missing: ${gaps[path]}` });
    else problems.push(`${path} missing (${why})`);
  };
  need('package.json', 'every package');
  need('README.md', 'npm shows it as the package page');
  if (!files.some((file) => file.startsWith('dist/'))) problems.push('no dist/ files: was the package built?');
  if (isWidget(pkg)) {
    if (!json.customElements) problems.push('a widget declares its manifest: "customElements": "dist/custom-elements.json" in package.json');
    need(json.customElements ?? 'dist/custom-elements.json', 'a widget ships its custom-elements.json for editors, docs and framework wrappers');
  } else if (json.customElements) need(json.customElements, 'package.json "customElements" points at it');
  for (const bin of typeof json.bin === 'string' ? [json.bin] : Object.values(json.bin ?? {})) need(bin, 'package.json "bin"');
  for (const file of files) {
    const hit = FORBIDDEN.find(([pattern]) => pattern.test(file));
    if (hit) problems.push(`${file} must not be published (${hit[1]})`);
  }
  return { problems, gaps: known, note: `${files.length} files` };
}

async function lint(_pkg, { tarball }) {
  const bytes = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    level: 'suggestion',
    strict: false,
  });
  const say = (message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`;
  const problems = messages.filter((message) => message.type !== 'suggestion').map(say);
  const suggestions = messages.filter((message) => message.type === 'suggestion');
  return { problems, note: suggestions.length ? `${suggestions.length} suggestion(s): ${suggestions.map((m) => m.code).join(', ')}` : undefined };
}

/**
 * Every package is ESM only (`"type": "module"`, only `import` conditions), so require() and node10 resolution
 * are out of scope by design: the esm-only profile ignores exactly those two. Offline: no @types lookups.
 */
function types(pkg, { tarball }) {
  const run = spawnSync(attwBin, [tarball, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    return { problems: [`attw did not answer: ${(run.stderr || run.stdout).trim().slice(0, 2000)}`] };
  }
  const declaresTypes = JSON.stringify(pkg.json).includes('"types"') || Boolean(pkg.json.typings);
  if (report.analysis?.types === false) {
    // @tori/embed: script-tag bundles, imported for their side effect only; nothing to type.
    return declaresTypes
      ? { problems: ['package.json declares types but the tarball has none'] }
      : { problems: [], note: 'no types declared or shipped (side-effect bundles)' };
  }
  const ignored = new Set(['node10', 'node16-cjs']);
  const problems = Object.values(report.problems ?? report.analysis?.problems ?? {})
    .flat()
    .filter((problem) => !ignored.has(problem.resolutionKind))
    .map((problem) => `${problem.kind} at "${problem.entrypoint ?? ''}" (${problem.resolutionKind ?? 'all resolutions'})`);
  if (run.status !== 0 && problems.length === 0) problems.push(`attw exited with ${run.status}: ${run.stderr.trim()}`);
  return { problems, note: `entrypoints ${Object.keys(report.analysis.entrypoints ?? {}).join(' ')}` };
}

function writeJunit(results) {
  const escape = (text) => String(text).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
  const cases = results.map(({ name, problems, skipped, seconds }) => {
    const body = problems?.length
      ? `<failure message="${escape(problems[0])}">${escape(problems.join('\n'))}</failure>`
      : skipped
        ? `<skipped message="${escape(skipped)}"/>`
        : '';
    return `  <testcase classname="packages" name="${escape(name)}" time="${seconds}">${body}</testcase>`;
  });
  const failures = results.filter((result) => result.problems?.length).length;
  mkdirSync(dirname(junitFile), { recursive: true });
  writeFileSync(
    junitFile,
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="packages" tests="${results.length}" failures="${failures}">\n${cases.join('\n')}\n</testsuite>\n`,
  );
}
