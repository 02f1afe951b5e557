import { create } from 'zustand';

/** Every screen of the app, addressed by the URL hash so reloads and deep links work. */
export type Route =
  | { name: 'home' }
  | { name: 'new' }
  | { name: 'session'; id: string; at?: number }
  | { name: 'report'; id: string }
  | { name: 'search'; q: string }
  | { name: 'settings' }
  | { name: 'onboarding' }
  | { name: 'mini'; id: string };

const UUID = /^[0-9a-f-]{36}$/i;

/** Parses `#/session/<id>?at=12.5` style hashes; unknown hashes go home. */
export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  switch (parts[0]) {
    case 'new':
      return { name: 'new' };
    case 'session': {
      const id = parts[1] ?? '';
      if (!UUID.test(id)) return { name: 'home' };
      const at = Number(params.get('at'));
      return params.has('at') && Number.isFinite(at) ? { name: 'session', id, at } : { name: 'session', id };
    }
    case 'report':
      return UUID.test(parts[1] ?? '') ? { name: 'report', id: parts[1] ?? '' } : { name: 'home' };
    case 'mini':
      return UUID.test(parts[1] ?? '') ? { name: 'mini', id: parts[1] ?? '' } : { name: 'home' };
    case 'search':
      return { name: 'search', q: params.get('q') ?? '' };
    case 'settings':
      return { name: 'settings' };
    case 'onboarding':
      return { name: 'onboarding' };
    default:
      return { name: 'home' };
  }
}

/** The hash for a route (inverse of parseHash). */
export function formatRoute(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'new':
      return '#/new';
    case 'session':
      return route.at === undefined ? `#/session/${route.id}` : `#/session/${route.id}?at=${route.at}`;
    case 'report':
      return `#/report/${route.id}`;
    case 'search':
      return route.q ? `#/search?q=${encodeURIComponent(route.q)}` : '#/search';
    case 'settings':
      return '#/settings';
    case 'onboarding':
      return '#/onboarding';
    case 'mini':
      return `#/mini/${route.id}`;
  }
}

interface RouteState {
  route: Route;
  navigate(route: Route): void;
}

/** The current route, kept in sync with location.hash. */
export const useRoute = create<RouteState>((set) => ({
  route: parseHash(location.hash),
  navigate(route) {
    const hash = formatRoute(route);
    if (location.hash !== hash) location.hash = hash;
    set({ route });
  },
}));

window.addEventListener('hashchange', () => useRoute.setState({ route: parseHash(location.hash) }));

/** Navigates to a route (for use outside React). */
export const navigate = (route: Route): void => useRoute.getState().navigate(route);
