import { RecordingIndicator } from './RecordingIndicator';
import { formatRoute, type Route } from './route';

const ITEMS: { label: string; route: Route; match: Route['name'][]; testId: string; shortcut: string }[] = [
  { label: 'Sessions', route: { name: 'home' }, match: ['home', 'session', 'report'], testId: 'nav-home', shortcut: 'Alt+1' },
  { label: 'New session', route: { name: 'new' }, match: ['new'], testId: 'nav-new', shortcut: 'Alt+N' },
  { label: 'Search', route: { name: 'search', q: '' }, match: ['search'], testId: 'nav-search', shortcut: 'Alt+F' },
  { label: 'Settings', route: { name: 'settings' }, match: ['settings', 'onboarding'], testId: 'nav-settings', shortcut: 'Alt+,' },
];

/** Primary navigation; the current screen is marked with aria-current. */
export function Nav({ route }: { route: Route }) {
  return (
    <nav className="nav" aria-label="Main">
      <a className="brand" href="#/">
        <span className="brand-mark" aria-hidden="true" />
        LiveConvo
      </a>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.testId}>
            <a href={formatRoute(item.route)} aria-current={item.match.includes(route.name) ? 'page' : undefined} aria-keyshortcuts={item.shortcut} data-testid={item.testId}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
      <RecordingIndicator />
    </nav>
  );
}
