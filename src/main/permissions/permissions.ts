import { app, session } from 'electron';
import { createLogger } from '../../core/log/logger';
import { decideDisplayMedia, loopbackFeatureFlags, shouldGrantPermission } from './permission-policy';

const log = createLogger('permissions');

/** Must run before `app.whenReady()`: turns on Chromium's system-audio loopback for this platform. */
export function enableLoopbackAudioFeatures(): void {
  const flags = loopbackFeatureFlags(process.platform);
  if (flags.length > 0) app.commandLine.appendSwitch('enable-features', flags.join(','));
}

/** Installs the permission, permission-check and display-media handlers on the default session. */
export function installPermissionHandlers(appOrigin: string): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const isGranted = shouldGrantPermission(
      { permission, requestingUrl: details.requestingUrl, ...(mediaTypes === undefined ? {} : { mediaTypes }) },
      appOrigin,
    );
    if (!isGranted) log.warn('permission denied', { permission });
    callback(isGranted);
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    shouldGrantPermission({ permission, requestingUrl: requestingOrigin }, appOrigin),
  );
  ses.setDisplayMediaRequestHandler((request, callback) => {
    const decision = decideDisplayMedia({
      securityOrigin: request.securityOrigin,
      appOrigin,
      audioRequested: request.audioRequested,
      hasFrame: request.frame !== null,
      platform: process.platform,
    });
    if (!decision.grant || !request.frame) {
      log.warn('display media denied', { reason: decision.grant ? 'frame gone' : decision.reason });
      callback(null);
      return;
    }
    callback({ video: request.frame, audio: decision.audio });
  });
}
