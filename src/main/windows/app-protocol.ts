import { readFile } from 'node:fs/promises';
import { protocol, session } from 'electron';
import { createLogger } from '../../core/log/logger';
import { APP_SCHEME } from '../security/app-origin';
import { buildContentSecurityPolicy } from '../security/trusted-url';
import { resolveAppAsset } from './app-protocol-path';

const log = createLogger('app-protocol');

/** Must run before `app.whenReady()`: makes app:// a secure, standard origin (fetch, storage, media). */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

/** Serves the built renderer from `rendererDir` on app://liveconvo with the strict CSP header. */
export function serveAppProtocol(rendererDir: string): void {
  const csp = buildContentSecurityPolicy();
  session.defaultSession.protocol.handle(APP_SCHEME, async (request) => {
    const asset = resolveAppAsset(request.url, rendererDir);
    if (!asset) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(asset.filePath);
      return new Response(body, {
        headers: { 'Content-Type': asset.mimeType, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
      });
    } catch (error) {
      log.warn('app asset missing', { code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
      return new Response('Not found', { status: 404 });
    }
  });
}

/** In development (Vite dev server) the CSP is added to every response header instead. */
export function applyDevContentSecurityPolicy(devServerOrigin: string): void {
  const csp = buildContentSecurityPolicy({ devServerOrigin });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}
