import { AppError } from '../../shared/errors';
import type { CollaborativeActionItem, CustomReport, Guidance, Summary, TimelineEvent } from '../../shared/ipc/contracts/copilot';
import type { AppDb } from '../db/open-database';
import { parseJson, toBool } from '../db/rows';
import { sql } from '../db/sql';

type GuidanceRow = Omit<Guidance, 'was_displayed' | 'was_clicked' | 'was_dismissed'> & { was_displayed: number; was_clicked: number; was_dismissed: number };
type SummaryRow = Omit<Summary, 'key_decisions' | 'action_items' | 'follow_up_questions' | 'conversation_highlights'> & {
  key_decisions: string;
  action_items: string;
  follow_up_questions: string;
  conversation_highlights: string;
};

const toGuidance = (row: GuidanceRow): Guidance => ({
  ...row,
  was_displayed: toBool(row.was_displayed),
  was_clicked: toBool(row.was_clicked),
  was_dismissed: toBool(row.was_dismissed),
});
const toSummary = (row: SummaryRow): Summary => ({
  ...row,
  key_decisions: parseJson(row.key_decisions, []),
  action_items: parseJson(row.action_items, []),
  follow_up_questions: parseJson(row.follow_up_questions, []),
  conversation_highlights: parseJson(row.conversation_highlights, []),
});
const notFound = (code: 'guidance.not_found' | 'summary.not_found' | 'action_item.not_found', what: string, id: string) =>
  new AppError(code, `${what} ${id} does not exist`, { details: { id } });

