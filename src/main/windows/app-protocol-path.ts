import { extname, posix, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, parseUrl } from '../security/app-origin';

/** MIME types of the files the renderer build contains. */
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

/**
 * Maps an `app://liveconvo/…` request to a file inside `rendererDir`, or null when the URL is on
 * another host or escapes the directory. `/` serves index.html.
 */
export function resolveAppAsset(requestUrl: string, rendererDir: string): { filePath: string; mimeType: string } | null {
  const url = parseUrl(requestUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.split('/').includes('..')) return null;
  const normalized = posix.normalize(pathname === '/' || pathname === '' ? '/index.html' : pathname);
  const root = resolve(rendererDir);
  const filePath = resolve(root, `.${normalized}`);
  if (filePath !== root && !filePath.startsWith(root + sep)) return null;
  return { filePath, mimeType: MIME[extname(filePath).toLowerCase()] ?? 'application/octet-stream' };
}
