import { execFile, fork } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
let outDir: string;

// The real `electron-vite build` (main + utility process + preload + renderer) into a temp dir
// inside the project, so the bundles' external imports resolve from its node_modules.
beforeAll(async () => {
  await mkdir(join(root, 'node_modules/.cache'), { recursive: true });
  outDir = await mkdtemp(join(root, 'node_modules/.cache/lc-electron-build-'));
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

  it('runs the bundled core utility process: ready, contract calls, fatal without a data dir, clean shutdown', async () => {
    const chunks = await readdir(join(outDir, 'main/chunks'));
    const entry = join(outDir, 'main/chunks', chunks.find((name) => name.startsWith('utility-process-')) ?? 'missing');
    // Electron gives a utility process `process.parentPort`; over Node's IPC channel this shim does the same.
    const shim = join(outDir, 'parent-port-shim.mjs');
    await writeFile(
      shim,
      `import { EventEmitter } from 'node:events';
const emitter = new EventEmitter();
process.on('message', (data) => emitter.emit('message', { data, ports: [] }));
process.parentPort = { postMessage: (m) => process.send(m), on: (e, l) => emitter.on(e, l), off: (e, l) => emitter.off(e, l), start() {} };
`,
    );
    const dataDir = join(outDir, 'data');
    const start = (env: Record<string, string>) =>
      fork(entry, [], {
        execArgv: ['--import', pathToFileURL(shim).href],
        env: { PATH: process.env['PATH'] ?? '', LIVECONVO_LOG_LEVEL: 'silent', ...env },
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });

    const child = start({ LIVECONVO_DATA_DIR: dataDir, LIVECONVO_MIGRATIONS_DIR: join(root, 'migrations/sqlite'), LIVECONVO_VERSION: '9.9.9' });
    const messages: { type: string; id?: number; result?: { ok: boolean; value?: unknown; error?: { code: string } } }[] = [];
    child.on('message', (m) => messages.push(m as (typeof messages)[number]));
    await expect.poll(() => messages.some((m) => m.type === 'ready'), { timeout: 30_000 }).toBe(true);
    child.send({ type: 'request', id: 1, channel: 'app.info', input: {} });
    child.send({ type: 'request', id: 2, channel: 'sessions.create', input: { title: 'From the bundle' } });
    child.send({ type: 'request', id: 3, channel: 'sessions.create', input: { title: 7 } });
    await expect.poll(() => messages.filter((m) => m.type === 'response').length, { timeout: 10_000 }).toBe(3);
    const byId = (id: number) => messages.find((m) => m.type === 'response' && m.id === id)?.result;
    expect(byId(1)).toEqual({ ok: true, value: { version: '9.9.9', host: 'electron', dataDir } });
    expect(byId(2)).toMatchObject({ ok: true, value: { title: 'From the bundle' } });
    expect(byId(3)).toMatchObject({ ok: false, error: { code: 'validation.invalid_input' } });
    expect(messages.some((m) => m.type === 'event')).toBe(true);
    const exited = once(child, 'exit');
    child.send({ type: 'shutdown' });
    expect((await exited)[0]).toBe(0);
    expect(existsSync(join(dataDir, 'liveconvo.db'))).toBe(true);

    const broken = start({});
    const fatal = new Promise((resolveFatal) => broken.on('message', resolveFatal));
    const [code] = await once(broken, 'exit');
    expect(code).toBe(1);
    expect(await fatal).toMatchObject({ type: 'fatal', error: { code: 'internal' } });
  }, 60_000);
});
