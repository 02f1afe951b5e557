import { describe, expect, it } from 'vitest';
import { notificationText, summaryReadySessionId } from './notification-text';

const ID = '0b6f3c1e-5d2a-4c8e-9f10-2a3b4c5d6e7f';

describe('summaryReadySessionId', () => {
  it('fires only for a completed summary', () => {
    expect(summaryReadySessionId('summaries.changed', { session_id: ID, summary_id: 'x', generation_status: 'completed' })).toBe(ID);
    expect(summaryReadySessionId('summaries.changed', { session_id: ID, generation_status: 'generating' })).toBeNull();
    expect(summaryReadySessionId('summaries.changed', { session_id: ID, generation_status: 'failed' })).toBeNull();
    expect(summaryReadySessionId('sessions.changed', { id: ID })).toBeNull();
    expect(summaryReadySessionId('summaries.changed', null)).toBeNull();
  });
});

describe('notificationText', () => {
  it('names the session, never transcript content', () => {
    expect(notificationText('recording.started', 'Weekly sync')).toEqual({ title: 'Recording started', body: 'Weekly sync' });
    expect(notificationText('summary.ready', 'Weekly sync')).toEqual({ title: 'Summary ready', body: 'Weekly sync' });
  });
});
