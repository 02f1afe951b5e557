#!/usr/bin/env node
// Runs every vitest project (unit, Postgres, PGlite, e2e) and ends with the
// "N passed, N failed" line CI reads. Extra args go to vitest (e.g. --project core).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reportPath = join(mkdtempSync(join(tmpdir(), 'lc-test-')), 'report.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`, ...process.argv.slice(2)];
// Output is passed through as it comes; the failure sections are kept too and repeated just above
// the summary, so a CI log that keeps only its tail still says what failed.
const child = spawn('npx', args, { stdio: ['inherit', 'pipe', 'pipe'] });
child.stdout.setEncoding('utf8');
child.stderr.setEncoding('utf8');
let transcript = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  transcript += chunk;
});
child.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  transcript += chunk;
});
const run = await new Promise((resolve) => child.on('close', (status) => resolve({ status })));

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
const plain = transcript.replace(new RegExp(String.raw`\u001b\[[0-9;]*m`, 'g'), '').split('\n');
const failedLines = plain.filter((line) => /^ ?FAIL /.test(line));
const unhandled = plain.flatMap((line, index) => (/⎯{3,} Unhandled Errors? /.test(line) ? [index] : []));
if (failedLines.length > 0 || unhandled.length > 0) {
  process.stdout.write('\n== what failed (repeated from above)\n');
  for (const line of failedLines) process.stdout.write(`${line}\n`);
  for (const start of unhandled) {
    const close = plain.findIndex((line, index) => index > start && /^⎯+$/.test(line.trim()));
    process.stdout.write(`${plain.slice(start, Math.min(close === -1 ? start + 40 : close + 1, start + 40)).join('\n')}\n`);
  }
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
