// Sums every suite's JUnit report (vitest, web-test-runner; packages/, apps/, examples/ and the root reports/) plus
// the checks CI ran, into one closing line.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const checksFile = process.argv[2];

/** Counts test cases of one JUnit file by outcome. */
function countJunit(xml) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  for (const c of cases) {
    const selfClosed = /^<testcase\b[^>]*\/>$/.test(c);
    if (!selfClosed && /<(failure|error)\b/.test(c)) counts.failed++;
    else if (!selfClosed && /<skipped\b/.test(c)) counts.skipped++;
    else counts.passed++;
  }
  return counts;
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (const group of ['packages', 'apps', 'examples']) {
  for (const name of existsSync(join(root, group)) ? readdirSync(join(root, group)) : []) {
    const file = join(root, group, name, 'reports/junit.xml');
    if (!existsSync(file)) continue;
    const c = countJunit(readFileSync(file, 'utf8'));
    console.log(`${group}/${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
    for (const k of Object.keys(total)) total[k] += c[k];
  }
}
// Suites run from the root (the stories in Chromium).
const rootReports = join(root, 'reports');
for (const name of existsSync(rootReports) ? readdirSync(rootReports).filter((f) => f.endsWith('.xml')) : []) {
  const c = countJunit(readFileSync(join(rootReports, name), 'utf8'));
  console.log(`${name.replace(/\.junit\.xml$|\.xml$/, '')}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  for (const k of Object.keys(total)) total[k] += c[k];
}
// Checks without a test runner (install, start, storybook build): one line each, "pass NAME" or "fail NAME".
if (checksFile && existsSync(checksFile)) {
  for (const line of readFileSync(checksFile, 'utf8').split('\n').filter(Boolean)) {
    const [verdict, ...name] = line.split(' ');
    console.log(`check ${name.join(' ')}: ${verdict}`);
    if (verdict === 'pass') total.passed++;
    else total.failed++;
  }
}
if (total.skipped > 0) console.log(`${total.skipped} skipped`);
// The closing line CI reads, alone on its line.
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 ? 1 : 0);
