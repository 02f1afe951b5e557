import { describe, expect, it } from 'vitest';
import { deepLinkRoute, findDeepLinkInArgv, parseDeepLink } from './deep-link';

const ID = '0b6f3c1e-5d2a-4c8e-9f10-2a3b4c5d6e7f';

describe('parseDeepLink', () => {
  it('parses a session link in both URL shapes', () => {
    expect(parseDeepLink(`liveconvo://session/${ID}`)).toEqual({ kind: 'session', sessionId: ID });
    expect(parseDeepLink(`liveconvo:session/${ID}`)).toEqual({ kind: 'session', sessionId: ID });
    expect(parseDeepLink(`LIVECONVO://session/${ID.toUpperCase()}/`)).toEqual({ kind: 'session', sessionId: ID });
  });

  it('parses record actions and the bare scheme', () => {
    expect(parseDeepLink('liveconvo://record/start')).toEqual({ kind: 'record', action: 'start' });
    expect(parseDeepLink('liveconvo://record/stop')).toEqual({ kind: 'record', action: 'stop' });
    expect(parseDeepLink('liveconvo://')).toEqual({ kind: 'home' });
  });

  it('rejects other schemes, bad ids, extra segments and credentials', () => {
    for (const bad of [
      `https://session/${ID}`,
      'liveconvo://session/not-a-uuid',
      'liveconvo://session/',
      `liveconvo://session/${ID}/delete`,
      `liveconvo://session/${ID.slice(0, -1)}`,
      'liveconvo://record/pause',
      'liveconvo://settings',
      `liveconvo://user:pw@session/${ID}`,
      `liveconvo://session:99/${ID}`,
      `liveconvo://session/..%2F${ID}`,
      'liveconvo://%',
      `liveconvo://session/${'a'.repeat(3000)}`,
      '',
    ]) {
      expect(parseDeepLink(bad), bad).toBeNull();
    }
  });
});

describe('findDeepLinkInArgv', () => {
  it('picks the link out of a second-instance command line', () => {
    const argv = ['/opt/LiveConvo/liveconvo', '--no-sandbox', 'liveconvo://bogus', `liveconvo://session/${ID}`];
    expect(findDeepLinkInArgv(argv)).toEqual({ kind: 'session', sessionId: ID });
    expect(findDeepLinkInArgv(['/usr/bin/electron', '.'])).toBeNull();
  });
});

describe('deepLinkRoute', () => {
  it('maps links to renderer routes', () => {
    expect(deepLinkRoute({ kind: 'session', sessionId: ID })).toBe(`#/session/${ID}`);
    expect(deepLinkRoute({ kind: 'home' })).toBe('#/');
  });
});
