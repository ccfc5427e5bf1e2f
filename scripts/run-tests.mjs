// `npm test`: every check and every suite, then one closing line summed over all of them:
//   N passed, N failed, N skipped
// Static checks (types, lint) and the build count as one test each; vitest and Playwright
// report their own counts. A run that executed no test shows as "0 passed" and fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, '.cache', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, command, args) {
  console.log(`\n── ${label}: ${path.basename(command)} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: result.status === 0, seconds };
}

function check(label, command, args) {
  const { ok, seconds } = run(label, command, args);
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${label}: ${ok ? 'ok' : 'FAILED'} (${seconds} s)`);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function suite(label, command, args, countsFrom) {
  const { ok, seconds } = run(label, command, args);
  const counts = countsFrom();
  if (!counts) {
    totals.failed += 1;
    lines.push(`${label}: no report (exit ${ok ? 0 : 'non-zero'}), counted as 1 failed (${seconds} s)`);
    return;
  }
  // A runner that failed without naming a failed test (a crash, a broken config) still fails.
  if (!ok && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  lines.push(`${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds} s)`);
}

for (const project of ['tsconfig.json', 'renderer/tsconfig.json', 'e2e/tsconfig.json']) {
  check(`typecheck ${project}`, bin('tsc'), ['-p', project, '--noEmit']);
}
check('lint', bin('eslint'), ['.', '--max-warnings', '0']);

const vitestReport = path.join(resultsDir, 'vitest.json');
suite('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`], () => {
  const report = readJson(vitestReport);
  return report && { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
});

if (check('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')])) {
  const playwrightReport = path.join(resultsDir, 'playwright.json');
  suite('playwright', bin('playwright'), ['test'], () => {
    const report = readJson(playwrightReport);
    return report && { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped };
  });
} else {
  lines.push('playwright: not run, the build failed');
}

console.log(`\n${lines.join('\n')}`);
const ranNothing = totals.passed + totals.failed === 0;
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || ranNothing ? 1 : 0);
