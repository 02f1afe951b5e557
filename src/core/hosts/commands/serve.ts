import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors';
import { createCore } from '../../create-core';
import { startHeadlessHost } from '../headless';
import { installCrashPolicy } from '../headless-crash-policy';
import { createFileSecretStore } from '../web/file-secret-store';
import { resolveDataDir, type CliCommand } from './command';

const HELP = `Usage: liveconvo serve [--port N] [--host ADDRESS] [--data-dir DIR] [--renderer-dir DIR]

Web mode: serves the LiveConvo UI and its IPC contract on http://127.0.0.1:PORT/.
  --port N          TCP port (default 4870; 0 picks a free port)
  --host ADDRESS    interface to bind (default 127.0.0.1)
  --data-dir DIR    data directory (default $LIVECONVO_DATA_DIR or ~/.liveconvo)
  --renderer-dir D  built renderer (default out/renderer; build it with npm run build:web)
Prints "listening on URL" once ready; stops on SIGINT/SIGTERM.`;

/** Parses and validates a TCP port argument. */
export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new AppError('validation.invalid_input', `--port must be 0..65535, got "${value}"`);
  return port;
}

/** `liveconvo serve`: the headless host in web mode. */
export const command: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'renderer-dir': { type: 'string' },
      },
      strict: true,
    });
    const port = parsePort(values.port, 4870);
    const dataDir = resolve(values['data-dir'] ?? resolveDataDir());
    const core = createCore({ databasePath: join(dataDir, 'liveconvo.db'), dataDir, host: 'headless', secrets: createFileSecretStore(dataDir) });
    const host = await startHeadlessHost({
      core,
      port,
      ...(values.host === undefined ? {} : { bindAddress: values.host }),
      ...(values['renderer-dir'] === undefined ? {} : { rendererDir: resolve(values['renderer-dir']) }),
    });
    // Background failures are logged and shown as a toast; they never take the server down.
    const removeCrashPolicy = installCrashPolicy({ process, push: (payload) => host.broadcast('app.errorOccurred', payload) });
    process.stdout.write(`LiveConvo web mode listening on ${host.url}\n`);
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    await core.close();
    removeCrashPolicy();
    return 0;
  },
};
