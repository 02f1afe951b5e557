import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DebugLogger } from 'builder-util';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

// electron-builder's own loader and schema validation, as `electron-builder` runs them before packaging.
describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema validation', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.productName).toBe('LiveConvo');
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/*.node']));
    expect(config.mac?.extendInfo).toMatchObject({ NSMicrophoneUsageDescription: expect.any(String), NSScreenCaptureUsageDescription: expect.any(String) });
    expect(config.protocols).toEqual([{ name: 'LiveConvo link', schemes: ['liveconvo'] }]);
    // The validator does reject mistakes (a misspelled target option here).
    await expect(validateConfiguration({ ...config, nsis: { oneClik: false } } as never, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/);
  });

  it('points at icons and entitlements that exist and grant audio input', async () => {
    for (const file of ['icon.icns', 'icon.ico', 'icon.png', 'entitlements.mac.plist']) {
      expect((await stat(join(root, 'resources/build', file))).size, file).toBeGreaterThan(100);
    }
    const plist = await readFile(join(root, 'resources/build/entitlements.mac.plist'), 'utf8');
    expect(plist).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
  });

  it('ships icons as real PNG, ICO and ICNS files of the right sizes', async () => {
    const png = async (file: string) => {
      const data = await readFile(join(root, 'resources', file));
      expect(data.subarray(1, 4).toString('latin1'), file).toBe('PNG');
      return [data.readUInt32BE(16), data.readUInt32BE(20)];
    };
    for (const size of [16, 32, 256, 512, 1024]) expect(await png(`icons/icon-${size}.png`)).toEqual([size, size]);
    expect(await png('build/icon.png')).toEqual([1024, 1024]);
    expect(await png('tray/trayTemplate.png')).toEqual([16, 16]);
    expect(await png('tray/trayTemplate@2x.png')).toEqual([32, 32]);
    const ico = await readFile(join(root, 'resources/build/icon.ico'));
    expect([ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([1, 6]);
    const icns = await readFile(join(root, 'resources/build/icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic10'))).toBe(true);
  });
});
