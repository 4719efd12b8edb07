// A release rehearsal that never touches this working tree: clones the repository into a scratch folder, applies
// the pending changesets there (`changeset version`, offline), updates the lockfile, builds, packs every publishable
// package and runs the package checks on the tarballs; prints the new versions, the CHANGELOG entries and what
// `changeset publish` would publish. Usage:
//   npm run release:dry [-- --working-tree] [-- --keep]
// --working-tree also carries over uncommitted changes (default: the last commit, as a release from main would);
// --keep leaves the scratch folder for a look around.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const workingTree = process.argv.includes('--working-tree');
const keep = process.argv.includes('--keep');
const scratch = mkdtempSync(join(tmpdir(), 'tori-release-'));
const repo = join(scratch, 'repo');
const env = {
  ...process.env,
  CI: 'true',
  TURBO_TELEMETRY_DISABLED: '1',
  STORYBOOK_DISABLE_TELEMETRY: '1',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_update_notifier: 'false',
};
const started = Date.now();
const step = (title) => console.log(`\n== ${title} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { cwd: repo, env, encoding: 'utf8', stdio: options.capture ? 'pipe' : 'inherit', ...options });
  if (result.status !== 0) {
    if (options.capture) console.error(result.stdout, result.stderr);
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  }
  return result.stdout;
};
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

let failed = false;
try {
  step(`cloning ${workingTree ? 'the working tree' : `the last commit (${git('rev-parse', '--short', 'HEAD').trim()})`} into a scratch folder`);
  // --shared borrows the object store read-only; the scratch clone writes only its own files.
  execFileSync('git', ['clone', '--quiet', '--shared', root, repo]);
  if (workingTree) {
    for (const file of git('ls-files', '-z', '--modified', '--others', '--exclude-standard').split('\0').filter(Boolean)) {
      if (!existsSync(join(root, file))) continue;
      mkdirSync(dirname(join(repo, file)), { recursive: true });
      cpSync(join(root, file), join(repo, file));
    }
    for (const file of git('ls-files', '-z', '--deleted').split('\0').filter(Boolean)) rmSync(join(repo, file), { force: true });
    // Committed in the clone only, so "what changed" below shows just what the release changes.
    run('git', ['add', '-A'], { capture: true });
    run('git', ['-c', 'user.name=release-dry', '-c', 'user.email=release-dry@localhost', 'commit', '-q', '--no-verify', '--allow-empty', '-m', 'uncommitted changes'], { capture: true });
  }
  linkNodeModules();

  const packages = workspacePackages();
  const before = Object.fromEntries(packages.map((pkg) => [pkg.json.name, pkg.json.version]));
  const pending = readdirSync(join(repo, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
  console.log(`${pending.length} pending changeset(s): ${pending.join(', ') || 'none'}`);

  step('changeset version (offline)');
  run(join(repo, 'node_modules/.bin/changeset'), ['version']);

  step('npm install --package-lock-only (the lockfile follows the new versions, as `npm run version-packages` does)');
  run('npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { capture: true });
  run('node', ['scripts/lockfile-platforms.mjs'], { capture: true });

  step('what changed');
  console.log(run('git', ['status', '--short'], { capture: true }));
  const after = workspacePackages();
  for (const pkg of after) {
    const was = before[pkg.json.name];
    const note = pkg.json.private ? ' (private: not published)' : '';
    console.log(`${pkg.json.name.padEnd(28)} ${was} -> ${pkg.json.version}${was === pkg.json.version ? ' (unchanged)' : ''}${note}`);
  }
  const versions = new Set(after.filter((pkg) => !pkg.json.private).map((pkg) => pkg.json.version));
  if (versions.size > 1) throw new Error(`the fixed group should give every published package one version, got ${[...versions].join(', ')}`);
  for (const pkg of after.filter((p) => p.json.private && before[p.json.name] !== p.json.version)) {
    throw new Error(`${pkg.json.name} is private and must not be versioned`);
  }

  step('CHANGELOG entries');
  for (const pkg of after.filter((p) => !p.json.private)) {
    const file = join(pkg.dir, 'CHANGELOG.md');
    if (!existsSync(file)) throw new Error(`${pkg.json.name}: no CHANGELOG.md was written`);
    // The newest entry: from the first "## " heading to the next one.
    const text = readFileSync(file, 'utf8');
    const entry = text.slice(text.indexOf('\n## ')).split(/\n(?=## )/)[1] ?? text;
    console.log(`--- ${relative(repo, file)}\n${entry.trim()}\n`);
  }

  step('build (turbo, every published package)');
  run(join(repo, 'node_modules/.bin/turbo'), ['run', 'build', '--filter=./packages/*', '--output-logs=errors-only', '--force']);

  step('pack and check every published package');
  const tarballs = join(scratch, 'tarballs');
  const check = spawnSync(
    'node',
    ['scripts/check-packages.mjs', '--root', repo, '--junit', join(scratch, 'packages.junit.xml'), '--keep', tarballs],
    { cwd: repo, env, stdio: 'inherit' },
  );
  if (check.status !== 0) failed = true;

  step('what `changeset publish` would publish');
  for (const file of readdirSync(tarballs).sort()) {
    console.log(`  ${file.padEnd(36)} ${(statSync(join(tarballs, file)).size / 1024).toFixed(1).padStart(7)} KB`);
  }
  console.log(`\nnpm publish --access ${readJson(join(repo, '.changeset/config.json')).access ?? 'restricted'}, one tag per package (${[...versions][0]}).`);
} catch (error) {
  failed = true;
  console.error(`\nrelease dry run failed: ${error.message}`);
} finally {
  if (keep) console.log(`\nscratch folder kept: ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
console.log(`\nrelease dry run ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s; this working tree was not touched.`);
process.exit(failed ? 1 : 0);

/**
 * node_modules of the scratch clone without copying it: a folder of links into this tree's node_modules, except
 * the workspace links (relative, so they point at the clone's own packages). Caches (dot folders) stay apart.
 */
function linkNodeModules() {
  const from = join(root, 'node_modules');
  const to = join(repo, 'node_modules');
  mkdirSync(to);
  const mirror = (source, target) => {
    for (const name of readdirSync(source)) {
      if (name.startsWith('.') && name !== '.bin') continue;
      const path = join(source, name);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink() && !readlinkSync(path).startsWith('/') && readlinkSync(path).includes('..')) {
        symlinkSync(readlinkSync(path), join(target, name)); // a workspace: ../../packages/x, now the clone's
      } else if (name.startsWith('@') && stat.isDirectory()) {
        mkdirSync(join(target, name));
        mirror(path, join(target, name));
      } else {
        symlinkSync(path, join(target, name));
      }
    }
  };
  mirror(from, to);
}

function workspacePackages() {
  const patterns = readJson(join(repo, 'package.json')).workspaces;
  const found = [];
  for (const pattern of patterns) {
    const base = join(repo, pattern.replace(/\/\*$/, ''));
    for (const name of existsSync(base) ? readdirSync(base) : []) {
      const file = join(base, name, 'package.json');
      if (existsSync(file)) found.push({ dir: join(base, name), json: readJson(file) });
    }
  }
  return found.sort((a, b) => a.json.name.localeCompare(b.json.name));
}
