import { app, dialog, type WebContents } from 'electron';
import { createLogger } from '../../core/log/logger';
import { toError } from '../../shared/errors';
import { crashDialogMessage, decideCrashAction, type CrashAction, type CrashEvent, type CrashKind } from './crash-policy';

const log = createLogger('crash');

/** What the crash handlers do for recovery actions the shell owns. */
export interface CrashRecovery {
  restartCore(): Promise<void>;
}

/** Reports one crash to the policy, logs it, tells the user, and recovers. Returns the action taken. */
export type ReportCrash = (kind: CrashKind, reason: string, webContents?: WebContents) => CrashAction;

/**
 * Installs unhandledRejection, uncaughtException, render-process-gone and child-process-gone
 * handlers (STYLE.md §7): log, dialog, then restart or quit via decideCrashAction.
 */
export function installCrashHandlers(recovery: CrashRecovery): ReportCrash {
  const history: CrashEvent[] = [];

  const report: ReportCrash = (kind, reason, webContents) => {
    const event: CrashEvent = { kind, reason, at: Date.now() };
    const action = decideCrashAction(event, history);
    history.push(event);
    if (history.length > 50) history.shift();
    log.error('crash', { kind, reason, action });
    const message = crashDialogMessage(action);
    if (message && app.isReady()) dialog.showMessageBoxSync({ type: 'error', title: 'LiveConvo', message, buttons: ['OK'] });
    switch (action) {
      case 'ignore':
        break;
      case 'reload-window':
        if (webContents && !webContents.isDestroyed()) webContents.reload();
        break;
      case 'restart-core':
        void recovery.restartCore().catch((error: unknown) => report('core-gone', toError(error).name));
        break;
      case 'relaunch-app':
        app.relaunch();
        app.exit(1);
        break;
      case 'quit':
        app.exit(1);
        break;
    }
    return action;
  };

  process.on('uncaughtException', (error) => report('main-exception', error.name));
  process.on('unhandledRejection', (reason) => report('main-exception', toError(reason).name));
  app.on('render-process-gone', (_event, webContents, details) => report('renderer-gone', details.reason, webContents));
  app.on('child-process-gone', (_event, details) => {
    // The core's utility process is supervised separately (CoreSupervisor.onUnexpectedExit).
    if (details.type === 'Utility' && details.serviceName === 'LiveConvo Core') return;
    report('child-gone', details.reason);
  });
  return report;
}
