import type { SmartNote } from '../../shared/domain/notes';
import { AppError } from '../../shared/errors';
import type { AppDb } from '../db/open-database';
import { toBool } from '../db/rows';
import { sql } from '../db/sql';

type NoteRow = Omit<SmartNote, 'is_manual'> & { is_manual: number };
const toNote = (row: NoteRow): SmartNote => ({ ...row, is_manual: toBool(row.is_manual) });

/** Reads and writes `smart_notes`. */
export function createNotesRepo(db: AppDb) {
  return {
    /** Notes of a session in creation order. */
    listBySession(sessionId: string): SmartNote[] {
      return db.all<NoteRow>(sql`SELECT * FROM smart_notes WHERE session_id = ${sessionId} ORDER BY created_at, rowid`).map(toNote);
    },
    /**
     * One note.
     * @throws AppError('note.not_found')
     */
    get(id: string): SmartNote {
      const row = db.get<NoteRow>(sql`SELECT * FROM smart_notes WHERE id = ${id}`);
      if (!row) throw new AppError('note.not_found', `Note ${id} does not exist`, { details: { id } });
      return toNote(row);
    },
    /** Inserts a note. */
    insert(note: SmartNote): SmartNote {
      db.run(sql`INSERT INTO smart_notes (id, session_id, user_id, organization_id, category, content, importance, is_manual,
          created_at, updated_at)
        VALUES (${note.id}, ${note.session_id}, ${note.user_id}, ${note.organization_id}, ${note.category}, ${note.content},
          ${note.importance}, ${note.is_manual ? 1 : 0}, ${note.created_at}, ${note.updated_at})`);
      return note;
    },
    /** Updates content, category or importance. */
    update(id: string, patch: Partial<Pick<SmartNote, 'category' | 'content' | 'importance'>>, now: number): SmartNote {
      const current = this.get(id);
      const next = { ...current, ...patch, updated_at: now };
      db.run(sql`UPDATE smart_notes SET category = ${next.category}, content = ${next.content}, importance = ${next.importance},
        updated_at = ${now} WHERE id = ${id}`);
      return next;
    },
    /**
     * Deletes a note.
     * @throws AppError('note.not_found')
     */
    remove(id: string): void {
      if (db.run(sql`DELETE FROM smart_notes WHERE id = ${id}`) === 0) {
        throw new AppError('note.not_found', `Note ${id} does not exist`, { details: { id } });
      }
    },
  };
}
