#!/usr/bin/env node
// `npm run bench`: runs every `bench:<area>` script in package.json, one after another.
// Each benchmark prints its own figures next to a baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const only = process.argv.slice(2);
const names = Object.keys(pkg.scripts)
  .filter((name) => name.startsWith('bench:'))
  .filter((name) => only.length === 0 || only.includes(name.slice('bench:'.length)));

let failures = 0;
for (const name of names) {
  process.stdout.write(`\n===== ${name} =====\n`);
  const run = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  if (run.status !== 0) failures += 1;
}
process.stdout.write(`\n${names.length - failures} benchmarks completed, ${failures} failed\n`);
process.exit(failures === 0 ? 0 : 1);
