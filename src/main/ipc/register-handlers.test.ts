import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { serveAudio } from '../../core/hosts/utility-port';
import { createTestCore, type TestCore } from '../../core/testing/create-test-core';
import { AUDIO_PORT_CHANNEL } from '../../shared/ipc/bridge';
import { IPC_CHANNELS } from '../../shared/ipc/channels';
import { createBridge, type AudioPortLike, type PreloadIpc } from '../../preload/bridge';
import { APP_ORIGIN } from '../security/app-origin';
import { handleInvoke, registerIpcHandlers, type InvokeEventLike, type IpcMainLike } from './register-handlers';

type Listener = (event: { ports: readonly AudioPortLike[] }, ...args: unknown[]) => void;

/**
 * Electron's IPC reduced to routing: ipcMain.handle / ipcRenderer.invoke / webContents.send, with
 * the sender frame URL of the page. Everything behind it (handlers, dispatch, core) is real.
 */
function createIpcBus(frameUrl: string | null) {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const listeners = new Map<string, Set<Listener>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => handlers.delete(channel),
  };
  const ipcRenderer: PreloadIpc = {
    invoke: async (channel, ...args) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return handler({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
    },
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const send = (channel: string, payload: unknown, ports: AudioPortLike[] = []) => {
    for (const listener of listeners.get(channel) ?? []) listener({ ports }, payload);
  };
  return { ipcMain, ipcRenderer, handlers, send, listenerCount: (channel: string) => listeners.get(channel)?.size ?? 0 };
}

const cores: TestCore[] = [];
const ports: { close(): void }[] = [];
afterEach(async () => {
  for (const port of ports.splice(0)) port.close();
  for (const core of cores.splice(0)) await core.close();
});
function newCore(): TestCore {
  const core = createTestCore();
  cores.push(core);
  return core;
}

describe('handleInvoke sender check', () => {
  it('refuses a missing frame and frames off the app origin, without calling the core', async () => {
    const test = newCore();
    const deps = { api: test.core, appOrigin: APP_ORIGIN };
    const input = { title: 'Injected' };
    for (const senderFrame of [null, { url: 'https://evil.example/' }, { url: 'file:///tmp/page.html' }, { url: 'app://other/index.html' }, { url: '' }]) {
      const result = await handleInvoke({ senderFrame }, 'sessions.create', input, deps);
      expect(result).toEqual({ ok: false, error: { code: 'ipc.untrusted_sender', message: 'This page may not call the app' } });
    }
    expect(await test['sessions.list']({})).toEqual([]);
  });

  it('validates input and returns the envelope for the app page', async () => {
    const test = newCore();
    const deps = { api: test.core, appOrigin: APP_ORIGIN };
    const frame = { senderFrame: { url: 'app://liveconvo/index.html#/sessions' } };
    const bad = await handleInvoke(frame, 'sessions.create', { title: 42 }, deps);
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation.invalid_input' } });
    const unknown = await handleInvoke(frame, 'fs.readFile', { path: '/etc/passwd' }, deps);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'ipc.unknown_channel' } });
    const created = await handleInvoke(frame, 'sessions.create', { title: 'Standup' }, deps);
    expect(created).toMatchObject({ ok: true, value: { title: 'Standup' } });
  });
});

describe('preload bridge → registered handlers → core', () => {
  it('registers every contract channel once and removes them again', () => {
    const bus = createIpcBus('app://liveconvo/index.html');
    const unregister = registerIpcHandlers(bus.ipcMain, { api: newCore().core, appOrigin: APP_ORIGIN });
    expect([...bus.handlers.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    unregister();
    expect(bus.handlers.size).toBe(0);
  });

  it('round-trips invoke through the allowlist, the sender check and the real core', async () => {
    const bus = createIpcBus('app://liveconvo/index.html');
    registerIpcHandlers(bus.ipcMain, { api: newCore().core, appOrigin: APP_ORIGIN });
    const bridge = createBridge(bus.ipcRenderer);
    const created = await bridge.invoke('sessions.create', { title: 'Demo call' });
    expect(created).toMatchObject({ ok: true, value: { title: 'Demo call', status: expect.any(String) } });
    const listed = await bridge.invoke('sessions.list', {});
    expect(listed.ok && listed.value.map((s) => s.title)).toEqual(['Demo call']);
    const outside = await bridge.invoke('shell.openPath' as never, {} as never);
    expect(outside).toMatchObject({ ok: false, error: { code: 'ipc.unknown_channel' } });
  });

  it('answers untrusted pages with an error envelope, never a rejection', async () => {
    const bus = createIpcBus('https://evil.example/');
    registerIpcHandlers(bus.ipcMain, { api: newCore().core, appOrigin: APP_ORIGIN });
    const bridge = createBridge(bus.ipcRenderer);
    expect(await bridge.invoke('templates.list', {})).toMatchObject({ ok: false, error: { code: 'ipc.untrusted_sender' } });
    const unregistered = createBridge(createIpcBus('app://liveconvo/').ipcRenderer);
    expect(await unregistered.invoke('templates.list', {})).toEqual({ ok: false, error: { code: 'internal', message: 'The request could not reach the app' } });
  });

  it('delivers only allowlisted events, payload only, and unsubscribes', () => {
    const bus = createIpcBus('app://liveconvo/');
    const bridge = createBridge(bus.ipcRenderer);
    const got: unknown[] = [];
    const off = bridge.on('sessions.changed', (payload) => got.push(payload));
    bus.send('sessions.changed', { id: 'a' });
    off();
    bus.send('sessions.changed', { id: 'b' });
    expect(got).toEqual([{ id: 'a' }]);
    expect(bus.listenerCount('sessions.changed')).toBe(0);
    expect(() => bridge.on('ipc.anything' as never, () => undefined)).toThrow(/Unknown event/);
    expect(() => bridge.on(AUDIO_PORT_CHANNEL as never, () => undefined)).toThrow(/Unknown event/);
  });

  it('sends audio over the port main hands over, transferring the samples to the core', async () => {
    const bus = createIpcBus('app://liveconvo/');
    const bridge = createBridge(bus.ipcRenderer);
    expect(bridge.sendAudio('mic', new Int16Array([1]))).toBe(false);
    const test = newCore();
    const received: { channel: string; samples: number[] }[] = [];
    const core = Object.assign(Object.create(test.core) as typeof test.core, {
      pushAudio: (channel: string, samples: Int16Array) => received.push({ channel, samples: [...samples] }),
    });
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    serveAudio(core, {
      post: (m) => port1.postMessage(m),
      listen: (listener) => {
        const handle = (data: unknown) => listener(data, []);
        port1.on('message', handle);
        return () => port1.off('message', handle);
      },
    });
    bus.send(AUDIO_PORT_CHANNEL, undefined, [port2 as unknown as AudioPortLike]);
    const frame = new Int16Array([5, 6, 7, 8]).subarray(1, 3);
    expect(bridge.sendAudio('system', frame)).toBe(true);
    expect(bridge.sendAudio('speakers' as never, frame)).toBe(false);
    expect(bridge.sendAudio('mic', [1, 2] as never)).toBe(false);
    await expect.poll(() => received).toEqual([{ channel: 'system', samples: [6, 7] }]);
  });
});
