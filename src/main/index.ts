// Electron main: lifecycle, windows, tray, shortcut, deep links. Decisions live in pure modules.
import { join, resolve } from 'node:path';
import { app, BrowserWindow, globalShortcut, ipcMain } from 'electron';
import { createLogger } from '../core/log/logger';
import { resolveDataDir, resolveMigrationsDir, resolveResource } from './app-paths';
import { createEncryptedFileSecretStore } from './adapters/encrypted-file-secret-store';
import { createSafeStorageCipher } from './adapters/safe-storage';
import { createCoreSupervisor } from './core-process/core-supervisor';
import { installCrashHandlers } from './crash/crash-handlers';
import { DEEP_LINK_SCHEME, deepLinkRoute, findDeepLinkInArgv, parseDeepLink, type DeepLink } from './deep-link/deep-link';
import { registerIpcHandlers } from './ipc/register-handlers';
import { summaryReadySessionId } from './notification-text';
import { showNotification } from './notifications';
import { enableLoopbackAudioFeatures, installPermissionHandlers } from './permissions/permissions';
import { createQuickRecord } from './recording/quick-record';
import { APP_ORIGIN, resolveAppOrigin } from './security/app-origin';
import { DEFAULT_RECORD_SHORTCUT } from './shortcuts/accelerator';
import { registerRecordShortcut } from './shortcuts/global-shortcut';
import { createTray, type TrayController } from './tray/tray';
import { applyDevContentSecurityPolicy, registerAppSchemePrivileges, serveAppProtocol } from './windows/app-protocol';
import { createCaptureWindow } from './windows/capture-window';
import { createMainWindow, showRoute } from './windows/main-window';
import { loadWindowState, trackWindowState } from './windows/window-state-store';

