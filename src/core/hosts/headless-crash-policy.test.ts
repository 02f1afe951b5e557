import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AppError } from '../../shared/errors';
import type { AppErrorOccurred } from '../../shared/ipc/contracts/log';
import { installCrashPolicy, type GuardedProcess } from './headless-crash-policy';

const repo = resolve(import.meta.dirname, '../../..');

/** The crashable host script shared with the e2e spec (stdin "throw" / "reject" fails background work). */
const HOST_SCRIPT = join(repo, 'e2e/support/crashable-host.ts');

describe('headless crash policy', () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child?.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    child = undefined;
    dataDir = undefined;
  });

  it('keeps serving after an uncaught exception and an unhandled rejection, pushing app.errorOccurred', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lc-crash-'));
    const proc = spawn(process.execPath, ['--import', 'tsx', HOST_SCRIPT], {
      cwd: repo,
      env: { ...process.env, LIVECONVO_DATA_DIR: dataDir, LIVECONVO_LOG_LEVEL: 'error', VITEST: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child = proc;
    let stderr = '';
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((done, fail) => {
      let out = '';
      proc.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match?.[1]) done(match[1]);
      });
      proc.once('exit', (code) => fail(new Error(`host exited ${String(code)}: ${stderr}`)));
    });
    const socket = new WebSocket(`${url.replace('http', 'ws')}ws`, { origin: url.replace(/\/$/, '') });
    await new Promise((done, fail) => socket.once('open', done).once('error', fail));
    const events: AppErrorOccurred[] = [];
    const replies = new Map<number, unknown>();
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { event?: string; payload?: AppErrorOccurred; id?: number; result?: unknown };
      if (message.event === 'app.errorOccurred' && message.payload) events.push(message.payload);
      if (typeof message.id === 'number') replies.set(message.id, message.result);
    });
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 400 && !check(); i += 1) await new Promise((done) => setTimeout(done, 25));
      expect(check()).toBe(true);
    };

    proc.stdin.write('throw\n');
    await until(() => events.length === 1);
    proc.stdin.write('reject\n');
    await until(() => events.length === 2);
    expect(events.map((e) => e.code)).toEqual(['internal', 'internal']);
    expect(events[0]?.message).toContain('TypeError');
    expect(events[1]?.message).toContain('RangeError');
    // Still serving requests, and the process is alive.
    socket.send(JSON.stringify({ id: 1, channel: 'sessions.create', input: { title: 'After the crash' } }));
    await until(() => replies.has(1));
    expect(replies.get(1)).toMatchObject({ ok: true, value: { title: 'After the crash' } });
    expect(proc.exitCode).toBeNull();
    // Logged with name and location, never the message.
    await until(() => stderr.includes('unhandled rejection'));
    expect(stderr).toContain('uncaught exception in background work');
    expect(stderr).toContain('"error":"TypeError"');
    expect(stderr).not.toContain('Jane Doe');
    expect(stderr).not.toContain('Acme');
    socket.close();
  });

  it('folds a burst of the same failure into one event and keeps AppError messages', () => {
    const listeners = new Map<string, (reason: unknown) => void>();
    const fakeProcess: GuardedProcess = {
      on: (event, listener) => listeners.set(event, listener),
      off: (event) => listeners.delete(event),
    };
    const pushed: AppErrorOccurred[] = [];
    let now = 0;
    const remove = installCrashPolicy({ process: fakeProcess, push: (p) => pushed.push(p), now: () => now });
    for (let i = 0; i < 5; i += 1) listeners.get('uncaughtException')?.(new TypeError('x'));
    expect(pushed).toHaveLength(1);
    now += 1_000;
    listeners.get('uncaughtException')?.(new TypeError('x'));
    expect(pushed.at(-1)).toMatchObject({ code: 'internal', repeated: 4 });
    listeners.get('unhandledRejection')?.(new AppError('model.download_failed', 'The model server answered HTTP 500'));
    expect(pushed.at(-1)).toMatchObject({ code: 'model.download_failed', message: 'Something went wrong in the background: The model server answered HTTP 500' });
    remove();
    expect(listeners.size).toBe(0);
  });
});
