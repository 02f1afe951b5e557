import type { Session } from '../../../../shared/domain/session';
import type { Template } from '../../../../shared/domain/template';
import { invoke } from '../../ipc';

/** What the new-session form collects. */
export interface NewSessionDraft {
  title: string;
  template: Template | null;
  aiInstructions: string;
  contextText: string;
  checklist: string[];
}

/**
 * Creates the session, then makes its prep checklist match the edited one: the core copies the
 * template's default checklist, so removed items are deleted and added items appended.
 */
export async function createSessionFromDraft(draft: NewSessionDraft): Promise<Session> {
  const session = await invoke('sessions.create', {
    title: draft.title.trim(),
    ...(draft.template ? { template_id: draft.template.id } : {}),
    ...(draft.aiInstructions.trim() ? { ai_instructions: draft.aiInstructions.trim() } : {}),
    ...(draft.contextText.trim() ? { context_text: draft.contextText.trim() } : {}),
  });
  const wanted = draft.checklist.map((t) => t.trim()).filter(Boolean);
  const existing = await invoke('checklist.list', { session_id: session.id });
  const remaining = [...wanted];
  for (const item of existing) {
    const index = remaining.indexOf(item.text);
    if (index >= 0) remaining.splice(index, 1);
    else await invoke('checklist.delete', { id: item.id });
  }
  for (const text of remaining) await invoke('checklist.add', { session_id: session.id, text });
  return session;
}
