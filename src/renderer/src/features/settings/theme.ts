import { create } from 'zustand';

/** The appearance setting. */
export type Appearance = 'light' | 'dark' | 'system';

const STORAGE_KEY = 'liveconvo.appearance';
const media = window.matchMedia('(prefers-color-scheme: dark)');

function readAppearance(): Appearance {
  const value = localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** The effective theme for an appearance setting. */
export function resolveTheme(appearance: Appearance, prefersDark: boolean): 'light' | 'dark' {
  return appearance === 'system' ? (prefersDark ? 'dark' : 'light') : appearance;
}

/** Sets data-theme on <html> from the stored appearance and follows the OS when on "system". */
export function applyTheme(): void {
  document.documentElement.dataset['theme'] = resolveTheme(readAppearance(), media.matches);
}
media.addEventListener('change', applyTheme);

interface AppearanceState {
  appearance: Appearance;
  setAppearance(appearance: Appearance): void;
}

/** The appearance preference, stored per device. */
export const useAppearance = create<AppearanceState>((set) => ({
  appearance: readAppearance(),
  setAppearance(appearance) {
    localStorage.setItem(STORAGE_KEY, appearance);
    applyTheme();
    set({ appearance });
  },
}));
