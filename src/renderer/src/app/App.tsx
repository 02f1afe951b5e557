import { lazy, Suspense, useEffect } from 'react';
import { watchRecorder } from '../features/audio/recorder-store';
import { watchGuidance } from '../features/live/guidance-store';
import { watchLive } from '../features/live/live-store';
import { MiniView } from '../features/live/MiniView';
import { SessionScreen } from '../features/live/SessionScreen';
import { NewSessionScreen } from '../features/new-session/NewSessionScreen';
import { isOnboarded } from '../features/onboarding/onboarding-state';
import { HomeScreen } from '../features/sessions/HomeScreen';
import { watchSessions } from '../features/sessions/sessions-store';
import { ConnectionBanner } from './ConnectionBanner';
import { ErrorBoundary } from './ErrorBoundary';
import { ErrorToasts } from './ErrorToasts';
import { watchErrorToasts } from './error-toasts';
import { Nav } from './Nav';
import { navigate, useRoute, type Route } from './route';
import { useShortcuts } from './shortcuts';

// Screens off the first path load on demand to keep the first bundle small.
const ReportScreen = lazy(() => import('../features/report/ReportScreen'));
const SearchScreen = lazy(() => import('../features/search/SearchScreen'));
const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen'));
const OnboardingScreen = lazy(() => import('../features/onboarding/OnboardingScreen'));

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomeScreen />;
    case 'new':
      return <NewSessionScreen />;
    case 'session':
      return <SessionScreen id={route.id} {...(route.at === undefined ? {} : { at: route.at })} />;
    case 'report':
      return <ReportScreen id={route.id} />;
    case 'search':
      return <SearchScreen q={route.q} />;
    case 'settings':
      return <SettingsScreen />;
    case 'onboarding':
      return <OnboardingScreen />;
    case 'mini':
      return <MiniView id={route.id} />;
  }
}

/** The app shell: skip link, navigation, connection state and the current screen. */
export function App() {
  const route = useRoute((s) => s.route);
  useEffect(() => {
    const offSessions = watchSessions();
    const offLive = watchLive();
    const offRecorder = watchRecorder();
    const offGuidance = watchGuidance();
    const offToasts = watchErrorToasts();
    return () => {
      offToasts();
      offGuidance();
      offSessions();
      offLive();
      offRecorder();
    };
  }, []);
  useShortcuts();
  useEffect(() => {
    // First run lands on the welcome tour; deep links are left alone.
    if (!isOnboarded() && useRoute.getState().route.name === 'home') navigate({ name: 'onboarding' });
  }, []);

  if (route.name === 'mini') {
    // No navigation: the compact window is only the session at a glance.
    return (
      <main id="main" className="mini-app">
        <ConnectionBanner />
        <Screen route={route} />
        <ErrorToasts />
      </main>
    );
  }
  return (
    <div className="app">
      <a href="#main" className="skip-link" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to content
      </a>
      <Nav route={route} />
      <main id="main" tabIndex={-1}>
        <ConnectionBanner />
        <ErrorBoundary key={route.name}>
          <Suspense fallback={<p className="muted screen" role="status">Loading…</p>}>
            <Screen route={route} />
          </Suspense>
        </ErrorBoundary>
        <ErrorToasts />
      </main>
    </div>
  );
}
