/** Hostnames the headless host answers to by default (DNS-rebinding protection). */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** Splits a Host header ("name:port") into its hostname, lower-cased; null when malformed. */
export function hostnameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader || hostHeader.length > 300) return null;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(hostHeader);
  return match?.[1]?.toLowerCase() ?? null;
}

/** True when the Host header names one of `allowedHosts`. */
export function isAllowedHost(hostHeader: string | undefined, allowedHosts: readonly string[]): boolean {
  const name = hostnameOf(hostHeader);
  return name !== null && allowedHosts.includes(name);
}

/**
 * True when a WebSocket upgrade comes from a page this host served: the Origin must be
 * exactly `http://<Host>` and the Host must be allowed. Browsers always send Origin on
 * WebSocket handshakes, so a missing one means a non-browser client, which we refuse too.
 */
export function isTrustedOrigin(origin: string | undefined, hostHeader: string | undefined, allowedHosts: readonly string[]): boolean {
  if (!origin || !isAllowedHost(hostHeader, allowedHosts)) return false;
  return origin === `http://${hostHeader}`;
}
