import { AppError, serializeError } from '../errors';
import { MAX_IPC_PAYLOAD_CHARS, MAX_UPLOAD_PAYLOAD_CHARS, UPLOAD_CHANNELS } from './channels';
import { ipcContract, type IpcChannel, type IpcHandlers, type IpcResult } from './contract';

/** True when `name` is a request channel of the contract. */
export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && Object.hasOwn(ipcContract, name);
}

/**
 * Validates a request against the contract, calls the handler and wraps the outcome
 * in the result envelope. Every transport (Electron IPC, WebSocket) goes through here.
 */
export async function dispatchIpc(handlers: IpcHandlers, channel: unknown, input: unknown): Promise<IpcResult<unknown>> {
  try {
    if (!isIpcChannel(channel)) {
      throw new AppError('ipc.unknown_channel', `Unknown channel: ${String(channel).slice(0, 100)}`);
    }
    const size = JSON.stringify(input ?? null).length;
    const limit = UPLOAD_CHANNELS.includes(channel) ? MAX_UPLOAD_PAYLOAD_CHARS : MAX_IPC_PAYLOAD_CHARS;
    if (size > limit) {
      throw new AppError('validation.too_large', `Request is ${size} characters; the limit is ${limit}`);
    }
    const parsed = ipcContract[channel].input.safeParse(input ?? {});
    if (!parsed.success) {
      throw new AppError('validation.invalid_input', `Invalid input for ${channel}`, {
        details: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      });
    }
    const handler = handlers[channel] as (value: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}
