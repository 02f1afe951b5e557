import type { Session, SESSION_STATUSES } from '../../shared/domain/session';
import { sessionNotFound } from '../../shared/errors';
import type { AppDb } from '../db/open-database';
import { sql, type SqlValue } from '../db/sql';

type SessionRow = Session;

const COLUMNS = `id, user_id, organization_id, title, conversation_type, template_id, status, meeting_url,
  meeting_platform, recording_started_at, recording_ended_at, recording_duration_seconds, participant_me,
  participant_them, ai_instructions, visibility, created_at, updated_at`;

/** Editable session columns. */
export type SessionPatch = Partial<Omit<Session, 'id' | 'created_at'>>;

/** Reads and writes `sessions` rows. */
export function createSessionsRepo(db: AppDb) {
  return {
    /** Inserts a full session row. */
    insert(row: Session): void {
      db.run(sql`INSERT INTO sessions (id, user_id, organization_id, title, conversation_type, template_id, status,
        meeting_url, meeting_platform, recording_started_at, recording_ended_at, recording_duration_seconds,
        participant_me, participant_them, ai_instructions, visibility, created_at, updated_at)
        VALUES (${row.id}, ${row.user_id}, ${row.organization_id}, ${row.title}, ${row.conversation_type},
        ${row.template_id}, ${row.status}, ${row.meeting_url}, ${row.meeting_platform}, ${row.recording_started_at},
        ${row.recording_ended_at}, ${row.recording_duration_seconds}, ${row.participant_me}, ${row.participant_them},
        ${row.ai_instructions}, ${row.visibility}, ${row.created_at}, ${row.updated_at})`);
    },

    /** A live (not deleted) session, or undefined. */
    find(id: string): Session | undefined {
      return db.get<SessionRow>([`SELECT ${COLUMNS} FROM sessions WHERE id = ? AND deleted_at IS NULL`, [id]]);
    },

    /**
     * A live session.
     * @throws AppError('session.not_found')
     */
    get(id: string): Session {
      const row = this.find(id);
      if (!row) throw sessionNotFound(id);
      return row;
    },

    /** Newest first, optionally before a timestamp and filtered by status or type. */
    list(options: { limit: number; before?: number; status?: (typeof SESSION_STATUSES)[number]; conversationType?: string }): Session[] {
      const where = ['deleted_at IS NULL'];
      const params: SqlValue[] = [];
      if (options.before !== undefined) {
        where.push('created_at < ?');
        params.push(options.before);
      }
      if (options.status) {
        where.push('status = ?');
        params.push(options.status);
      }
      if (options.conversationType) {
        where.push('conversation_type = ?');
        params.push(options.conversationType);
      }
      params.push(options.limit);
      return db.all<SessionRow>([
        `SELECT ${COLUMNS} FROM sessions WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id LIMIT ?`,
        params,
      ]);
    },

    /** Applies a patch of known columns; returns the updated row. */
    update(id: string, patch: SessionPatch): Session {
      const entries = Object.entries(patch).filter(([key]) => UPDATABLE.has(key));
      if (entries.length > 0) {
        const assignments = entries.map(([key]) => `${key} = ?`).join(', ');
        const values = entries.map(([, value]) => value as SqlValue);
        const changed = db.run([`UPDATE sessions SET ${assignments} WHERE id = ? AND deleted_at IS NULL`, [...values, id]]);
        if (changed === 0) throw sessionNotFound(id);
      }
      return this.get(id);
    },

    /** Removes a session and (by cascade) everything attached to it. */
    remove(id: string): void {
      if (db.run(sql`DELETE FROM sessions WHERE id = ${id}`) === 0) throw sessionNotFound(id);
    },
  };
}

/** Columns a patch may touch; anything else is ignored (the key list is never user-controlled SQL). */
const UPDATABLE = new Set([
  'title', 'conversation_type', 'status', 'meeting_url', 'meeting_platform', 'recording_started_at',
  'recording_ended_at', 'recording_duration_seconds', 'participant_me', 'participant_them', 'ai_instructions',
  'visibility', 'updated_at', 'user_id', 'organization_id',
]);

/** The repository type. */
export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
