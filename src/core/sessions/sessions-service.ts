import type { CreateSessionInput, Session, UpdateSessionInput } from '../../shared/domain/session';
import { AppError } from '../../shared/errors';
import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import type { TemplatesRepo } from '../templates/templates-repo';
import type { SessionsRepo } from './sessions-repo';

/** What the sessions service needs. */
export interface SessionsServiceDeps {
  db: AppDb;
  sessions: SessionsRepo;
  templates: TemplatesRepo;
  now: () => number;
  newId: () => string;
  /** The signed-in user, if any; local-only use leaves it null. */
  currentUser: () => { userId: string | null; organizationId: string | null };
  onChanged: (id: string) => void;
}

/** Session lifecycle: create from a template, start, end, update, delete. */
export function createSessionsService(deps: SessionsServiceDeps) {
  const { db, sessions, templates, now, newId } = deps;

  return {
    /**
     * Creates a draft session; a template fills the type and the prep checklist, and context
     * text lands in `session_context`, all in one transaction.
     * @throws AppError('template.not_found')
     */
    create(input: CreateSessionInput): Session {
      const at = now();
      const { userId, organizationId } = deps.currentUser();
      const template = input.template_id ? templates.get(input.template_id) : undefined;
      const session: Session = {
        id: newId(),
        user_id: userId,
        organization_id: organizationId,
        title: input.title,
        conversation_type: input.conversation_type ?? template?.conversation_type ?? null,
        template_id: template?.id ?? null,
        status: 'draft',
        meeting_url: input.meeting_url ?? null,
        meeting_platform: input.meeting_platform ?? null,
        recording_started_at: null,
        recording_ended_at: null,
        recording_duration_seconds: 0,
        participant_me: input.participant_me ?? null,
        participant_them: input.participant_them ?? null,
        ai_instructions: input.ai_instructions ?? null,
        visibility: input.visibility ?? 'private',
        created_at: at,
        updated_at: at,
      };
      db.transaction(() => {
        sessions.insert(session);
        if (template) {
          templates.markUsed(template.id, at);
          for (const text of template.default_checklist) {
            db.run(sql`INSERT INTO prep_checklist (id, session_id, created_by, text, status, created_at, updated_at)
              VALUES (${newId()}, ${session.id}, ${userId}, ${text}, 'open', ${at}, ${at})`);
          }
        }
        if (input.context_text) {
          db.run(sql`INSERT INTO session_context (id, session_id, user_id, organization_id, text_context, created_at, updated_at)
            VALUES (${newId()}, ${session.id}, ${userId}, ${organizationId}, ${input.context_text}, ${at}, ${at})`);
        }
      });
      deps.onChanged(session.id);
      return session;
    },

    /** Updates editable fields. */
    update(input: UpdateSessionInput): Session {
      const patch = Object.fromEntries(Object.entries(input.patch).filter(([, v]) => v !== undefined));
      const updated = sessions.update(input.id, { ...patch, updated_at: now() });
      deps.onChanged(input.id);
      return updated;
    },

    /**
     * Marks a session active and stamps the recording start (resuming keeps the first start).
     * @throws AppError('session.already_ended') for a completed session.
     */
    start(id: string): Session {
      const current = sessions.get(id);
      if (current.status === 'completed' || current.status === 'archived') {
        throw new AppError('session.already_ended', `Session ${id} has ended`);
      }
      const at = now();
      const updated = sessions.update(id, {
        status: 'active',
        recording_started_at: current.recording_started_at ?? at,
        updated_at: at,
      });
      deps.onChanged(id);
      return updated;
    },

    /** Ends a session and records its duration (from the transcript when longer than the wall clock). */
    end(id: string): Session {
      const current = sessions.get(id);
      if (current.status === 'completed') return current;
      const at = now();
      const lastSecond = db.get<{ s: number | null }>(sql`SELECT MAX(end_time_seconds) AS s FROM transcripts WHERE session_id = ${id}`)?.s ?? 0;
      const wall = current.recording_started_at === null ? 0 : Math.round((at - current.recording_started_at) / 1000);
      const updated = sessions.update(id, {
        status: 'completed',
        recording_ended_at: at,
        recording_duration_seconds: Math.max(wall, Math.round(lastSecond)),
        updated_at: at,
      });
      deps.onChanged(id);
      return updated;
    },

    /** Deletes a session and everything attached to it. */
    remove(id: string): void {
      sessions.remove(id);
      deps.onChanged(id);
    },
  };
}

/** The service type. */
export type SessionsService = ReturnType<typeof createSessionsService>;
