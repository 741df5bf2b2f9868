// `npm test`: typecheck, lint, unit + integration tests, build, the package layout check, end-to-end tests
// against the built app in Debian Chromium, then the short reliability run. Every step runs (one failure does
// not hide the others); the last line is the combined count the CI summary reads: `N passed, N failed[, N
// skipped]`. Checks (typecheck, lint, build, package layout, reliability) count as one test each.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => join('node_modules', '.bin', name);
const reports = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  return { ok: result.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function check(name, command, args) {
  process.stdout.write(`\n── ${name} ──\n`);
  const { ok, seconds } = run(command, args);
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds}s)`);
  return ok;
}

function vitest(name, projects) {
  process.stdout.write(`\n── ${name} ──\n`);
  const output = join(reports, `${name.replace(/\W+/g, '-')}.json`);
  const args = ['run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${output}`];
  const { ok, seconds } = run(bin('vitest'), args);
  let report = null;
  try {
    report = JSON.parse(readFileSync(output, 'utf8'));
  } catch {
    // No report: vitest itself failed to start.
  }
  if (!report) {
    totals.failed += 1;
    lines.push(`FAIL ${name}: vitest produced no report (${seconds}s)`);
    return false;
  }
  const passed = report.numPassedTests;
  // A file that fails outside any test (an import error, a failing hook) counts once; files whose failures are
  // tests are already counted by their tests.
  const brokenFiles = (report.testResults ?? []).filter((file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed')).length;
  const failed = report.numFailedTests + brokenFiles + (ok || report.numFailedTests > 0 || brokenFiles > 0 ? 0 : 1);
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${failed === 0 ? 'ok  ' : 'FAIL'} ${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${seconds}s)`);
  return failed === 0;
}

check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('lint', 'npm', ['run', '--silent', 'lint']);
vitest('unit and integration', ['main', 'renderer']);
const built = check('build', 'npm', ['run', '--silent', 'build']);
if (built) {
  // The installer's layout, offline: electron-builder's Linux targets on the built app (scripts/check-package.mjs).
  check('package layout', 'npm', ['run', '--silent', 'check:package']);
  vitest('e2e (built app, Chromium)', ['e2e']);
  // The built node as a process under SIGKILLs, an outage, hostile input and a damaged file (the short form;
  // `npm run test:reliability` is the full one). It counts as one test.
  check('reliability (short)', 'node', ['test/reliability/run.mjs', '--short', '--strict']);
} else {
  totals.failed += 3;
  lines.push('FAIL package layout: not run because the build failed', 'FAIL e2e: not run because the build failed', 'FAIL reliability: not run because the build failed');
}

rmSync(reports, { recursive: true, force: true });
process.stdout.write(`\n── summary ──\n${lines.join('\n')}\n`);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
process.exitCode = totals.failed === 0 ? 0 : 1;
