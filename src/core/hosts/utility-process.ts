// Entry of the core's Electron utilityProcess, forked by main through electron-vite's
// `?modulePath` import. Electron-free: it only uses `process.parentPort`, typed structurally here.
import { join } from 'node:path';
import { serializeError, toError } from '../../shared/errors';
import { createCore, type CoreApi } from '../create-core';
import { createLogger } from '../log/logger';
import { createRemoteSecretStore, serveAudio, serveCore } from './utility-port';
import { CORE_ENV, DATABASE_FILE, messageType, type FromCoreMessage, type MessageLink } from './utility-protocol';

const log = createLogger('utility-process');

/** Electron's MessagePortMain / parentPort, reduced to what is used. */
interface ElectronPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown; ports: readonly ElectronPortLike[] }) => void): unknown;
  off(event: 'message', listener: (event: { data: unknown; ports: readonly ElectronPortLike[] }) => void): unknown;
  start?(): void;
}

/** Adapts an Electron port (MessagePortMain or parentPort) to a MessageLink. */
export function linkFromElectronPort(port: ElectronPortLike): MessageLink {
  return {
    post: (message) => port.postMessage(message),
    listen: (listener) => {
      const handle = (event: { data: unknown; ports: readonly ElectronPortLike[] }): void => listener(event.data, event.ports);
      port.on('message', handle);
      port.start?.();
      return () => port.off('message', handle);
    },
  };
}

function main(): void {
  const parentPort = (process as unknown as { parentPort?: ElectronPortLike }).parentPort;
  if (!parentPort) {
    log.error('utility-process.ts must run inside an Electron utilityProcess');
    process.exit(2);
  }
  const parent = linkFromElectronPort(parentPort);
  const dataDir = process.env[CORE_ENV.dataDir];
  const version = process.env[CORE_ENV.version];
  // The bundle lives in out/main, so the source-relative default does not apply: main passes the dir.
  const migrationsDir = process.env[CORE_ENV.migrationsDir];
  let core: CoreApi;
  try {
    if (!dataDir) throw new Error(`${CORE_ENV.dataDir} is not set`);
    core = createCore({
      databasePath: join(dataDir, DATABASE_FILE),
      dataDir,
      host: 'electron',
      secrets: createRemoteSecretStore(parent),
      ...(version ? { version } : {}),
      ...(migrationsDir ? { migrationsDir } : {}),
    });
  } catch (error) {
    log.error('core failed to start', { name: toError(error).name, code: serializeError(error).code });
    parent.post({ type: 'fatal', error: serializeError(error) } satisfies FromCoreMessage);
    // Give the message a moment to leave before the process goes away.
    setTimeout(() => process.exit(1), 100);
    return;
  }
  serveCore(core, parent);
  parent.listen((data, ports) => {
    const type = messageType(data);
    if (type === 'audio-port') {
      for (const port of ports) serveAudio(core, linkFromElectronPort(port as ElectronPortLike));
    } else if (type === 'shutdown') {
      void core.close().then(() => process.exit(0));
    }
  });
  parent.post({ type: 'ready' } satisfies FromCoreMessage);
}

main();
