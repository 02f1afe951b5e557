import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type AppDb } from '../db/open-database';
import { adoptLocalRows } from './change-capture';
import { createOutbox, toWireMutation } from './outbox';

const DAY = 86_400_000;
const dirs: string[] = [];
const dbs: AppDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.raw.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openSignedIn(): AppDb {
  const dir = mkdtempSync(join(tmpdir(), 'lc-ha-outbox-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'app.sqlite'));
  dbs.push(db);
  adoptLocalRows(db, { userId: randomUUID(), organizationId: null });
  return db;
}

describe('outbox first send time', () => {
  it('stamps the first attempt, not the creation, and keeps that value on every retry', () => {
    const db = openSignedIn();
    let clock = Date.UTC(2026, 5, 1);
    const outbox = createOutbox(db, { now: () => clock, newId: randomUUID });
    const id = randomUUID();
    const entryId = outbox.insert('sessions', { id, title: 'Written offline', created_at: clock, updated_at: clock });
    if (entryId === undefined) throw new Error('no outbox entry');
    // Made offline 40 days before it can first be sent.
    db.raw.prepare('UPDATE outbox SET created_at = ? WHERE id = ?').run(clock - 40 * DAY, entryId);
    const [due] = outbox.due(10);
    expect(due?.first_sent_at).toBeNull();
    if (!due) throw new Error('nothing due');
    expect('first_sent_at' in toWireMutation(due)).toBe(false);

    const firstSend = clock;
    const [attempted] = outbox.markAttempted([due]);
    expect(attempted?.first_sent_at).toBe(firstSend);
    if (!attempted) throw new Error('not attempted');
    expect(toWireMutation(attempted)).toMatchObject({ id: entryId, op: 'insert', first_sent_at: firstSend });
    outbox.markFailed([entryId], 'network error');
    clock += 1_000;

    // Retries hours later, including from a stale in-memory copy of the entry, send the first value.
    for (const later of [3_600_000, 2 * DAY]) {
      clock = firstSend + later;
      const [again] = outbox.due(10);
      if (!again) throw new Error('retry not due');
      expect(again.first_sent_at).toBe(firstSend);
      expect(outbox.markAttempted([again])[0]?.first_sent_at).toBe(firstSend);
      expect(outbox.markAttempted([due])[0]?.first_sent_at).toBe(firstSend);
      // The POST body: the first send time, and this device's clock now as sent_at.
      expect(outbox.toWireBatch([again])).toEqual({ mutations: [expect.objectContaining({ id: entryId, first_sent_at: firstSend })], sent_at: clock });
      outbox.markFailed([entryId], 'network error');
    }
    const stored = db.raw.prepare('SELECT first_sent_at, created_at FROM outbox WHERE id = ?').get(entryId) as { first_sent_at: number; created_at: number };
    expect(stored).toEqual({ first_sent_at: firstSend, created_at: firstSend - 40 * DAY });
  });

  it('waits for the stream from when the server accepted an entry, not from when it was written', () => {
    const db = openSignedIn();
    let clock = Date.UTC(2026, 5, 1);
    const outbox = createOutbox(db, { now: () => clock, newId: randomUUID });
    const entryId = outbox.insert('sessions', { id: randomUUID(), title: 'Written offline', created_at: clock, updated_at: clock });
    if (entryId === undefined) throw new Error('no outbox entry');
    // Written an hour before the device came back online and sent it.
    clock += 3_600_000;
    outbox.markSent([entryId], '1234');
    const status = () => (db.raw.prepare('SELECT status FROM outbox WHERE id = ?').get(entryId) as { status: string }).status;
    outbox.expireSent(clock - 120_000);
    expect(status()).toBe('sent');
    clock += 121_000;
    outbox.expireSent(clock - 120_000);
    expect(status()).toBe('confirmed');
  });
});
