import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isAppUrl, resolveAppOrigin } from './app-origin';
import { buildContentSecurityPolicy, decideNavigation, isTrustedUrl } from './trusted-url';

describe('isTrustedUrl', () => {
  it('accepts https links to trusted hosts and their subdomains', () => {
    expect(isTrustedUrl('https://github.com/liveconvo/liveconvo/issues')).toBe(true);
    expect(isTrustedUrl('https://platform.openai.com/api-keys')).toBe(true);
    expect(isTrustedUrl('https://example.org/x', ['example.org'])).toBe(true);
  });

  it('opens the join links of the common meeting services', () => {
    for (const link of ['https://acme.zoom.us/j/1', 'https://zoom.com/j/1', 'https://meet.google.com/abc-defg-hij', 'https://teams.microsoft.com/l/meetup-join/x', 'https://acme.webex.com/meet/x', 'https://whereby.com/room', 'https://meet.jit.si/room']) {
      expect({ link, trusted: isTrustedUrl(link) }).toEqual({ link, trusted: true });
    }
    expect(isTrustedUrl('https://zoom.us.evil.example/j/1')).toBe(false);
  });

  it('refuses other schemes, lookalike hosts, credentials and ports', () => {
    for (const bad of [
      'http://github.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://github.com/share',
      'https://github.com.evil.example/',
      'https://evilgithub.com/',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'https://example.org/',
      'not a url',
      '',
    ]) {
      expect(isTrustedUrl(bad), bad).toBe(false);
    }
  });
});

describe('isAppUrl and resolveAppOrigin', () => {
  it('matches only the app origin', () => {
    expect(isAppUrl('app://liveconvo/index.html#/sessions', APP_ORIGIN)).toBe(true);
    expect(isAppUrl('app://other/index.html', APP_ORIGIN)).toBe(false);
    expect(isAppUrl('file:///opt/app/index.html', APP_ORIGIN)).toBe(false);
    expect(isAppUrl('app://user@liveconvo/index.html', APP_ORIGIN)).toBe(false);
    expect(isAppUrl(undefined, APP_ORIGIN)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('uses the dev server origin only on loopback http', () => {
    expect(resolveAppOrigin(undefined)).toBe(APP_ORIGIN);
    expect(resolveAppOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(resolveAppOrigin('http://10.0.0.5:5173/')).toBeNull();
    expect(resolveAppOrigin('file:///x')).toBeNull();
  });
});

describe('buildContentSecurityPolicy', () => {
  it('allows only self scripts in production', () => {
    const csp = buildContentSecurityPolicy();
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('opens the dev server and its websocket in development', () => {
    const csp = buildContentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' });
    expect(csp).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173");
  });
});

describe('decideNavigation', () => {
  it('keeps app pages in place, sends trusted links to the browser and drops the rest', () => {
    expect(decideNavigation('app://liveconvo/index.html#/session/x', APP_ORIGIN)).toBe('allow');
    expect(decideNavigation('https://github.com/liveconvo', APP_ORIGIN)).toBe('open-external');
    expect(decideNavigation('https://phish.example/login', APP_ORIGIN)).toBe('deny');
    expect(decideNavigation('file:///etc/passwd', APP_ORIGIN)).toBe('deny');
    expect(decideNavigation('http://localhost:5173/', APP_ORIGIN)).toBe('deny');
  });
});
