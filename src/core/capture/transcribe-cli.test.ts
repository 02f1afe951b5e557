import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMeeting, SHORT_MEETING, writeWavFile, type GeneratedMeeting } from '../audio/testing/speech';
import { openDatabase } from '../db/open-database';
import { sql } from '../db/sql';
import { rawPocketSphinx, speakerAccuracy, werBySpeaker, type ScoredSegment } from './testing/scoring';

const run = promisify(execFile);
const BIN = join(__dirname, '../../../bin/liveconvo.mjs');

interface CliJson {
  session_id: string;
  segments: (ScoredSegment & { confidence: number | null })[];
}

let dir: string;
let clean: GeneratedMeeting;
let echoed: GeneratedMeeting;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, 'transcribe', ...args], {
      env: { ...process.env, LIVECONVO_DATA_DIR: join(dir, 'data'), LIVECONVO_LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function sessionCount(): number {
  const db = openDatabase(join(dir, 'data', 'liveconvo.db'));
  try {
    return db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM sessions`)?.n ?? 0;
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lc-transcribe-cli-'));
  clean = buildMeeting(SHORT_MEETING, dir);
  writeWavFile(join(dir, 'mic.wav'), clean.mic);
  writeWavFile(join(dir, 'system.wav'), clean.system);
  writeWavFile(join(dir, 'mixed.wav'), clean.mixed);
  // The mic hears the speakers at -10 dB, 40 ms late: a laptop call without headphones.
  echoed = buildMeeting(SHORT_MEETING, dir, { echoGain: 0.32 });
  writeWavFile(join(dir, 'mic-echo.wav'), echoed.mic);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('liveconvo transcribe --mic --system', () => {
  it('matches raw pocketsphinx WER and attributes words to the right speaker', async () => {
    const result = await cli(['--mic', join(dir, 'mic.wav'), '--system', join(dir, 'system.wav'), '--json']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as CliJson;
    expect(Object.keys(output).sort()).toEqual(['segments', 'session_id']);
    for (const s of output.segments) {
      expect(Object.keys(s).sort()).toEqual(['confidence', 'end_time_seconds', 'speaker', 'start_time_seconds', 'text']);
      expect(s.end_time_seconds).toBeGreaterThan(s.start_time_seconds);
    }
    const ours = werBySpeaker(clean.reference, output.segments, (s) => s.speaker);
    const rawMe = rawPocketSphinx(join(dir, 'mic.wav'));
    const rawThem = rawPocketSphinx(join(dir, 'system.wav'));
    const raw = werBySpeaker(
      clean.reference,
      [
        { speaker: 'me', text: rawMe, start_time_seconds: 0, end_time_seconds: 1 },
        { speaker: 'them', text: rawThem, start_time_seconds: 0, end_time_seconds: 1 },
      ],
      (s) => s.speaker,
    );
    expect(ours.wer).toBeLessThanOrEqual(raw.wer * 1.1 + 1e-9);
    expect(speakerAccuracy(clean.reference, output.segments, (s) => s.speaker)).toBeGreaterThanOrEqual(0.95);

    const db = openDatabase(join(dir, 'data', 'liveconvo.db'));
    try {
      const rows = db.all<{ speaker: string; is_owner: number; sequence_number: number }>(
        sql`SELECT speaker, is_owner, sequence_number FROM transcripts WHERE session_id = ${output.session_id} ORDER BY sequence_number`,
      );
      expect(rows.map((r) => r.sequence_number)).toEqual(rows.map((_, i) => i));
      expect(rows.every((r) => (r.speaker === 'me') === (r.is_owner === 1))).toBe(true);
      const usage = db.all<{ seconds_recorded: number; source: string }>(sql`SELECT seconds_recorded, source FROM usage_tracking WHERE session_id = ${output.session_id}`);
      expect(usage).toEqual([{ seconds_recorded: Math.floor(clean.mic.length / 16_000), source: 'file_import' }]);
      expect(db.get<{ status: string }>(sql`SELECT status FROM sessions WHERE id = ${output.session_id}`)?.status).toBe('completed');
    } finally {
      db.close();
    }
  });

  it('drops the mic echo of what the system channel said, keeping my own words', async () => {
    const result = await cli(['--mic', join(dir, 'mic-echo.wav'), '--system', join(dir, 'system.wav'), '--json']);
    expect(result.code).toBe(0);
    const { segments } = JSON.parse(result.stdout) as CliJson;
    const mine = segments.filter((s) => s.speaker === 'me');
    // Every "me" segment lies over one of my turns, none over theirs.
    expect(speakerAccuracy(echoed.reference, segments, (s) => s.speaker)).toBeGreaterThanOrEqual(0.95);
    expect(mine.length).toBe(echoed.reference.filter((r) => r.speaker === 'me').length);
    expect(segments.filter((s) => s.speaker === 'them').length).toBe(echoed.reference.filter((r) => r.speaker === 'them').length);
  });
});

describe('liveconvo transcribe --input', () => {
  it('separates the two voices of a mixed recording into speaker_1 and speaker_2', async () => {
    const result = await cli(['--input', join(dir, 'mixed.wav'), '--json']);
    expect(result.code).toBe(0);
    const { segments } = JSON.parse(result.stdout) as CliJson;
    expect(new Set(segments.map((s) => s.speaker))).toEqual(new Set(['speaker_1', 'speaker_2']));
    // speaker_1 is whoever speaks first: "me" in this script.
    const toTruth = (s: ScoredSegment) => (s.speaker === 'speaker_1' ? 'me' : 'them');
    expect(speakerAccuracy(clean.reference, segments, toTruth)).toBeGreaterThanOrEqual(0.95);
  });

  it('decodes MP3 through ffmpeg', async () => {
    await run('ffmpeg', ['-v', 'error', '-y', '-i', join(dir, 'mixed.wav'), join(dir, 'mixed.mp3')]);
    const result = await cli(['--input', join(dir, 'mixed.mp3'), '--json']);
    expect(result.code).toBe(0);
    const { segments } = JSON.parse(result.stdout) as CliJson;
    expect(segments.map((s) => s.text).join(' ')).toMatch(/twenty dollars/);
  });

  it('rejects bad audio with a clear error and leaves no session behind', async () => {
    const before = sessionCount();
    writeFileSync(join(dir, 'empty.wav'), '');
    writeFileSync(join(dir, 'truncated.wav'), Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt '));
    writeFileSync(join(dir, 'notes.wav'), 'these are meeting notes, not audio');
    writeFileSync(join(dir, 'garbage.mp3'), Buffer.alloc(2048, 7));
    const cases: [string, RegExp][] = [
      ['empty.wav', /audio\.invalid: The audio file is empty/],
      ['truncated.wav', /audio\.invalid: Truncated WAV header/],
      ['notes.wav', /audio\.invalid: Not a WAV file/],
      ['garbage.mp3', /audio\.unsupported_format: ffmpeg could not decode/],
    ];
    for (const [file, message] of cases) {
      const result = await cli(['--input', join(dir, file)]);
      expect(result.code, file).toBe(1);
      expect(result.stderr, file).toMatch(message);
    }
    expect(sessionCount()).toBe(before);
  });

  it('stores an empty transcript for silence', async () => {
    writeWavFile(join(dir, 'silence.wav'), new Int16Array(16_000 * 3));
    const result = await cli(['--input', join(dir, 'silence.wav'), '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as CliJson).segments).toEqual([]);
  });

  it('names the codec when ffmpeg is missing', async () => {
    const { stderr, code } = await (async () => {
      try {
        await run('node', [BIN, 'transcribe', '--input', join(dir, 'mixed.mp3')], {
          env: { ...process.env, LIVECONVO_DATA_DIR: join(dir, 'data'), LIVECONVO_FFMPEG: join(dir, 'no-ffmpeg'), LIVECONVO_LOG_LEVEL: 'warn' },
        });
        return { stderr: '', code: 0 };
      } catch (error) {
        return error as { stderr: string; code: number };
      }
    })();
    expect(code).toBe(1);
    expect(stderr).toMatch(/audio\.codec_missing: Decoding MP3 audio needs ffmpeg/);
  });
});
