/** The privileged scheme the packaged renderer is served from (`app://liveconvo/index.html`). */
export const APP_SCHEME = 'app';
/** The fixed host of the app scheme; together they make the app origin. */
export const APP_HOST = 'liveconvo';
/** The origin of the packaged renderer. In development the Vite dev server's origin is used instead. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The origin the renderer runs on: the dev server's when `devServerUrl` is set (electron-vite dev),
 * else the app scheme's. Returns null for a dev server URL that is not http(s) on loopback.
 */
export function resolveAppOrigin(devServerUrl: string | undefined): string | null {
  if (devServerUrl === undefined || devServerUrl === '') return APP_ORIGIN;
  const url = parseUrl(devServerUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return null;
  return url.origin;
}

/** True when `url` belongs to the app origin (the only origin allowed to call IPC or get media). */
export function isAppUrl(url: string | null | undefined, appOrigin: string): boolean {
  if (!url) return false;
  const parsed = parseUrl(url);
  if (!parsed || parsed.username !== '' || parsed.password !== '') return false;
  return originOf(parsed) === appOrigin;
}

/** URL parse that returns null instead of throwing. */
export function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

// WHATWG URL gives `null` as the origin of non-special schemes such as app://, so build it by hand.
function originOf(url: URL): string {
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  return `${url.protocol}//${url.host}`;
}
