import { shell, type WebContents } from 'electron';
import { createLogger } from '../../core/log/logger';
import { isAppUrl } from '../security/app-origin';
import { decideNavigation, isTrustedUrl } from '../security/trusted-url';

const log = createLogger('navigation');

/** Opens `url` in the user's browser only when it passes isTrustedUrl; returns whether it did. */
export function openExternalIfTrusted(url: string): boolean {
  if (!isTrustedUrl(url)) {
    log.warn('external link refused');
    return false;
  }
  void shell.openExternal(url).catch(() => log.warn('external link could not be opened'));
  return true;
}

/**
 * Locks a window to the app: navigation off the app origin is denied (trusted https links go to
 * the browser), window.open is denied, and <webview> can never attach.
 */
export function hardenWebContents(webContents: WebContents, appOrigin: string): void {
  const guard = (event: { url: string; preventDefault(): void }): void => {
    const decision = decideNavigation(event.url, appOrigin);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') openExternalIfTrusted(event.url);
    else log.warn('navigation refused');
  };
  webContents.on('will-navigate', guard);
  webContents.on('will-redirect', guard);
  webContents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, appOrigin)) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(({ url }) => {
    openExternalIfTrusted(url);
    return { action: 'deny' };
  });
}

/** The secure web preferences every app window uses (STYLE.md §11). */
export function secureWebPreferences(preloadPath: string): Electron.WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}
