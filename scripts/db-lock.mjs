#!/usr/bin/env node
// `npm run db:lock`: records the sha256 of every migration in migrations/checksums.json.
// Run it once when adding a migration. The test in scripts/migrations-lock.test.ts fails when a
// locked (merged) migration is edited or removed, or when a new file was not locked.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const lockPath = join(root, 'migrations/checksums.json');
const locked = JSON.parse(readFileSync(lockPath, { encoding: 'utf8', flag: 'a+' }) || '{}');
const next = {};
for (const kind of ['sqlite', 'postgres']) {
  const dir = join(root, 'migrations', kind);
  for (const name of readdirSync(dir).filter((n) => /^\d{4}_[a-z0-9_]+\.sql$/.test(n)).sort()) {
    const key = `${kind}/${name}`;
    const sum = createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');
    if (locked[key] && locked[key] !== sum) {
      process.stderr.write(`refusing: ${key} changed after it was locked; write a new migration instead\n`);
      process.exit(1);
    }
    next[key] = sum;
  }
}
writeFileSync(lockPath, `${JSON.stringify(next, null, 2)}\n`);
process.stdout.write(`locked ${Object.keys(next).length} migrations\n`);
