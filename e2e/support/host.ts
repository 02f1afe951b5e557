import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');

/** A `liveconvo serve` process on a free port with its own fresh data directory. */
export interface ServedApp {
  url: string;
  dataDir: string;
  /** The last 64 KB the host wrote to stderr (its JSON log lines). */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the real CLI (`liveconvo serve --port 0`) with LIVECONVO_DATA_DIR set to a new temp dir. */
export async function startServedApp(env: Record<string, string> = {}): Promise<ServedApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lc-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(repo, 'bin/liveconvo.mjs'), 'serve', '--port', '0'], {
    cwd: repo,
    env: { ...process.env, LIVECONVO_DATA_DIR: dataDir, LIVECONVO_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-65_536);
  });
  const url = await new Promise<string>((done, fail) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) done(match[1]);
    });
    child.once('exit', (code) => fail(new Error(`liveconvo serve exited with ${String(code)} before listening:\n${stderr}`)));
  });
  return {
    url,
    dataDir,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
