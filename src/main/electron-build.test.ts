import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
let outDir: string;

// The real `electron-vite build` (main + utility process + preload + renderer) into a temp dir.
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'lc-electron-build-'));
  await run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir], {
    cwd: root,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', NODE_ENV: 'production' },
    maxBuffer: 16 * 1024 * 1024,
  });
}, 120_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('electron-vite build', () => {
  it('bundles main as ESM that forks the bundled core utility process', async () => {
    const main = await readFile(join(outDir, 'main/index.js'), 'utf8');
    expect(main).toMatch(/^import .* from "electron";$/m);
    expect(main).toContain('utilityProcess.fork(');
    const chunks = await readdir(join(outDir, 'main/chunks'));
    const entry = chunks.find((name) => /^utility-process-[0-9a-f]+\.js$/.test(name));
    expect(entry).toBeDefined();
    expect(main).toContain(`"./chunks/${entry}"`);
    const core = await readFile(join(outDir, 'main/chunks', entry ?? ''), 'utf8');
    expect(core).not.toMatch(/from "electron"/);
    // Native modules stay external: loaded from node_modules (rebuilt for Electron, unpacked from the asar).
    expect(core).toMatch(/^import Database from "better-sqlite3";$/m);
    expect(core).toMatch(/from "sqlite-vec";$/m);
  });

  it('bundles the preload into one CJS file that requires only electron', async () => {
    expect(await readdir(join(outDir, 'preload'))).toEqual(['index.cjs']);
    const preload = await readFile(join(outDir, 'preload/index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).not.toContain('zod');
    const source = await readFile(join(root, 'src/preload/index.ts'), 'utf8');
    expect(source.split('\n').length).toBeLessThanOrEqual(50);
  });

  it('runs the preload as a sandbox would: exposes only invoke, on and sendAudio', async () => {
    const preload = await readFile(join(outDir, 'preload/index.cjs'), 'utf8');
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke: async (...args: unknown[]) => invoked.push(args), on: () => undefined, removeListener: () => undefined },
    };
    const sandboxRequire = (name: string): unknown => {
      if (name === 'electron') return electron;
      throw new Error(`sandboxed preload cannot require ${name}`);
    };
    runInNewContext(preload, { require: sandboxRequire, module: { exports: {} }, exports: {} });
    expect(Object.keys(exposed)).toEqual(['liveconvo']);
    const bridge = exposed['liveconvo'] as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'sendAudio']);
    await bridge['invoke']?.('sessions.list', {});
    expect(await bridge['invoke']?.('fs.read', {})).toMatchObject({ ok: false, error: { code: 'ipc.unknown_channel' } });
    expect(invoked).toEqual([['sessions.list', {}]]);
  });

  it('builds the renderer with relative asset URLs for app://', async () => {
    const html = await readFile(join(outDir, 'renderer/index.html'), 'utf8');
    expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js">/);
  });
});
