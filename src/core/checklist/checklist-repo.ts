import type { ChecklistItem } from '../../shared/domain/notes';
import { AppError } from '../../shared/errors';
import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';

const notFound = (id: string) => new AppError('checklist.not_found', `Checklist item ${id} does not exist`, { details: { id } });

/** Reads and writes `prep_checklist`. */
export function createChecklistRepo(db: AppDb) {
  return {
    /** Items of a session in creation order. */
    listBySession(sessionId: string): ChecklistItem[] {
      return db.all<ChecklistItem>(sql`SELECT * FROM prep_checklist WHERE session_id = ${sessionId} ORDER BY created_at, rowid`);
    },
    /**
     * One item.
     * @throws AppError('checklist.not_found')
     */
    get(id: string): ChecklistItem {
      const row = db.get<ChecklistItem>(sql`SELECT * FROM prep_checklist WHERE id = ${id}`);
      if (!row) throw notFound(id);
      return row;
    },
    /** Inserts an item. */
    insert(item: ChecklistItem): ChecklistItem {
      db.run(sql`INSERT INTO prep_checklist (id, session_id, created_by, text, status, created_at, updated_at)
        VALUES (${item.id}, ${item.session_id}, ${item.created_by}, ${item.text}, ${item.status}, ${item.created_at}, ${item.updated_at})`);
      return item;
    },
    /** Sets open/done. */
    setStatus(id: string, status: ChecklistItem['status'], now: number): ChecklistItem {
      if (db.run(sql`UPDATE prep_checklist SET status = ${status}, updated_at = ${now} WHERE id = ${id}`) === 0) throw notFound(id);
      return this.get(id);
    },
    /** Deletes an item. */
    remove(id: string): void {
      if (db.run(sql`DELETE FROM prep_checklist WHERE id = ${id}`) === 0) throw notFound(id);
    },
  };
}
