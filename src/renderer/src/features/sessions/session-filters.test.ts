import { describe, expect, it } from 'vitest';
import type { Session } from '../../../../shared/domain/session';
import { filterSessions } from './session-filters';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 31);

function session(id: string, patch: Partial<Session>): Session {
  return {
    id,
    user_id: null,
    organization_id: null,
    title: id,
    conversation_type: null,
    template_id: null,
    status: 'completed',
    meeting_url: null,
    meeting_platform: null,
    recording_started_at: null,
    recording_ended_at: null,
    recording_duration_seconds: 0,
    participant_me: null,
    participant_them: null,
    ai_instructions: null,
    visibility: 'private',
    created_at: NOW,
    updated_at: NOW,
    ...patch,
  };
}

describe('home filters', () => {
  const sessions = [
    session('sales-new', { conversation_type: 'sales', participant_them: 'Dana Lee', created_at: NOW - 2 * DAY }),
    session('sales-old', { conversation_type: 'sales', created_at: NOW - 40 * DAY, recording_started_at: NOW - 40 * DAY }),
    session('interview', { conversation_type: 'interview', participant_me: 'Sam', created_at: NOW - 10 * DAY }),
  ];
  const ids = (list: Session[]) => list.map((s) => s.id);

  it('filters by type, recency and participant, together', () => {
    expect(ids(filterSessions(sessions, { type: '', withinDays: 0, person: '' }, NOW))).toEqual(['sales-new', 'sales-old', 'interview']);
    expect(ids(filterSessions(sessions, { type: 'sales', withinDays: 0, person: '' }, NOW))).toEqual(['sales-new', 'sales-old']);
    expect(ids(filterSessions(sessions, { type: '', withinDays: 30, person: '' }, NOW))).toEqual(['sales-new', 'interview']);
    expect(ids(filterSessions(sessions, { type: '', withinDays: 0, person: ' dana ' }, NOW))).toEqual(['sales-new']);
    expect(ids(filterSessions(sessions, { type: 'sales', withinDays: 7, person: 'sam' }, NOW))).toEqual([]);
  });
});
