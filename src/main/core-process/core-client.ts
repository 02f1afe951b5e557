import { AppError, deserializeError, serializeError } from '../../shared/errors';
import { PUSH_EVENTS } from '../../shared/ipc/channels';
import { ipcContract, type IpcChannel, type IpcHandlers, type IpcResult, type PushEvent } from '../../shared/ipc/contract';
import type { SecretStore } from '../../core/ports';
import { messageType, type FromCoreMessage, type MessageLink, type ToCoreMessage } from '../../core/hosts/utility-protocol';

/** Main's view of the core running in the utility process. */
export interface CoreClient {
  /** Every contract channel, answered by the core process; rejects with the core's AppError. */
  readonly api: IpcHandlers;
  /** Subscribes to pushed events (only names in PUSH_EVENTS are delivered). */
  onEvent(listener: (event: PushEvent, payload: unknown) => void): () => void;
  /** Resolves when the core reports ready; rejects when it fails to start. */
  readonly ready: Promise<void>;
  /** Rejects every pending and future call, e.g. when the process exits. */
  fail(reason: string): void;
  /** Stops listening on the link. */
  dispose(): void;
}

const KNOWN_EVENTS = new Set<string>(PUSH_EVENTS);

/**
 * Builds the typed proxy over the core process's link. Answers the core's secret requests from
 * `secrets` (main owns Electron's safeStorage, the core process cannot reach it).
 */
export function createCoreClient(link: MessageLink, options: { secrets: SecretStore }): CoreClient {
  let nextId = 1;
  let failure: AppError | null = null;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  const listeners = new Set<(event: PushEvent, payload: unknown) => void>();
  let markReady!: () => void;
  let markFailed!: (error: AppError) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  // Nobody may be awaiting `ready`; its failure is also delivered to every call.
  ready.catch(() => undefined);

  const stop = link.listen((data) => {
    switch (messageType(data)) {
      case 'ready':
        markReady();
        return;
      case 'fatal': {
        const { error } = data as Extract<FromCoreMessage, { type: 'fatal' }>;
        fail(`The core could not start: ${error.message}`);
        return;
      }
      case 'response': {
        const { id, result } = data as Extract<FromCoreMessage, { type: 'response' }>;
        const call = pending.get(id);
        pending.delete(id);
        if (!call) return;
        if (result.ok) call.resolve(result.value);
        else call.reject(deserializeError(result.error));
        return;
      }
      case 'event': {
        const { event, payload } = data as Extract<FromCoreMessage, { type: 'event' }>;
        if (!KNOWN_EVENTS.has(event)) return;
        for (const listener of listeners) listener(event as PushEvent, payload);
        return;
      }
      case 'secret':
        void answerSecret(data as Extract<FromCoreMessage, { type: 'secret' }>);
        return;
      default:
        return;
    }
  });

  async function answerSecret(request: Extract<FromCoreMessage, { type: 'secret' }>): Promise<void> {
    let result: IpcResult<string | null>;
    try {
      if (typeof request.key !== 'string' || request.key === '') throw new AppError('validation.invalid_input', 'Secret key must be a non-empty string');
      if (request.op === 'get') result = { ok: true, value: await options.secrets.get(request.key) };
      else if (request.op === 'set') {
        await options.secrets.set(request.key, request.value);
        result = { ok: true, value: null };
      } else {
        await options.secrets.delete(request.key);
        result = { ok: true, value: null };
      }
    } catch (error) {
      result = { ok: false, error: serializeError(error) };
    }
    link.post({ type: 'secret-result', id: request.id, result } satisfies ToCoreMessage);
  }

  function call(channel: IpcChannel, input: unknown): Promise<unknown> {
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      link.post({ type: 'request', id, channel, input } satisfies ToCoreMessage);
    });
  }

  function fail(reason: string): void {
    failure = new AppError('core.unavailable', reason);
    markFailed(failure);
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  }

  const api = Object.fromEntries(
    (Object.keys(ipcContract) as IpcChannel[]).map((channel) => [channel, (input: unknown) => call(channel, input)]),
  ) as unknown as IpcHandlers;

  return {
    api,
    ready,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fail,
    dispose() {
      stop();
      listeners.clear();
    },
  };
}