/** Reads and writes the copilot tables: guidance, summaries, custom_reports, timeline, collaborative action items. */
export function createCopilotRepo(db: AppDb) {
  return {
    insertGuidance(row: Guidance): Guidance {
      db.run(sql`INSERT INTO guidance (id, session_id, triggered_by_transcript_id, content, guidance_type, priority, was_displayed,
          was_clicked, was_dismissed, user_feedback, model_used, created_at, updated_at)
        VALUES (${row.id}, ${row.session_id}, ${row.triggered_by_transcript_id}, ${row.content}, ${row.guidance_type}, ${row.priority},
          0, 0, 0, NULL, ${row.model_used}, ${row.created_at}, ${row.updated_at})`);
      return row;
    },
    listGuidance(sessionId: string): Guidance[] {
      return db.all<GuidanceRow>(sql`SELECT * FROM guidance WHERE session_id = ${sessionId} ORDER BY created_at, rowid`).map(toGuidance);
    },
    /** @throws AppError when the guidance row does not exist. */
    getGuidance(id: string): Guidance {
      const row = db.get<GuidanceRow>(sql`SELECT * FROM guidance WHERE id = ${id}`);
      if (!row) throw notFound('guidance.not_found', 'Guidance', id);
      return toGuidance(row);
    },
    updateGuidanceFeedback(id: string, patch: { displayed?: boolean; clicked?: boolean; dismissed?: boolean; user_feedback?: 'helpful' | 'not_helpful' | null }, now: number): Guidance {
      const current = this.getGuidance(id);
      const next = {
        was_displayed: patch.displayed ?? current.was_displayed,
        was_clicked: patch.clicked ?? current.was_clicked,
        was_dismissed: patch.dismissed ?? current.was_dismissed,
        user_feedback: patch.user_feedback === undefined ? current.user_feedback : patch.user_feedback,
      };
      db.run(sql`UPDATE guidance SET was_displayed = ${next.was_displayed ? 1 : 0}, was_clicked = ${next.was_clicked ? 1 : 0},
        was_dismissed = ${next.was_dismissed ? 1 : 0}, user_feedback = ${next.user_feedback}, updated_at = ${now} WHERE id = ${id}`);
      return this.getGuidance(id);
    },
    /** The latest summary of a session, or null. */
    latestSummary(sessionId: string): Summary | null {
      const row = db.get<SummaryRow>(sql`SELECT * FROM summaries WHERE session_id = ${sessionId} ORDER BY created_at DESC, rowid DESC LIMIT 1`);
      return row ? toSummary(row) : null;
    },
    getSummary(id: string): Summary {
      const row = db.get<SummaryRow>(sql`SELECT * FROM summaries WHERE id = ${id}`);
      if (!row) throw notFound('summary.not_found', 'Summary', id);
      return toSummary(row);
    },
    insertSummary(row: Summary): Summary {
      db.run(sql`INSERT INTO summaries (id, session_id, user_id, organization_id, title, tldr, structured_notes, key_decisions, action_items,
          follow_up_questions, conversation_highlights, generation_status, generation_error, model_used, created_at, updated_at)
        VALUES (${row.id}, ${row.session_id}, ${row.user_id}, ${row.organization_id}, ${row.title}, ${row.tldr}, ${row.structured_notes},
          ${JSON.stringify(row.key_decisions)}, ${JSON.stringify(row.action_items)}, ${JSON.stringify(row.follow_up_questions)},
          ${JSON.stringify(row.conversation_highlights)}, ${row.generation_status}, ${row.generation_error}, ${row.model_used},
          ${row.created_at}, ${row.updated_at})`);
      return row;
    },
    updateSummary(row: Summary): Summary {
      db.run(sql`UPDATE summaries SET title = ${row.title}, tldr = ${row.tldr}, structured_notes = ${row.structured_notes},
          key_decisions = ${JSON.stringify(row.key_decisions)}, action_items = ${JSON.stringify(row.action_items)},
          follow_up_questions = ${JSON.stringify(row.follow_up_questions)}, conversation_highlights = ${JSON.stringify(row.conversation_highlights)},
          generation_status = ${row.generation_status}, generation_error = ${row.generation_error}, model_used = ${row.model_used},
          updated_at = ${row.updated_at}
        WHERE id = ${row.id}`);
      return row;
    },
    replaceTimeline(sessionId: string, events: TimelineEvent[]): void {
      db.run(sql`DELETE FROM session_timeline_events WHERE session_id = ${sessionId}`);
      for (const e of events) {
        db.run(sql`INSERT INTO session_timeline_events (id, session_id, event_timestamp, title, description, type, importance, created_at)
          VALUES (${e.id}, ${e.session_id}, ${e.event_timestamp}, ${e.title}, ${e.description}, ${e.type}, ${e.importance}, ${e.created_at})`);
      }
    },
    listTimeline(sessionId: string): TimelineEvent[] {
      return db.all<TimelineEvent>(sql`SELECT * FROM session_timeline_events WHERE session_id = ${sessionId} ORDER BY event_timestamp, rowid`);
    },
    /** Replaces the AI-generated action items of a session; manual and comment items stay. */
    replaceGeneratedActionItems(sessionId: string, items: CollaborativeActionItem[]): void {
      db.run(sql`DELETE FROM collaborative_action_items WHERE session_id = ${sessionId} AND source_type = 'ai_generated' AND status = 'pending'`);
      for (const i of items) {
        db.run(sql`INSERT INTO collaborative_action_items (id, session_id, created_by, assigned_to, completed_by, source_type, title, description,
            priority, status, due_date, completed_at, created_at, updated_at)
          VALUES (${i.id}, ${i.session_id}, ${i.created_by}, ${i.assigned_to}, ${i.completed_by}, ${i.source_type}, ${i.title}, ${i.description},
            ${i.priority}, ${i.status}, ${i.due_date}, ${i.completed_at}, ${i.created_at}, ${i.updated_at})`);
      }
    },
    listActionItems(sessionId: string): CollaborativeActionItem[] {
      return db.all<CollaborativeActionItem>(sql`SELECT * FROM collaborative_action_items WHERE session_id = ${sessionId} ORDER BY created_at, rowid`);
    },
    /** @throws AppError when the item does not exist. */
    getActionItem(id: string): CollaborativeActionItem {
      const row = db.get<CollaborativeActionItem>(sql`SELECT * FROM collaborative_action_items WHERE id = ${id}`);
      if (!row) throw notFound('action_item.not_found', 'Action item', id);
      return row;
    },
    updateActionItem(row: CollaborativeActionItem): CollaborativeActionItem {
      db.run(sql`UPDATE collaborative_action_items SET title = ${row.title}, description = ${row.description}, assigned_to = ${row.assigned_to},
          priority = ${row.priority}, status = ${row.status}, due_date = ${row.due_date}, completed_at = ${row.completed_at},
          completed_by = ${row.completed_by}, updated_at = ${row.updated_at}
        WHERE id = ${row.id}`);
      return row;
    },
    insertReport(row: CustomReport): CustomReport {
      db.run(sql`INSERT INTO custom_reports (id, session_id, user_id, prompt, template, generated_content, generation_status, model_used, created_at, updated_at)
        VALUES (${row.id}, ${row.session_id}, ${row.user_id}, ${row.prompt}, ${row.template}, ${row.generated_content}, ${row.generation_status},
          ${row.model_used}, ${row.created_at}, ${row.updated_at})`);
      return row;
    },
    updateReport(row: CustomReport): CustomReport {
      db.run(sql`UPDATE custom_reports SET generated_content = ${row.generated_content}, generation_status = ${row.generation_status},
          model_used = ${row.model_used}, updated_at = ${row.updated_at} WHERE id = ${row.id}`);
      return row;
    },
    listReports(sessionId: string): CustomReport[] {
      return db.all<CustomReport>(sql`SELECT * FROM custom_reports WHERE session_id = ${sessionId} ORDER BY created_at, rowid`);
    },
    getSetting(key: string): string | null {
      return db.get<{ value: string }>(sql`SELECT value FROM app_settings WHERE key = ${key}`)?.value ?? null;
    },
    setSetting(key: string, value: string, now: number): void {
      db.run(sql`INSERT INTO app_settings (key, value, updated_at) VALUES (${key}, ${value}, ${now})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
    },
  };
}

/** The repository type. */
export type CopilotRepo = ReturnType<typeof createCopilotRepo>;
