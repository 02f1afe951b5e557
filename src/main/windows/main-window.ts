import { BrowserWindow } from 'electron';
import { hardenWebContents, secureWebPreferences } from './harden';
import { MIN_WINDOW_SIZE, type WindowState } from './window-state';

/** What the main window needs. */
export interface MainWindowOptions {
  preloadPath: string;
  appOrigin: string;
  /** The renderer URL, including the hash route to open. */
  url: string;
  state: WindowState;
  iconPath: string;
  /** Called once the page has loaded (main connects the audio port then). */
  onLoaded(window: BrowserWindow): void;
}

/** Creates the main window: restored bounds, secure preferences, locked navigation. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...options.state.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'LiveConvo',
    icon: options.iconPath,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  hardenWebContents(window.webContents, options.appOrigin);
  window.webContents.on('did-finish-load', () => options.onLoaded(window));
  window.once('ready-to-show', () => {
    if (options.state.isMaximized) window.maximize();
    if (options.state.isFullScreen) window.setFullScreen(true);
    window.show();
  });
  void window.loadURL(options.url);
  return window;
}

/** Moves an open window to a hash route (a deep link) without reloading it. */
export function showRoute(window: BrowserWindow, route: string): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  // `route` comes from deepLinkRoute (fixed prefix + validated UUID), never from the link text.
  void window.webContents.executeJavaScript(`location.hash = ${JSON.stringify(route)}`);
}
