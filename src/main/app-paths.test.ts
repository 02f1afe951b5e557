import { describe, expect, it } from 'vitest';
import { resolveDataDir, resolveMigrationsDir, resolveResource } from './app-paths';

describe('app paths', () => {
  it('uses LIVECONVO_DATA_DIR only when it is absolute', () => {
    expect(resolveDataDir('/srv/liveconvo', '/home/u/.config/LiveConvo')).toBe('/srv/liveconvo');
    expect(resolveDataDir('relative/dir', '/home/u/.config/LiveConvo')).toBe('/home/u/.config/LiveConvo');
    expect(resolveDataDir(undefined, '/home/u/.config/LiveConvo')).toBe('/home/u/.config/LiveConvo');
    expect(resolveDataDir('', '/home/u/.config/LiveConvo')).toBe('/home/u/.config/LiveConvo');
  });

  it('finds migrations and resources inside the app', () => {
    expect(resolveMigrationsDir('/opt/LiveConvo/resources/app.asar')).toBe('/opt/LiveConvo/resources/app.asar/migrations/sqlite');
    expect(resolveResource('/repo', 'tray/tray.png')).toBe('/repo/resources/tray/tray.png');
  });
});
