import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageLink } from '../../core/hosts/utility-protocol';
import { createRemoteSecretStore, serveAudio, serveCore } from '../../core/hosts/utility-port';
import { createMemorySecretStore } from '../../core/ports';
import { createTestCore, type TestCore } from '../../core/testing/create-test-core';
import type { PushEvent } from '../../shared/ipc/contract';
import { createCoreClient } from './core-client';

// Node's MessagePort delivers the data itself; Electron's delivers { data, ports }. Both become a MessageLink.
function nodeLink(port: MessagePort): MessageLink {
  return {
    post: (message) => port.postMessage(message),
    listen: (listener) => {
      const handle = (data: unknown): void => listener(data, []);
      port.on('message', handle);
      return () => port.off('message', handle);
    },
  };
}

const open: { close(): void }[] = [];
const cores: TestCore[] = [];
afterEach(async () => {
  for (const port of open.splice(0)) port.close();
  for (const core of cores.splice(0)) await core.close();
});

function connect() {
  const test = createTestCore();
  cores.push(test);
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  const mainSecrets = createMemorySecretStore();
  serveCore(test.core, nodeLink(port1));
  const coreSecrets = createRemoteSecretStore(nodeLink(port1));
  const client = createCoreClient(nodeLink(port2), { secrets: mainSecrets });
  return { test, client, mainSecrets, coreSecrets, port1 };
}

describe('core client over a real MessageChannel to the real core', () => {
  it('answers contract calls and delivers pushed events', async () => {
    const { client } = connect();
    const events: { event: PushEvent; payload: unknown }[] = [];
    client.onEvent((event, payload) => events.push({ event, payload }));
    const templates = await client.api['templates.list']({});
    expect(templates.length).toBeGreaterThan(3);
    const session = await client.api['sessions.create']({ title: 'Pipeline review', conversation_type: 'meeting' });
    expect(session.title).toBe('Pipeline review');
    expect((await client.api['sessions.list']({ limit: 10 })).map((s) => s.id)).toEqual([session.id]);
    await expect.poll(() => events.map((e) => e.event)).toContain('sessions.changed');
    expect(events.find((e) => e.event === 'sessions.changed')?.payload).toEqual({ id: session.id });
  });

  it('rejects with the core’s AppError, code intact, for bad input and missing rows', async () => {
    const { client } = connect();
    await expect(client.api['sessions.get']({ id: 'nope' } as never)).rejects.toMatchObject({ name: 'AppError', code: 'validation.invalid_input' });
    await expect(client.api['sessions.get']({ id: '0b6f3c1e-5d2a-4c8e-9f10-2a3b4c5d6e7f' })).rejects.toMatchObject({ code: 'session.not_found' });
  });

  it('lets the core read and write secrets held by main', async () => {
    const { mainSecrets, coreSecrets } = connect();
    await coreSecrets.set('llm.apiKey', 'k-123');
    expect(await mainSecrets.get('llm.apiKey')).toBe('k-123');
    expect(await coreSecrets.get('llm.apiKey')).toBe('k-123');
    await coreSecrets.delete('llm.apiKey');
    expect(await mainSecrets.get('llm.apiKey')).toBeNull();
  });

  it('fails pending and later calls with core.unavailable when the process dies', async () => {
    const { client, port1 } = connect();
    port1.removeAllListeners('message');
    const inFlight = client.api['templates.list']({});
    client.fail('The core process exited (code 1)');
    await expect(inFlight).rejects.toMatchObject({ code: 'core.unavailable' });
    await expect(client.api['templates.list']({})).rejects.toMatchObject({ code: 'core.unavailable' });
    await expect(client.ready).rejects.toMatchObject({ code: 'core.unavailable' });
  });

  it('resolves ready on the core’s ready message and ignores unknown events', async () => {
    const { port1, port2 } = new MessageChannel();
    open.push(port1, port2);
    const client = createCoreClient(nodeLink(port2), { secrets: createMemorySecretStore() });
    const seen: string[] = [];
    client.onEvent((event) => seen.push(event));
    port1.postMessage({ type: 'event', event: 'shell.exec', payload: {} });
    port1.postMessage({ type: 'event', event: 'sessions.changed', payload: { id: 'x' } });
    port1.postMessage({ type: 'ready' });
    await client.ready;
    expect(seen).toEqual(['sessions.changed']);
  });
});

describe('serveAudio', () => {
  it('passes whole Int16 frames to core.pushAudio and drops malformed ones', async () => {
    const test = createTestCore();
    cores.push(test);
    const received: { channel: string; samples: number[] }[] = [];
    // The transcription pipeline's entry point is observed here; everything else is the real core.
    const core = Object.assign(Object.create(test.core) as typeof test.core, {
      pushAudio: (channel: string, samples: Int16Array) => received.push({ channel, samples: [...samples] }),
    });
    const { port1, port2 } = new MessageChannel();
    open.push(port1, port2);
    serveAudio(core, nodeLink(port1));
    const frame = new Int16Array([1, -2, 32767, -32768]);
    port2.postMessage({ type: 'audio', channel: 'system', samples: frame.buffer }, [frame.buffer]);
    expect(frame.byteLength).toBe(0);
    port2.postMessage({ type: 'audio', channel: 'speaker', samples: new ArrayBuffer(4) });
    port2.postMessage({ type: 'audio', channel: 'mic', samples: new ArrayBuffer(3) });
    port2.postMessage({ type: 'audio', channel: 'mic', samples: new ArrayBuffer(200_000) });
    port2.postMessage({ type: 'audio', channel: 'mic', samples: 'AAAA' });
    port2.postMessage({ type: 'audio', channel: 'mic', samples: new Int16Array([7]).buffer });
    await expect.poll(() => received.length).toBe(2);
    expect(received).toEqual([
      { channel: 'system', samples: [1, -2, 32767, -32768] },
      { channel: 'mic', samples: [7] },
    ]);
  });
});
