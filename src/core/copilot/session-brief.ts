import type { AppDb } from '../db/open-database';
import { parseJson } from '../db/rows';
import { sql } from '../db/sql';
import type { ContextSource, SessionBrief } from './types';

interface SessionRow {
  id: string;
  title: string;
  conversation_type: string | null;
  participant_me: string | null;
  participant_them: string | null;
  ai_instructions: string | null;
  user_id: string | null;
  template_id: string | null;
}

/** Loads what the engines know about a session: template prompts, instructions and every context source. */
export function loadSessionBrief(db: AppDb, sessionId: string): SessionBrief {
  const session = db.get<SessionRow>(sql`SELECT id, title, conversation_type, participant_me, participant_them, ai_instructions, user_id, template_id
    FROM sessions WHERE id = ${sessionId}`);
  if (!session) throw new Error(`session ${sessionId} missing`);
  const template = session.template_id
    ? db.get<{ guidance_prompts: string; context_instructions: string | null }>(sql`SELECT guidance_prompts, context_instructions FROM templates WHERE id = ${session.template_id}`)
    : undefined;
  return {
    title: session.title,
    conversationType: session.conversation_type,
    participantMe: session.participant_me,
    participantThem: session.participant_them,
    aiInstructions: session.ai_instructions,
    guidancePrompts: parseJson<string[]>(template?.guidance_prompts, []),
    contextInstructions: template?.context_instructions ?? null,
    sources: loadContextSources(db, session),
  };
}

function loadContextSources(db: AppDb, session: SessionRow): ContextSource[] {
  const sources: ContextSource[] = [];
  for (const row of db.all<{ text_context: string | null }>(sql`SELECT text_context FROM session_context WHERE session_id = ${session.id}`)) {
    if (row.text_context) sources.push({ kind: 'session_context', label: 'session context', text: row.text_context });
  }
  for (const row of db.all<{ original_filename: string; extracted_text: string | null }>(
    sql`SELECT original_filename, extracted_text FROM documents WHERE session_id = ${session.id} AND processing_status = 'completed' ORDER BY created_at`,
  )) {
    if (row.extracted_text) sources.push({ kind: 'document', label: row.original_filename, text: row.extracted_text });
  }
  if (session.user_id) {
    const user = db.get<{ personal_context: string | null }>(sql`SELECT personal_context FROM users WHERE id = ${session.user_id}`);
    if (user?.personal_context) sources.push({ kind: 'personal_context', label: 'your profile', text: user.personal_context });
  }
  // Earlier conversations linked to this one contribute their summaries.
  for (const row of db.all<{ title: string; tldr: string | null; structured_notes: string | null }>(sql`SELECT s.title, su.tldr, su.structured_notes
      FROM conversation_links l JOIN sessions s ON s.id = l.linked_session_id
      JOIN summaries su ON su.session_id = s.id AND su.generation_status = 'completed'
      WHERE l.session_id = ${session.id}`)) {
    const text = [row.tldr, row.structured_notes].filter(Boolean).join('\n');
    if (text) sources.push({ kind: 'linked_session', label: row.title, text });
  }
  return sources;
}

/** A cheap fingerprint of a session's context sources, to rebuild the retrieval index only when they change. */
export function contextFingerprint(db: AppDb, sessionId: string): string {
  const row = db.get<{ d: number; du: number | null; c: number; cu: number | null }>(sql`SELECT
      (SELECT COUNT(*) FROM documents WHERE session_id = ${sessionId} AND processing_status = 'completed') AS d,
      (SELECT MAX(updated_at) FROM documents WHERE session_id = ${sessionId}) AS du,
      (SELECT COUNT(*) FROM session_context WHERE session_id = ${sessionId}) AS c,
      (SELECT MAX(updated_at) FROM session_context WHERE session_id = ${sessionId}) AS cu`);
  return `${row?.d}:${row?.du}:${row?.c}:${row?.cu}`;
}
