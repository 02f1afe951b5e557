import { BrowserWindow } from 'electron';
import { hardenWebContents, secureWebPreferences } from './harden';

/**
 * A hidden window that runs the renderer's capture page (`#/capture/<sessionId>`), so tray
 * quick-record captures mic and system audio with no visible window. Not throttled in background.
 */
export function createCaptureWindow(options: { preloadPath: string; appOrigin: string; baseUrl: string; sessionId: string; onLoaded(window: BrowserWindow): void }): BrowserWindow {
  const window = new BrowserWindow({
    show: false,
    width: 480,
    height: 320,
    skipTaskbar: true,
    title: 'LiveConvo capture',
    webPreferences: { ...secureWebPreferences(options.preloadPath), backgroundThrottling: false, spellcheck: false },
  });
  hardenWebContents(window.webContents, options.appOrigin);
  window.webContents.on('did-finish-load', () => options.onLoaded(window));
  void window.loadURL(`${options.baseUrl}#/capture/${options.sessionId}`);
  return window;
}
