import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePort } from './serve';

const bin = join(resolve(import.meta.dirname, '../../../..'), 'bin/liveconvo.mjs');

describe('liveconvo serve', () => {
  it('parses ports and refuses bad ones with a clear error', () => {
    expect(parsePort(undefined, 4870)).toBe(4870);
    expect(parsePort('0', 4870)).toBe(0);
    expect(parsePort('8080', 4870)).toBe(8080);
    for (const bad of ['-1', '65536', 'abc', '80a', '']) {
      expect(() => parsePort(bad, 4870)).toThrow(expect.objectContaining({ code: 'validation.invalid_input' }));
    }
  });

  it('prints its help and rejects an invalid port on the command line', () => {
    const help = spawnSync(process.execPath, [bin, 'serve', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--port');
    const bad = spawnSync(process.execPath, [bin, 'serve', '--port', 'nope'], { encoding: 'utf8', env: { ...process.env, LIVECONVO_DATA_DIR: '/nonexistent/never-created' } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--port must be 0..65535');
  });
});
