import { afterEach, describe, expect, it } from 'vitest';
import { dispatchIpc } from '../../shared/ipc/dispatch';
import { createTestCore } from '../testing/create-test-core';

const SALES = '00000000-0000-4000-8000-000000000001';

describe('sessions', () => {
  let core = createTestCore();
  afterEach(async () => {
    await core.close();
    core = createTestCore();
  });

  it('creates a session from a template with its checklist and context, then lists it', async () => {
    const session = await core['sessions.create']({ title: 'Acme discovery', template_id: SALES, context_text: 'Acme buys widgets' });
    expect(session.conversation_type).toBe('sales');
    expect(session.status).toBe('draft');
    const checklist = await core['checklist.list']({ session_id: session.id });
    expect(checklist.map((item) => item.text)).toContain('Budget');
    const listed = await core['sessions.list']({ limit: 10 });
    expect(listed.map((s) => s.id)).toEqual([session.id]);
    const templates = await core['templates.list']({});
    expect(templates.find((t) => t.id === SALES)?.usage_count).toBe(1);
  });

  it('starts, records transcript rows in order, and ends with a duration', async () => {
    const session = await core['sessions.create']({ title: 'Standup' });
    await core['sessions.start']({ id: session.id });
    await core['transcripts.add']({ session_id: session.id, content: 'hello there', speaker: 'me', is_owner: true, start_time_seconds: 0, end_time_seconds: 1.5 });
    await core['transcripts.add']({ session_id: session.id, content: 'hi', speaker: 'them', start_time_seconds: 2, end_time_seconds: 3 });
    core.advance(90_000);
    const ended = await core['sessions.end']({ id: session.id });
    expect(ended.status).toBe('completed');
    expect(ended.recording_duration_seconds).toBe(90);
    const rows = await core['transcripts.list']({ session_id: session.id });
    expect(rows.map((r) => [r.sequence_number, r.speaker, r.is_owner])).toEqual([[0, 'me', true], [1, 'them', false]]);
    await expect(core['sessions.start']({ id: session.id })).rejects.toMatchObject({ code: 'session.already_ended' });
  });

  it('deletes a session and everything attached to it', async () => {
    const session = await core['sessions.create']({ title: 'Temp', template_id: SALES });
    await core['notes.create']({ session_id: session.id, category: 'decision', content: 'Ship Friday' });
    await core['sessions.delete']({ id: session.id });
    await expect(core['sessions.get']({ id: session.id })).rejects.toMatchObject({ code: 'session.not_found' });
    const orphans = core.internals.db.get<{ n: number }>(['SELECT COUNT(*) AS n FROM smart_notes', []]);
    expect(orphans?.n).toBe(0);
  });
});

describe('the IPC boundary', () => {
  it('rejects bad input with a typed error and changes nothing', async () => {
    const core = createTestCore();
    const cases: [string, unknown][] = [
      ['sessions.create', { title: 42 }],
      ['sessions.create', { title: 'x'.repeat(301) }],
      ['sessions.create', { title: 'ok', injected: true }],
      ['sessions.get', { id: 'not-a-uuid' }],
      ['no.such.channel', {}],
      ['sessions.create', { title: 'big', context_text: 'y'.repeat(1_100_000) }],
    ];
    for (const [channel, input] of cases) {
      const result = await dispatchIpc(core.core, channel, input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(['validation.invalid_input', 'ipc.unknown_channel', 'validation.too_large']).toContain(result.error.code);
    }
    expect(await core['sessions.list']({})).toEqual([]);
    await core.close();
  });
});
