import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../create-core';
import { runCli } from '../cli';

describe('liveconvo search', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-d2-cli-'));
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  async function run(args: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    const code = await runCli(args);
    vi.restoreAllMocks();
    return { code, out };
  }

  it('searches and asks over the stored meetings of the data directory', async () => {
    const core = createCore({ databasePath: join(dir, 'liveconvo.db'), dataDir: dir });
    const session = await core['sessions.create']({ title: 'Acme pricing call' });
    for (const [i, content] of ['Our budget is capped at forty thousand dollars', 'Send the contract on Friday'].entries()) {
      await core['transcripts.add']({ session_id: session.id, content, speaker: 'them', is_owner: false, start_time_seconds: i * 65, end_time_seconds: i * 65 + 4 });
    }
    await core.close();
    vi.stubEnv('LIVECONVO_DATA_DIR', dir);

    const search = await run(['search', '--json', 'contract', 'friday']);
    expect(search.code).toBe(0);
    const result = JSON.parse(search.out) as { hits: { session_id: string; start_time_seconds: number }[] };
    expect(result.hits[0]).toMatchObject({ session_id: session.id, start_time_seconds: 65 });

    const ask = await run(['search', '--ask', 'What is the budget capped at?']);
    expect(ask.out).toContain('"Our budget is capped at forty thousand dollars" [1]');
    expect(ask.out).toContain(`[1] Acme pricing call at 0:00 (them, session ${session.id})`);

    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err += String(chunk);
      return true;
    });
    expect(await runCli(['search'])).toBe(1);
    expect(err).toContain('validation.invalid_input');
    rmSync(dir, { recursive: true, force: true });
  });
});
