import { defineConfig } from 'vitest/config';

/** One vitest project per runtime (STYLE.md §9). Postgres-backed suites live in `server`. */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', include: ['src/shared/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'core', include: ['src/core/**/*.test.ts', 'src/main/**/*.test.ts', 'src/preload/**/*.test.ts', 'migrations/**/*.test.ts', 'scripts/**/*.test.ts'], exclude: ['src/core/sync/**/*.server.test.ts', '**/node_modules/**'], environment: 'node', testTimeout: 60_000 } },
      { test: { name: 'renderer', include: ['src/renderer/**/*.test.{ts,tsx}'], environment: 'jsdom', css: { include: [/styles\.css/] } } },
      { test: { name: 'server', include: ['sync-server/**/*.test.ts', 'src/core/sync/**/*.server.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } },
      { test: { name: 'e2e', include: ['e2e/**/*.spec.ts'], environment: 'node', globalSetup: ['e2e/support/global-setup.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } },
    ],
  },
});
