import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PushEvents } from '../../shared/ipc/contract';
import type { CoreApi } from '../create-core';
import { createLogger } from '../log/logger';
import { MAX_AUDIO_FRAME_BYTES } from './web/audio-frame';
import { isAllowedHost, isTrustedOrigin, LOOPBACK_HOSTS } from './web/origin';
import { handleSocket, MAX_TEXT_MESSAGE_BYTES } from './web/socket';
import { securityHeaders, serveStatic } from './web/static-files';

const log = createLogger('headless');

/** Where `npm run build:web` writes the renderer. */
export const DEFAULT_RENDERER_DIR = resolve(import.meta.dirname, '../../../out/renderer');
/** The WebSocket path the renderer connects to in web mode. */
export const SOCKET_PATH = '/ws';

/** Options of the headless host. */
export interface HeadlessHostOptions {
  core: CoreApi;
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (never exposed to the network unless asked). */
  bindAddress?: string;
  /** Built renderer directory; default out/renderer. */
  rendererDir?: string;
  /** Extra hostnames accepted in Host/Origin besides loopback (e.g. a LAN name when bound to 0.0.0.0). */
  extraHosts?: readonly string[];
}

/** A running headless host. */
export interface HeadlessHost {
  readonly url: string;
  readonly port: number;
  /** Pushes an event to every connected page (for host-level events such as app.errorOccurred). */
  broadcast<E extends keyof PushEvents>(event: E, payload: PushEvents[E]): void;
  close(): Promise<void>;
}

/**
 * Starts web mode: serves the built renderer over HTTP with a strict CSP and the IPC contract
 * over a WebSocket at /ws, forwarding the core's pushed events to every connected page.
 */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const { core } = options;
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const bindAddress = options.bindAddress ?? '127.0.0.1';
  const allowedHosts = [...LOOPBACK_HOSTS, bindAddress.toLowerCase(), ...(options.extraHosts ?? []).map((h) => h.toLowerCase())];

  const server: Server = createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, allowedHosts)) {
      res.writeHead(421, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Misdirected request');
      return;
    }
    serveStatic(rendererDir, req, res);
  });

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: Math.max(MAX_TEXT_MESSAGE_BYTES, MAX_AUDIO_FRAME_BYTES),
    perMessageDeflate: false,
  });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== SOCKET_PATH || !isTrustedOrigin(req.headers.origin, req.headers.host, allowedHosts)) {
      log.warn('websocket upgrade refused', { reason: path === SOCKET_PATH ? 'origin' : 'path' });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      handleSocket(core, ws);
    });
  });

  function broadcast(event: string, payload: unknown): void {
    const message = JSON.stringify({ event, payload });
    for (const client of sockets.clients) {
      if (client.readyState === client.OPEN) client.send(message);
    }
  }
  const unsubscribe = core.subscribe(broadcast);

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindAddress, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = bindAddress === '0.0.0.0' || bindAddress === '::' ? '127.0.0.1' : bindAddress;
  log.info('headless host listening', { port });

  return {
    url: `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}/`,
    port,
    broadcast,
    async close() {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((done) => sockets.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done, reject) => server.close((error) => (error ? reject(error) : done())));
    },
  };
}
