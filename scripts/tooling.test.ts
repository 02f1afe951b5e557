import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('tooling', () => {
  it('type-checks every runtime project (tsc -b)', () => {
    const run = spawnSync('npx', ['tsc', '-b'], { cwd: root, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 600_000);

  it('lints the tree with no warnings', () => {
    const run = spawnSync('npx', ['eslint', '.', '--max-warnings', '0'], { cwd: root, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 600_000);

  it('refuses imports that cross a boundary', () => {
    const dir = mkdtempSync(join(root, 'src/core/.boundary-probe-'));
    try {
      const file = join(dir, 'probe.ts');
      writeFileSync(file, "import { app } from 'electron';\nexport const probe = app;\n");
      const rendererFile = join(root, 'src/renderer/src/.boundary-probe.ts');
      writeFileSync(rendererFile, "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n");
      try {
        const run = spawnSync('npx', ['eslint', '--no-ignore', file, rendererFile, '--format', 'json'], { cwd: root, encoding: 'utf8' });
        const results = JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[];
        expect(results.map((r) => r.messages.some((m) => m.ruleId === 'no-restricted-imports'))).toEqual([true, true]);
      } finally {
        rmSync(rendererFile, { force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('keeps the README test command the one CI runs', () => {
    const ci = execFileSync('cat', [join(root, '.ci/run')], { encoding: 'utf8' });
    expect(ci).toMatch(/npm test/);
  });
});
