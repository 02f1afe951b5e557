import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PushEvents } from '../../shared/ipc/contract';
import { buildMeeting, type GeneratedMeeting } from '../audio/testing/speech';
import { sql } from '../db/sql';
import { createTestCore, type TestCore } from '../testing/create-test-core';
import { speakerAccuracy } from './testing/scoring';

const CHUNK = 1600; // 100 ms frames, as the renderer's AudioWorklet sends them

let dir: string;
let meeting: GeneratedMeeting;
let core: TestCore;
let events: { event: keyof PushEvents; payload: unknown }[];

function feed(mic: Int16Array, system: Int16Array | null): void {
  for (let at = 0; at < mic.length; at += CHUNK) {
    core.core.pushAudio('mic', mic.subarray(at, at + CHUNK));
    if (system) core.core.pushAudio('system', system.subarray(at, at + CHUNK));
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lc-recording-'));
  meeting = buildMeeting(
    [
      { speaker: 'me', text: 'Can you hear me well today?' },
      { speaker: 'them', text: 'Yes, the sound is very clear.' },
    ],
    dir,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  core = createTestCore();
  events = [];
  core.subscribe((event, payload) => events.push({ event, payload }));
});

afterEach(async () => {
  await core.close();
});

describe('live recording through pushAudio', () => {
  it('stores attributed final segments as they arrive and pushes partials before them', async () => {
    const session = await core['sessions.create']({ title: 'Live call' });
    const started = await core['recording.start']({ session_id: session.id, sources: ['mic', 'system'] });
    expect(started).toMatchObject({ state: 'recording', session_id: session.id, sources: ['mic', 'system'] });
    feed(meeting.mic, meeting.system);
    const stopped = await core['recording.stop']({ end_session: true });
    expect(stopped.state).toBe('idle');

    const rows = await core['transcripts.list']({ session_id: session.id });
    expect(rows.map((r) => [r.speaker, r.is_owner])).toEqual([
      ['me', true],
      ['them', false],
    ]);
    expect(rows.map((r) => r.sequence_number)).toEqual([0, 1]);
    for (const r of rows) {
      expect(r.confidence_score).toBeGreaterThan(0);
      expect(r.duration_seconds).toBeCloseTo(r.end_time_seconds - r.start_time_seconds, 3);
    }
    expect(speakerAccuracy(meeting.reference, rows.map((r) => ({ ...r, text: r.content })), (s) => s.speaker)).toBe(1);

    const segments = events.filter((e) => e.event === 'transcript.segmentAdded').map((e) => e.payload as PushEvents['transcript.segmentAdded']);
    const firstFinal = segments.findIndex((s) => s.is_final);
    expect(segments.slice(0, firstFinal).some((s) => !s.is_final && s.channel === 'mic' && s.text.length > 0)).toBe(true);
    expect(segments.filter((s) => s.is_final).map((s) => s.transcript?.id)).toEqual(rows.map((r) => r.id));
    const levels = events.filter((e) => e.event === 'recording.levelChanged').map((e) => e.payload as PushEvents['recording.levelChanged']);
    expect(levels.some((l) => l.channel === 'mic' && l.is_speech)).toBe(true);
    expect(levels.some((l) => l.channel === 'system' && l.level_dbfs === -100)).toBe(true);
    expect((await core['sessions.get']({ id: session.id })).status).toBe('completed');
  });

  it('counts usage per recorded minute and warns about a silent channel', async () => {
    const session = await core['sessions.create']({ title: 'Long call' });
    await core['recording.start']({ session_id: session.id, sources: ['mic', 'system'] });
    const silence = new Int16Array(16_000 * 58);
    feed(silence, silence);
    const speech = meeting.mic.subarray(0, Math.round(16_000 * 4.5));
    feed(speech, new Int16Array(speech.length));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const health = events.filter((e) => e.event === 'recording.healthChanged').map((e) => e.payload as PushEvents['recording.healthChanged']);
    expect(health).toContainEqual({ session_id: session.id, channel: 'system', status: 'silent' });
    expect(health).toContainEqual({ session_id: session.id, channel: 'mic', status: 'ok' });
    await core['recording.stop']({ end_session: true });
    const usage = core.internals.db.all<{ minute_timestamp: number; seconds_recorded: number; source: string }>(
      sql`SELECT minute_timestamp, seconds_recorded, source FROM usage_tracking WHERE session_id = ${session.id} ORDER BY minute_timestamp`,
    );
    const startedAt = (await core['sessions.get']({ id: session.id })).recording_started_at ?? 0;
    expect(usage).toEqual([
      { minute_timestamp: startedAt, seconds_recorded: 60, source: 'desktop_recording' },
      { minute_timestamp: startedAt + 60_000, seconds_recorded: 2, source: 'desktop_recording' },
    ]);
  });

  it('reports a channel whose device stopped sending frames', async () => {
    const session = await core['sessions.create']({ title: 'Device unplugged' });
    await core['recording.start']({ session_id: session.id, sources: ['mic', 'system'] });
    feed(new Int16Array(CHUNK * 5), new Int16Array(CHUNK * 5));
    core.advance(5000);
    feed(new Int16Array(CHUNK * 5), null);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(events.map((e) => e.payload)).toContainEqual({ session_id: session.id, channel: 'system', status: 'stopped' });
    await core['recording.stop']({ end_session: false });
  });

  it('pauses (finalizing what was said, ignoring audio) and resumes on the same timeline', async () => {
    const session = await core['sessions.create']({ title: 'Paused call' });
    await core['recording.start']({ session_id: session.id, sources: ['mic'] });
    const half = Math.round(meeting.reference[0]!.endSeconds * 16_000) + 16_000;
    feed(meeting.mic.subarray(0, half), null);
    const paused = await core['recording.pause']({});
    expect(paused.state).toBe('paused');
    expect((await core['sessions.get']({ id: session.id })).status).toBe('paused');
    expect(paused.segments).toBe(1);
    feed(meeting.mic, null);
    expect((await core['recording.status']({})).elapsed_seconds).toBeCloseTo(half / 16_000, 1);
    expect((await core['recording.resume']({})).state).toBe('recording');
    feed(meeting.mic.subarray(0, half), null);
    await core['recording.stop']({ end_session: true });
    const rows = await core['transcripts.list']({ session_id: session.id });
    expect(rows).toHaveLength(2);
    expect(rows[1]!.start_time_seconds).toBeGreaterThan(half / 16_000);
  });

  it('refuses to record into an ended session or over another recording', async () => {
    const ended = await core['sessions.create']({ title: 'Done' });
    await core['sessions.end']({ id: ended.id });
    await expect(core['recording.start']({ session_id: ended.id, sources: ['mic'] })).rejects.toMatchObject({ code: 'session.already_ended' });
    const a = await core['sessions.create']({ title: 'A' });
    const b = await core['sessions.create']({ title: 'B' });
    await core['recording.start']({ session_id: a.id, sources: ['mic'] });
    await expect(core['recording.start']({ session_id: b.id, sources: ['mic'] })).rejects.toMatchObject({ code: 'validation.invalid_input' });
    await core['recording.stop']({ end_session: true });
  });
});
