import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const locked = JSON.parse(readFileSync(join(root, 'migrations/checksums.json'), 'utf8')) as Record<string, string>;

function onDisk(): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const kind of ['sqlite', 'postgres']) {
    const dir = join(root, 'migrations', kind);
    for (const name of readdirSync(dir).filter((n) => /^\d{4}_[a-z0-9_]+\.sql$/.test(n))) {
      sums[`${kind}/${name}`] = createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');
    }
  }
  return sums;
}

describe('merged migrations', () => {
  const disk = onDisk();

  it('are never edited or removed', () => {
    const changed = Object.entries(locked).filter(([key, sum]) => disk[key] !== sum).map(([key]) => key);
    expect(changed, 'write a new migration instead of editing a merged one').toEqual([]);
  });

  it('are all locked (run `npm run db:lock` after adding one)', () => {
    expect(Object.keys(disk).filter((key) => !(key in locked))).toEqual([]);
  });

  it('have unique numbers per database', () => {
    for (const kind of ['sqlite', 'postgres']) {
      const numbers = Object.keys(disk).filter((k) => k.startsWith(`${kind}/`)).map((k) => k.slice(kind.length + 1, kind.length + 5));
      expect(new Set(numbers).size, kind).toBe(numbers.length);
    }
  });
});
