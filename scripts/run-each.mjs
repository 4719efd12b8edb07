// Runs each npm script named on the command line, one after another, every one even when an earlier one failed,
// so each writes its report for the CI summary; exits non-zero when any failed.
import { spawnSync } from 'node:child_process';

const failed = [];
for (const script of process.argv.slice(2)) {
  console.log(`\n== npm run ${script}`);
  const { status } = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' });
  if (status !== 0) failed.push(script);
}
if (failed.length) console.error(`\nfailed: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);
