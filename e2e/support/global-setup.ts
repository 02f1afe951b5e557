import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');
const builtIndex = join(repo, 'out/renderer/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds out/renderer when it is missing or older than the renderer sources, so a fresh clone's `npm test` works. */
export default function setup(): void {
  const sources = Math.max(newestMtime(join(repo, 'src/renderer')), newestMtime(join(repo, 'src/shared')));
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= sources) return;
  const result = spawnSync('npx', ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], {
    cwd: repo,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('The renderer build for the e2e tests failed');
}
