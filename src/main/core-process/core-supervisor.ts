import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import coreEntry from '../../core/hosts/utility-process?modulePath';
import { CORE_ENV, type MessageLink } from '../../core/hosts/utility-protocol';
import { createLogger } from '../../core/log/logger';
import type { SecretStore } from '../../core/ports';
import { AppError } from '../../shared/errors';
import { AUDIO_PORT_CHANNEL } from '../../shared/ipc/bridge';
import { IPC_CHANNELS } from '../../shared/ipc/channels';
import type { IpcHandlers, PushEvent } from '../../shared/ipc/contract';
import { createCoreClient, type CoreClient } from './core-client';

const log = createLogger('core-supervisor');
const SHUTDOWN_GRACE_MS = 5_000;

/** Options of the core process supervisor. */
export interface CoreSupervisorOptions {
  dataDir: string;
  migrationsDir: string;
  version: string;
  secrets: SecretStore;
  /** Called when the process exits without being asked to (the crash policy decides what next). */
  onUnexpectedExit(reason: string): void;
}

/** The core's utility process, restartable, behind a stable IpcHandlers proxy. */
export interface CoreSupervisor {
  readonly api: IpcHandlers;
  onEvent(listener: (event: PushEvent, payload: unknown) => void): () => void;
  start(): Promise<void>;
  /** Gives a renderer a direct MessagePort to the core for audio frames. */
  connectAudio(webContents: WebContents): void;
  stop(): Promise<void>;
}

/** Forks src/core/hosts/utility-process.ts (bundled by electron-vite) and keeps a client to it. */
export function createCoreSupervisor(options: CoreSupervisorOptions): CoreSupervisor {
  let child: UtilityProcess | null = null;
  let client: CoreClient | null = null;
  let isStopping = false;
  const listeners = new Set<(event: PushEvent, payload: unknown) => void>();

  const api = Object.fromEntries(
    IPC_CHANNELS.map((channel) => [
      channel,
      (input: unknown) =>
        client
          ? (client.api[channel] as (value: unknown) => Promise<unknown>)(input)
          : Promise.reject(new AppError('core.unavailable', 'The core process is not running')),
    ]),
  ) as unknown as IpcHandlers;

  function linkTo(proc: UtilityProcess): MessageLink {
    return {
      post: (message) => proc.postMessage(message),
      listen: (listener) => {
        const handle = (data: unknown): void => listener(data, []);
        proc.on('message', handle);
        return () => proc.off('message', handle);
      },
    };
  }

  return {
    api,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      isStopping = false;
      const proc = utilityProcess.fork(coreEntry, [], {
        serviceName: 'LiveConvo Core',
        stdio: 'inherit',
        env: {
          ...process.env,
          [CORE_ENV.dataDir]: options.dataDir,
          [CORE_ENV.migrationsDir]: options.migrationsDir,
          [CORE_ENV.version]: options.version,
        },
      });
      const next = createCoreClient(linkTo(proc), { secrets: options.secrets });
      next.onEvent((event, payload) => {
        for (const listener of listeners) listener(event, payload);
      });
      proc.once('exit', (code) => {
        next.fail(`The core process exited (code ${code})`);
        next.dispose();
        if (child === proc) {
          child = null;
          client = null;
        }
        if (!isStopping) {
          log.error('core process exited unexpectedly', { code });
          options.onUnexpectedExit(code === 0 ? 'clean-exit' : 'crashed');
        }
      });
      child = proc;
      client = next;
      await next.ready;
      log.info('core process ready', { pid: proc.pid ?? null });
    },
    connectAudio(webContents) {
      if (!child || webContents.isDestroyed()) return;
      const { port1, port2 } = new MessageChannelMain();
      child.postMessage({ type: 'audio-port' }, [port1]);
      webContents.postMessage(AUDIO_PORT_CHANNEL, null, [port2]);
    },
    async stop() {
      isStopping = true;
      const proc = child;
      if (!proc) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.postMessage({ type: 'shutdown' });
      const timer = setTimeout(() => proc.kill(), SHUTDOWN_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
