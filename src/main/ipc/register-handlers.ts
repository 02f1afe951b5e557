import { AppError, serializeError } from '../../shared/errors';
import { IPC_CHANNELS } from '../../shared/ipc/channels';
import type { IpcHandlers, IpcResult } from '../../shared/ipc/contract';
import { dispatchIpc } from '../../shared/ipc/dispatch';
import { createLogger } from '../../core/log/logger';
import { isAppUrl } from '../security/app-origin';

const log = createLogger('ipc');

/** The part of Electron's IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
}

/** The part of Electron's ipcMain used to register handlers. */
export interface IpcMainLike<E extends InvokeEventLike = InvokeEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** What the handlers need: the core proxy and the origin the app page runs on. */
export interface IpcDeps {
  api: IpcHandlers;
  appOrigin: string;
}

/**
 * Handles one invoke (STYLE.md §4): 1. rejects a missing sender frame or one not on the app
 * origin, 2.–4. dispatchIpc parses with zod, calls the core and returns the result envelope.
 */
export async function handleInvoke(event: InvokeEventLike, channel: string, input: unknown, deps: IpcDeps): Promise<IpcResult<unknown>> {
  const url = event.senderFrame?.url;
  if (!isAppUrl(url, deps.appOrigin)) {
    log.warn('ipc call from untrusted sender refused', { channel, hasFrame: event.senderFrame !== null });
    return { ok: false, error: serializeError(new AppError('ipc.untrusted_sender', 'This page may not call the app')) };
  }
  return dispatchIpc(deps.api, channel, input);
}

/** Registers a handler for every contract channel; returns a function that removes them. */
export function registerIpcHandlers<E extends InvokeEventLike>(ipcMain: IpcMainLike<E>, deps: IpcDeps): () => void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, input) => handleInvoke(event, channel, input, deps));
  }
  return () => {
    for (const channel of IPC_CHANNELS) ipcMain.removeHandler(channel);
  };
}
