const STORAGE_KEY = 'liveconvo.onboarded';

/** True once the user finished or skipped the welcome tour on this device. */
export function isOnboarded(): boolean {
  return localStorage.getItem(STORAGE_KEY) === '1';
}

/** Remembers that the welcome tour is done. */
export function markOnboarded(): void {
  localStorage.setItem(STORAGE_KEY, '1');
}
