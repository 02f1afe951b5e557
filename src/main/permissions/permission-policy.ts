import { isAppUrl } from '../security/app-origin';

/** Permissions the app page may hold; everything else (geolocation, MIDI, USB, HID…) is denied. */
const APP_PERMISSIONS = new Set(['media', 'display-capture', 'notifications', 'clipboard-sanitized-write', 'fullscreen']);

/** A permission request as Electron describes it, reduced to what the decision needs. */
export interface PermissionRequest {
  permission: string;
  /** The requesting frame's URL or origin. */
  requestingUrl: string;
  /** For `media`: which kinds were asked for. */
  mediaTypes?: readonly string[];
}

/** True when the app grants the request: only the app origin, only permissions the app uses. */
export function shouldGrantPermission(request: PermissionRequest, appOrigin: string): boolean {
  if (!isAppUrl(request.requestingUrl, appOrigin)) return false;
  if (!APP_PERMISSIONS.has(request.permission)) return false;
  if (request.permission === 'media') {
    // The app records audio; a page asking for the camera is not the app.
    return (request.mediaTypes ?? ['audio']).every((type) => type === 'audio');
  }
  return true;
}

/** What main's display-media handler answers for a `getDisplayMedia` call. */
export type DisplayMediaDecision =
  | { grant: false; reason: string }
  | { grant: true; audio: 'loopback'; video: 'requesting-frame' };

/** A `getDisplayMedia` request, reduced to what the decision needs. */
export interface DisplayMediaRequest {
  securityOrigin: string;
  appOrigin: string;
  audioRequested: boolean;
  hasFrame: boolean;
  platform: NodeJS.Platform;
}

/**
 * Grants system audio to the app page: `audio: 'loopback'` (WASAPI loopback on Windows,
 * ScreenCaptureKit on macOS 13+, the default sink's PulseAudio/PipeWire monitor source on Linux
 * through Chromium's PulseaudioLoopbackForScreenShare). getDisplayMedia must return a video track,
 * so the requesting frame itself is shared as video; the renderer stops that track at once.
 * No screen picker, no desktopCapturer, no portal dialog.
 */
export function decideDisplayMedia(request: DisplayMediaRequest): DisplayMediaDecision {
  if (!isAppUrl(request.securityOrigin, request.appOrigin)) {
    return { grant: false, reason: 'not the app origin' };
  }
  if (!request.audioRequested) return { grant: false, reason: 'only system audio is shared' };
  if (!request.hasFrame) return { grant: false, reason: 'requesting frame is gone' };
  if (!['win32', 'darwin', 'linux'].includes(request.platform)) return { grant: false, reason: 'unsupported platform' };
  return { grant: true, audio: 'loopback', video: 'requesting-frame' };
}

/** Chromium features that turn system-audio loopback on for getDisplayMedia, per platform. */
export function loopbackFeatureFlags(platform: NodeJS.Platform): string[] {
  switch (platform) {
    case 'darwin':
      return ['MacLoopbackAudioForScreenShare', 'MacSckSystemAudioLoopbackOverride'];
    case 'linux':
      return ['PulseaudioLoopbackForScreenShare'];
    default:
      return [];
  }
}
