import type { Session } from '../../../../shared/domain/session';
import type { Template } from '../../../../shared/domain/template';
import { errorMessage } from '../../app/format';
import { invoke } from '../../ipc';
import { uploadDocument } from '../documents/upload';

/** What the new-session form collects. */
export interface NewSessionDraft {
  title: string;
  template: Template | null;
  aiInstructions: string;
  contextText: string;
  checklist: string[];
  files: File[];
  linkedSessionIds: string[];
}

/**
 * Creates the session, then makes its prep checklist match the edited one (the core copies the
 * template's default checklist, so removed items are deleted and added items appended), links
 * earlier conversations and uploads documents. Returns the problems of the optional steps, since
 * the session itself exists by then.
 */
export async function createSessionFromDraft(draft: NewSessionDraft): Promise<{ session: Session; problems: string[] }> {
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
  const problems: string[] = [];
  for (const linked of draft.linkedSessionIds) {
    try {
      await invoke('links.add', { session_id: session.id, linked_session_id: linked });
    } catch (error) {
      problems.push(`Could not link a conversation: ${errorMessage(error)}`);
    }
  }
  for (const file of draft.files) {
    try {
      await uploadDocument(session.id, file);
    } catch (error) {
      problems.push(`${file.name}: ${errorMessage(error)}`);
    }
  }
  return { session, problems };
}
