import { isAppUrl, parseUrl } from './app-origin';

/** Hosts (and their subdomains) the app opens in the user's browser. Anything else is refused. */
export const TRUSTED_EXTERNAL_HOSTS: readonly string[] = [
  'liveconvo.app',
  'github.com',
  'openai.com',
  'openrouter.ai',
  'ollama.com',
  'lmstudio.ai',
  'huggingface.co',
  'stripe.com',
  'google.com',
  'microsoft.com',
  'live.com',
  // Meeting services, so a calendar event's Join link opens in the browser.
  'zoom.us',
  'zoom.com',
  'webex.com',
  'whereby.com',
  'gotomeeting.com',
  'goto.com',
  'bluejeans.com',
  'chime.aws',
  'meet.jit.si',
  'slack.com',
  'hubspot.com',
  'salesforce.com',
  'electronjs.org',
];

/**
 * True when `url` may be handed to `shell.openExternal`: https only, no credentials, no explicit
 * port, and a host that is one of `trustedHosts` or a subdomain of one.
 */
export function isTrustedUrl(url: string, trustedHosts: readonly string[] = TRUSTED_EXTERNAL_HOSTS): boolean {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return false;
  const host = parsed.hostname.toLowerCase();
  return trustedHosts.some((trusted) => {
    const t = trusted.toLowerCase();
    return host === t || host.endsWith(`.${t}`);
  });
}

/** The Content-Security-Policy of every app page. `devServerOrigin` relaxes it for Vite's HMR only. */
export function buildContentSecurityPolicy(options: { devServerOrigin?: string } = {}): string {
  const dev = options.devServerOrigin;
  const devWs = dev ? dev.replace(/^http/, 'ws') : undefined;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'connect-src': dev && devWs ? ["'self'", dev, devWs] : ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** What to do with a navigation or window.open request from an app page. */
export type NavigationDecision = 'allow' | 'open-external' | 'deny';

/**
 * In-app URLs load in place; trusted https links open in the browser; everything else
 * (file:, javascript:, other origins, http) is dropped.
 */
export function decideNavigation(url: string, appOrigin: string, trustedHosts: readonly string[] = TRUSTED_EXTERNAL_HOSTS): NavigationDecision {
  if (isAppUrl(url, appOrigin)) return 'allow';
  return isTrustedUrl(url, trustedHosts) ? 'open-external' : 'deny';
}
