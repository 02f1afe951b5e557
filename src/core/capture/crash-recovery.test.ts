import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildMeeting, writeWavFile, type GeneratedMeeting } from '../audio/testing/speech';
import { createCore } from '../create-core';
import { openDatabase } from '../db/open-database';
import { sql } from '../db/sql';

let dir: string;
let meeting: GeneratedMeeting;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lc-crash-'));
  meeting = buildMeeting(
    [
      { speaker: 'me', text: 'The budget is ready for review.' },
      { speaker: 'me', text: 'Please send the contract today.' },
    ],
    dir,
  );
  writeWavFile(join(dir, 'mic.wav'), meeting.mic);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function countRows(databasePath: string, sessionId: string): { rows: number; lastEnd: number } {
  const db = openDatabase(databasePath);
  try {
    const r = db.get<{ n: number; e: number | null }>(sql`SELECT COUNT(*) AS n, MAX(end_time_seconds) AS e FROM transcripts WHERE session_id = ${sessionId}`);
    return { rows: r?.n ?? 0, lastEnd: r?.e ?? 0 };
  } finally {
    db.close();
  }
}

it('keeps every stored segment after kill -9 and resumes or ends the session on restart', async () => {
  const databasePath = join(dir, 'liveconvo.db');
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'testing/record-child.ts'), databasePath, dir, join(dir, 'mic.wav')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LIVECONVO_LOG_LEVEL: 'silent' },
  });
  const sessionId = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      const match = /SESSION (\S+)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  // Wait until three segments are stored, then kill the recorder without warning.
  let seen = { rows: 0, lastEnd: 0 };
  while (seen.rows < 3) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = countRows(databasePath, sessionId);
  }
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));

  const after = countRows(databasePath, sessionId);
  expect(after.rows).toBeGreaterThanOrEqual(seen.rows);

  const core = createCore({ databasePath, dataDir: dir });
  try {
    const status = await core['recording.status']({});
    expect(status.state).toBe('idle');
    expect(status.interrupted_session_ids).toContain(sessionId);
    const usage = core.internals.db.get<{ s: number }>(sql`SELECT SUM(seconds_recorded) AS s FROM usage_tracking WHERE session_id = ${sessionId}`);
    expect(usage?.s ?? 0).toBeGreaterThanOrEqual(Math.floor(after.lastEnd));

    // Resume: the timeline continues after what was recorded, sequence numbers continue.
    const resumed = await core['recording.start']({ session_id: sessionId, sources: ['mic'] });
    expect(resumed.elapsed_seconds).toBeGreaterThanOrEqual(after.lastEnd);
    for (let at = 0; at < meeting.mic.length; at += 1600) core.pushAudio('mic', meeting.mic.subarray(at, at + 1600));
    await core['recording.stop']({ end_session: true });
    const rows = await core['transcripts.list']({ session_id: sessionId, limit: 1000 });
    expect(rows.length).toBeGreaterThan(after.rows);
    expect(rows.map((r) => r.sequence_number)).toEqual(rows.map((_, i) => i));
    expect(rows[after.rows]!.start_time_seconds).toBeGreaterThanOrEqual(after.lastEnd);
    expect((await core['sessions.get']({ id: sessionId })).status).toBe('completed');
    expect((await core['recording.status']({})).interrupted_session_ids).not.toContain(sessionId);
  } finally {
    await core.close();
  }
});
