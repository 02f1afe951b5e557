import { describe, expect, it } from 'vitest';
import { resolveAppAsset } from './app-protocol-path';

const dir = '/opt/LiveConvo/resources/app.asar/out/renderer';

describe('resolveAppAsset', () => {
  it('serves index.html for the root and files below the renderer dir', () => {
    expect(resolveAppAsset('app://liveconvo/', dir)).toEqual({ filePath: `${dir}/index.html`, mimeType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset('app://liveconvo/assets/index-abc.js?v=1#x', dir)).toEqual({ filePath: `${dir}/assets/index-abc.js`, mimeType: 'text/javascript; charset=utf-8' });
    expect(resolveAppAsset('app://liveconvo/assets/a%20b.css', dir)?.filePath).toBe(`${dir}/assets/a b.css`);
  });

  it('refuses traversal, other hosts and other schemes', () => {
    for (const bad of [
      'app://liveconvo/../../../etc/passwd',
      'app://liveconvo/%2e%2e/%2e%2e/secrets.json',
      'app://liveconvo/assets/..%2F..%2F..%2Fmain%2Findex.js',
      'app://liveconvo/a%5C..%5C..%5Cx',
      'app://liveconvo/a%00.html',
      'app://liveconvo/%E0%A4%A',
      'app://other/index.html',
      'file:///opt/LiveConvo/index.html',
    ]) {
      const resolved = resolveAppAsset(bad, dir);
      if (resolved) expect(resolved.filePath.startsWith(`${dir}/`), bad).toBe(true);
      else expect(resolved).toBeNull();
    }
    expect(resolveAppAsset('app://liveconvo/assets/..%2F..%2F..%2Fmain%2Findex.js', dir)).toBeNull();
    expect(resolveAppAsset('app://other/index.html', dir)).toBeNull();
  });
});
