import { useEffect } from 'react';
import { useRecorder } from '../features/audio/recorder-store';
import { useLive } from '../features/live/live-store';
import { navigate } from './route';

/** The action for a key combination, or null. Alt-based so typing in fields never triggers one. */
export function shortcutFor(event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'code'>): string | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  switch (event.code) {
    case 'Digit1':
      return 'home';
    case 'KeyN':
      return 'new';
    case 'KeyF':
      return 'search';
    case 'Comma':
      return 'settings';
    case 'KeyR':
      return 'record';
    case 'KeyP':
      return 'pause';
    case 'KeyS':
      return 'stop';
    default:
      return null;
  }
}

/** Global keyboard shortcuts (navigation and recording). */
export function useShortcuts(): void {
  useEffect(() => {
    function handleKeyDown(event: KeyboardEvent): void {
      const action = shortcutFor(event);
      if (!action) return;
      event.preventDefault();
      const recorder = useRecorder.getState();
      const session = useLive.getState().session;
      switch (action) {
        case 'home':
          return navigate({ name: 'home' });
        case 'new':
          return navigate({ name: 'new' });
        case 'search':
          return navigate({ name: 'search', q: '' });
        case 'settings':
          return navigate({ name: 'settings' });
        case 'record':
          if (session && session.status === 'draft') void recorder.start(session);
          return;
        case 'pause':
          void (recorder.phase === 'paused' ? recorder.resume() : recorder.pause());
          return;
        case 'stop':
          void recorder.stop().then((ended) => ended && useLive.getState().setSession(ended));
          return;
      }
    }
    window.addEventListener('keydown', handleKeyDown);
    return () => window.removeEventListener('keydown', handleKeyDown);
  }, []);
}
