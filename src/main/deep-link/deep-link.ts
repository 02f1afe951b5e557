import { parseUrl } from '../security/app-origin';

/** The OS-registered scheme for links into the app (`liveconvo://session/<id>`). */
export const DEEP_LINK_SCHEME = 'liveconvo';

/** What a `liveconvo://` link asks for. */
export type DeepLink =
  | { kind: 'session'; sessionId: string }
  | { kind: 'record'; action: 'start' | 'stop' }
  | { kind: 'home' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parses `liveconvo://session/<uuid>`, `liveconvo://record/start|stop` or `liveconvo://` (home).
 * Returns null for anything else, so a crafted link can never reach the renderer as a route.
 */
export function parseDeepLink(raw: string): DeepLink | null {
  if (raw.length > 2048) return null;
  const url = parseUrl(raw);
  if (!url || url.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  if (url.username !== '' || url.password !== '' || url.port !== '') return null;
  // `liveconvo://session/ID` puts "session" in the host; `liveconvo:session/ID` in the path.
  const parts = [url.host, ...url.pathname.split('/')].filter((part) => part !== '');
  // No percent-decoding: every valid segment is plain ASCII, so an encoded one is simply invalid.
  const [kind, arg, ...rest] = parts.map((part) => part.toLowerCase());
  if (rest.length > 0) return null;
  if (kind === undefined) return { kind: 'home' };
  if (kind === 'session' && arg !== undefined && UUID.test(arg)) return { kind: 'session', sessionId: arg.toLowerCase() };
  if (kind === 'record' && (arg === 'start' || arg === 'stop')) return { kind: 'record', action: arg };
  return null;
}

/** Finds the first valid deep link in a command line (Windows and Linux pass links as arguments). */
export function findDeepLinkInArgv(argv: readonly string[]): DeepLink | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const link = parseDeepLink(arg);
    if (link) return link;
  }
  return null;
}

/** The renderer hash route a link opens (the renderer routes on `location.hash`). */
export function deepLinkRoute(link: DeepLink): string {
  switch (link.kind) {
    case 'session':
      return `#/session/${link.sessionId}`;
    case 'record':
    case 'home':
      return '#/';
  }
}
