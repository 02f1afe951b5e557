import { describe, expect, it } from 'vitest';
import { formatRoute, parseHash, type Route } from './route';

const ID = '0b5c6a3e-1f2d-4c5b-9a8e-7d6c5b4a3f21';

describe('routes', () => {
  it('round-trips every screen through the URL hash', () => {
    const routes: Route[] = [
      { name: 'home' },
      { name: 'new' },
      { name: 'session', id: ID },
      { name: 'session', id: ID, at: 12.5 },
      { name: 'report', id: ID },
      { name: 'search', q: 'budget & pricing' },
      { name: 'search', q: '' },
      { name: 'settings' },
      { name: 'onboarding' },
      { name: 'mini', id: ID },
    ];
    for (const route of routes) expect(parseHash(formatRoute(route))).toEqual(route);
  });

  it('sends malformed or unknown hashes home', () => {
    expect(parseHash('#/session/not-an-id')).toEqual({ name: 'home' });
    expect(parseHash('#/report/../../etc')).toEqual({ name: 'home' });
    expect(parseHash('#/nowhere')).toEqual({ name: 'home' });
    expect(parseHash('')).toEqual({ name: 'home' });
    expect(parseHash(`#/session/${ID}?at=abc`)).toEqual({ name: 'session', id: ID });
  });
});
