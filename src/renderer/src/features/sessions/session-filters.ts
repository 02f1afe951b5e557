import type { Session } from '../../../../shared/domain/session';

/** Home list filters. */
export interface SessionFilters {
  type: string;
  /** Only sessions in the last N days; 0 = any time. */
  withinDays: number;
  /** Case-insensitive match on the participants and the title. */
  person: string;
}

/** Applies the home filters; `nowMs` is injected for tests. */
export function filterSessions(sessions: readonly Session[], filters: SessionFilters, nowMs: number): Session[] {
  const person = filters.person.trim().toLowerCase();
  const since = filters.withinDays > 0 ? nowMs - filters.withinDays * 86_400_000 : 0;
  return sessions.filter((s) => {
    if (filters.type && s.conversation_type !== filters.type) return false;
    if ((s.recording_started_at ?? s.created_at) < since) return false;
    if (person && ![s.participant_me, s.participant_them, s.title].some((v) => v?.toLowerCase().includes(person))) return false;
    return true;
  });
}
