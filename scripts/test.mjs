#!/usr/bin/env node
// Runs every vitest project (unit, Postgres, PGlite, e2e) and ends with the
// "N passed, N failed" line CI reads. Extra args go to vitest (e.g. --project core).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reportPath = join(mkdtempSync(join(tmpdir(), 'lc-test-')), 'report.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
  skipped = report.numPendingTests + report.numTodoTests;
} catch (error) {
  process.stderr.write(`could not read the vitest report: ${String(error)}\n`);
  failed = Math.max(failed, 1);
}
// Vitest exits non-zero for errors outside any test (an unhandled rejection, a crashed worker)
// even when every test passed: count that as a failure so the summary line never says otherwise.
if (run.status !== 0 && failed === 0) {
  process.stderr.write('vitest reported errors outside the tests (see "Unhandled Errors" above)\n');
  failed = 1;
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