const log = createLogger('main');
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
const appOrigin = resolveAppOrigin(devServerUrl) ?? APP_ORIGIN;
const rendererBaseUrl = devServerUrl ? appOrigin + '/' : `${APP_ORIGIN}/index.html`;
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
// Shipped inside the app (see electron-builder.yml `files`); macOS picks the @2x file itself.
const appIcon = resolveResource(app.getAppPath(), 'icons/icon-512.png');
const trayIcon = resolveResource(app.getAppPath(), process.platform === 'darwin' ? 'tray/trayTemplate.png' : 'tray/tray.png');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppSchemePrivileges();
  enableLoopbackAudioFeatures();
  if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])]);
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  let pendingLink: DeepLink | null = findDeepLinkInArgv(process.argv);
  let mainWindow: BrowserWindow | null = null;
  let captureWindow: BrowserWindow | null = null;
  let tray: TrayController | null = null;
  let shortcut: string | null = null;
  let isQuitting = false;

  const dataDir = resolveDataDir(process.env['LIVECONVO_DATA_DIR'], app.getPath('userData'));
  const core = createCoreSupervisor({
    dataDir,
    migrationsDir: resolveMigrationsDir(app.getAppPath()),
    version: app.getVersion(),
    secrets: createEncryptedFileSecretStore({ filePath: join(dataDir, 'secrets.json'), cipher: createSafeStorageCipher() }),
    onUnexpectedExit: (reason) => reportCrash('core-gone', reason),
  });
  const reportCrash = installCrashHandlers({
    restartCore: async () => {
      await core.start();
      for (const window of BrowserWindow.getAllWindows()) core.connectAudio(window.webContents);
    },
  });

  const quickRecord = createQuickRecord({
    api: core.api,
    now: Date.now,
    // Whoever starts a recording captures it: tray and shortcut recordings use the hidden window.
    ensureCapture(sessionId) {
      if (captureWindow) return;
      captureWindow = createCaptureWindow({ preloadPath, appOrigin, baseUrl: rendererBaseUrl, sessionId, onLoaded: (w) => core.connectAudio(w.webContents) });
      captureWindow.on('closed', () => (captureWindow = null));
    },
    releaseCapture() {
      captureWindow?.destroy();
    },
    notify: (kind, detail) => showNotification(kind, detail.title, detail.sessionId ? () => openLink({ kind: 'session', sessionId: detail.sessionId ?? '' }) : undefined),
    onChange: () => void refreshTray(),
  });

  async function refreshTray(): Promise<void> {
    if (!tray) return;
    const recent = await core.api['sessions.list']({ limit: 6 }).catch(() => []);
    const state = quickRecord.state();
    tray.update({ recording: state.recording, isBusy: state.isBusy, recentSessions: recent.map((s) => ({ id: s.id, title: s.title })), ...(shortcut ? { shortcut } : {}) });
  }

  async function notifySummaryReady(sessionId: string): Promise<void> {
    const session = await core.api['sessions.get']({ id: sessionId }).catch(() => null);
    if (session) showNotification('summary.ready', session.title, () => openMainWindow(`#/report/${session.id}`));
  }

  function openMainWindow(route = '#/'): BrowserWindow {
    if (mainWindow) {
      showRoute(mainWindow, route);
      return mainWindow;
    }
    const window = createMainWindow({
      preloadPath,
      appOrigin,
      url: rendererBaseUrl + route,
      state: loadWindowState(app.getPath('userData')),
      iconPath: appIcon,
      onLoaded: (w) => core.connectAudio(w.webContents),
    });
    trackWindowState(window, app.getPath('userData'));
    window.on('closed', () => (mainWindow = null));
    mainWindow = window;
    return window;
  }

  function openLink(link: DeepLink): void {
    if (!app.isReady()) {
      pendingLink = link;
      return;
    }
    if (link.kind === 'record') void (link.action === 'start' ? quickRecord.start() : quickRecord.stop()).catch(() => undefined);
    else openMainWindow(deepLinkRoute(link));
  }

  app.on('second-instance', (_event, argv) => {
    const link = findDeepLinkInArgv(argv);
    if (link) openLink(link);
    else openMainWindow();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseDeepLink(url);
    if (link) openLink(link);
  });

  app.on('window-all-closed', () => {
    // The tray keeps the app alive so quick-record works with no window open.
    if (!tray && process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => openMainWindow());
  app.on('will-quit', () => globalShortcut.unregisterAll());
  app.on('before-quit', (event) => {
    if (isQuitting) return;
    event.preventDefault();
    isQuitting = true;
    tray?.destroy();
    void core.stop().finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    installPermissionHandlers(appOrigin);
    if (devServerUrl) applyDevContentSecurityPolicy(appOrigin);
    else serveAppProtocol(join(import.meta.dirname, '../renderer'));
    registerIpcHandlers(ipcMain, { api: core.api, appOrigin });
    core.onEvent((event, payload) => {
      for (const window of BrowserWindow.getAllWindows()) {
        if (!window.isDestroyed()) window.webContents.send(event, payload);
      }
      if (event === 'sessions.changed') void quickRecord.refresh().catch(() => undefined);
      const summarized = summaryReadySessionId(event, payload);
      if (summarized) void notifySummaryReady(summarized);
    });
    await core.start();
    tray = createTray({
      iconPath: trayIcon,
      onAction: (action) => {
        switch (action) {
          case 'record.start':
          case 'record.stop':
            void quickRecord.toggle().catch(() => undefined);
            return;
          case 'window.open':
            openMainWindow();
            return;
          case 'app.quit':
            app.quit();
            return;
        }
      },
      onOpenSession: (sessionId) => openLink({ kind: 'session', sessionId }),
    });
    shortcut = registerRecordShortcut(DEFAULT_RECORD_SHORTCUT, () => void quickRecord.toggle().catch(() => undefined));
    await quickRecord.refresh();
    const link = pendingLink;
    pendingLink = null;
    if (link?.kind === 'record') openLink(link);
    else openMainWindow(link ? deepLinkRoute(link) : '#/');
    log.info('app ready', { platform: process.platform, packaged: app.isPackaged });
  });
}
