import { deserializeError } from '../../shared/errors';
import { ipcContract, type IpcChannel, type IpcInput, type IpcOutput } from '../../shared/ipc/contract';
import { dispatchIpc } from '../../shared/ipc/dispatch';
import { createCore, type CoreApi } from '../create-core';

/** Calls a channel as a renderer would: through the contract's validation and the result envelope. */
export type TestInvoke = { [C in IpcChannel]: (input: IpcInput<C>) => Promise<IpcOutput<C>> };

/** A test core: the real core over in-memory SQLite with a controllable clock (STYLE.md §9). */
export type TestCore = TestInvoke & Pick<CoreApi, 'close' | 'subscribe' | 'internals'> & { core: CoreApi; advance(ms: number): void };

/** Builds a TestCore; every channel call goes through `dispatchIpc`, as over a real transport. */
export function createTestCore(options: { startAt?: number; dataDir?: string } = {}): TestCore {
  let time = options.startAt ?? Date.UTC(2026, 0, 5, 9, 0, 0);
  const core = createCore({ databasePath: ':memory:', dataDir: options.dataDir ?? '/nonexistent-test-data', clock: { now: () => time } });
  const invoke = Object.fromEntries(
    (Object.keys(ipcContract) as IpcChannel[]).map((channel) => [
      channel,
      async (input: unknown) => {
        const result = await dispatchIpc(core, channel, input);
        if (!result.ok) throw deserializeError(result.error);
        return result.value;
      },
    ]),
  ) as TestInvoke;
  return {
    ...invoke,
    core,
    close: core.close,
    subscribe: core.subscribe,
    internals: core.internals,
    advance(ms: number) {
      time += ms;
    },
  };
}
