import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../security/app-origin';
import { decideDisplayMedia, loopbackFeatureFlags, shouldGrantPermission } from './permission-policy';

describe('shouldGrantPermission', () => {
  it('grants the microphone and notifications to the app origin', () => {
    expect(shouldGrantPermission({ permission: 'media', requestingUrl: 'app://liveconvo/index.html', mediaTypes: ['audio'] }, APP_ORIGIN)).toBe(true);
    expect(shouldGrantPermission({ permission: 'notifications', requestingUrl: 'app://liveconvo/' }, APP_ORIGIN)).toBe(true);
    expect(shouldGrantPermission({ permission: 'media', requestingUrl: 'http://localhost:5173/', mediaTypes: ['audio'] }, 'http://localhost:5173')).toBe(true);
  });

  it('denies other origins, the camera and permissions the app never uses', () => {
    expect(shouldGrantPermission({ permission: 'media', requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] }, APP_ORIGIN)).toBe(false);
    expect(shouldGrantPermission({ permission: 'media', requestingUrl: 'file:///tmp/x.html', mediaTypes: ['audio'] }, APP_ORIGIN)).toBe(false);
    expect(shouldGrantPermission({ permission: 'media', requestingUrl: 'app://liveconvo/', mediaTypes: ['audio', 'video'] }, APP_ORIGIN)).toBe(false);
    expect(shouldGrantPermission({ permission: 'geolocation', requestingUrl: 'app://liveconvo/' }, APP_ORIGIN)).toBe(false);
    expect(shouldGrantPermission({ permission: 'openExternal', requestingUrl: 'app://liveconvo/' }, APP_ORIGIN)).toBe(false);
    expect(shouldGrantPermission({ permission: 'media', requestingUrl: '', mediaTypes: ['audio'] }, APP_ORIGIN)).toBe(false);
  });
});

describe('decideDisplayMedia', () => {
  const base = { securityOrigin: 'app://liveconvo', appOrigin: APP_ORIGIN, audioRequested: true, hasFrame: true };

  it('grants loopback system audio on every desktop platform', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(decideDisplayMedia({ ...base, platform })).toEqual({ grant: true, audio: 'loopback', video: 'requesting-frame' });
    }
  });

  it('refuses foreign origins, video-only requests, dead frames and other platforms', () => {
    expect(decideDisplayMedia({ ...base, platform: 'linux', securityOrigin: 'https://evil.example' })).toMatchObject({ grant: false });
    expect(decideDisplayMedia({ ...base, platform: 'linux', audioRequested: false })).toMatchObject({ grant: false });
    expect(decideDisplayMedia({ ...base, platform: 'linux', hasFrame: false })).toMatchObject({ grant: false });
    expect(decideDisplayMedia({ ...base, platform: 'freebsd' })).toMatchObject({ grant: false });
  });
});

describe('loopbackFeatureFlags', () => {
  it('enables PulseAudio monitor loopback on Linux and ScreenCaptureKit loopback on macOS', () => {
    expect(loopbackFeatureFlags('linux')).toEqual(['PulseaudioLoopbackForScreenShare']);
    expect(loopbackFeatureFlags('darwin')).toContain('MacLoopbackAudioForScreenShare');
    expect(loopbackFeatureFlags('win32')).toEqual([]);
  });
});
