import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, type BrowserWindow } from 'electron';
import { createLogger } from '../../core/log/logger';
import { parseWindowState, restoreWindowState, type WindowState } from './window-state';

const log = createLogger('window-state');
const FILE = 'window-state.json';

/** Loads the saved main-window state and fits it onto today's displays. */
export function loadWindowState(userDataDir: string): WindowState {
  let saved: WindowState | null = null;
  try {
    saved = parseWindowState(readFileSync(join(userDataDir, FILE), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('window state unreadable; using defaults');
  }
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  return restoreWindowState(saved, [primary.workArea, ...others.map((display) => display.workArea)]);
}

/** Saves the window's normal bounds and maximized/full-screen flags when it closes. */
export function trackWindowState(window: BrowserWindow, userDataDir: string): void {
  window.on('close', () => {
    const state: WindowState = { bounds: window.getNormalBounds(), isMaximized: window.isMaximized(), isFullScreen: window.isFullScreen() };
    const path = join(userDataDir, FILE);
    try {
      writeFileSync(`${path}.tmp`, JSON.stringify(state));
      renameSync(`${path}.tmp`, path);
    } catch {
      log.warn('window state not saved');
    }
  });
}
