// Lists every platform build of rollup and turbo in package-lock.json, also those the registry did not serve,
// so that `npm ci` accepts the lockfile. See docs/decisions/0001-lockfile-platform-builds.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const lockPath = fileURLToPath(new URL('../package-lock.json', import.meta.url));
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const PLATFORM_PACKAGE = /^@rollup\/rollup-|^@turbo\//;
const OSES = { android: 'android', darwin: 'darwin', freebsd: 'freebsd', linux: 'linux', openbsd: 'openbsd', openharmony: 'openharmony', win32: 'win32', windows: 'win32' };
const CPUS = ['arm64', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x'];

/** os, cpu and libc from a name like @rollup/rollup-linux-arm-musleabihf or @turbo/darwin-64. */
function platformOf(name) {
  const words = name.split('/')[1].split('-');
  const os = OSES[words.find((word) => word in OSES)];
  let cpu = words.find((word) => CPUS.includes(word)) ?? (words.includes('64') ? 'x64' : undefined);
  if (words.some((word) => word.includes('eabi'))) cpu = 'arm';
  if (!os || !cpu) throw new Error(`cannot tell the platform of ${name}`);
  const libc = os === 'linux' ? [words.some((word) => word.startsWith('musl')) ? 'musl' : 'glibc'] : undefined;
  return { os: [os], cpu: [cpu], ...(libc && { libc }) };
}

const added = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (!PLATFORM_PACKAGE.test(name)) continue;
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    lock.packages[`node_modules/${name}`] = { version, dev: true, license: 'MIT', optional: true, ...platformOf(name) };
    added.push(`${name}@${version}`);
  }
}
if (added.length) writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.length} platform builds:\n  ${added.join('\n  ')}` : 'package-lock.json lists every platform build');
