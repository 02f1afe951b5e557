import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';

/** Where recorded minutes came from (`usage_tracking.source`). */
export type UsageSource = 'desktop_recording' | 'file_import';

/** Keeps `usage_tracking` at one row per recorded minute of a session, seconds 0–60. */
export function createUsageMeter(options: {
  db: AppDb;
  sessionId: string;
  userId: string | null;
  organizationId: string | null;
  /** Epoch ms of the session's recording start; minute rows are stamped from it. */
  startedAt: number;
  source: UsageSource;
  newId: () => string;
  now: () => number;
}) {
  const { db } = options;
  let lastWholeSecond = -1;
  return {
    /** Records progress up to `timelineSeconds`; writes at most once per whole second. */
    record(timelineSeconds: number): void {
      const whole = Math.floor(timelineSeconds);
      if (whole <= lastWholeSecond) return;
      const firstMinute = Math.max(0, Math.floor(Math.max(0, lastWholeSecond) / 60));
      lastWholeSecond = whole;
      const lastMinute = Math.floor(whole / 60);
      db.transaction(() => {
        for (let minute = firstMinute; minute <= lastMinute; minute++) {
          const seconds = Math.max(0, Math.min(60, whole - minute * 60));
          if (seconds === 0 && minute === lastMinute && minute > 0) continue;
          db.run(sql`INSERT INTO usage_tracking (id, organization_id, user_id, session_id, minute_timestamp, seconds_recorded, source, created_at)
            VALUES (${options.newId()}, ${options.organizationId}, ${options.userId}, ${options.sessionId},
              ${options.startedAt + minute * 60_000}, ${seconds}, ${options.source}, ${options.now()})
            ON CONFLICT (session_id, minute_timestamp, source)
            DO UPDATE SET seconds_recorded = MAX(seconds_recorded, excluded.seconds_recorded)`);
        }
      });
    },
  };
}

/** Seconds of a session already recorded (so a resumed recording continues its timeline). */
export function recordedSeconds(db: AppDb, sessionId: string, startedAt: number): number {
  const usage = db.get<{ s: number | null }>(sql`SELECT MAX((minute_timestamp - ${startedAt}) / 1000.0 + seconds_recorded) AS s
    FROM usage_tracking WHERE session_id = ${sessionId}`)?.s ?? 0;
  const transcript = db.get<{ s: number | null }>(sql`SELECT MAX(end_time_seconds) AS s FROM transcripts WHERE session_id = ${sessionId}`)?.s ?? 0;
  return Math.max(usage, transcript);
}
