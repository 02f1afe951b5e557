import WebSocket from 'ws';

/** A Node client of the host's WebSocket contract, for seeding data the way the renderer would. */
export interface Rpc {
  call<T>(channel: string, input: unknown): Promise<T>;
  close(): void;
}

/** Connects to `<url>ws` with the page's Origin (the host refuses others). */
export async function connectRpc(url: string): Promise<Rpc> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}ws`, { origin: url.replace(/\/$/, '') });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
    if (typeof message.id !== 'number' || !message.result) return;
    const request = pending.get(message.id);
    pending.delete(message.id);
    if (message.result.ok) request?.resolve(message.result.value);
    else request?.reject(new Error(`${message.result.error?.code}: ${message.result.error?.message}`));
  });
  return {
    call<T>(channel: string, input: unknown) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        socket.send(JSON.stringify({ id, channel, input }));
      });
    },
    close: () => socket.close(),
  };
}
