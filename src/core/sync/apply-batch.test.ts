import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message, Row } from '@electric-sql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type AppDb } from '../db/open-database';
import { applyShapeBatch } from './apply-batch';
import { ensureChangeCapture } from './change-capture';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openTemp(): AppDb {
  const dir = mkdtempSync(join(tmpdir(), 'lc-h1-apply-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'app.sqlite'));
  ensureChangeCapture(db);
  return db;
}

function snapshot(sessionId: string, count: number): Message<Row>[] {
  return Array.from({ length: count }, (_, n) => ({
    headers: { operation: 'insert' },
    key: `"public"."transcripts"/"${n}"`,
    value: { id: randomUUID(), session_id: sessionId, content: `line ${n}`, speaker: 'them', is_owner: 0, confidence_score: null, start_time_seconds: n, end_time_seconds: n + 1, duration_seconds: 1, sequence_number: n + 1, created_at: 1 },
  })) as Message<Row>[];
}

const captureTrigger = (db: AppDb) =>
  (db.raw.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'sync_capture_transcripts_insert'`).get() as { sql: string } | undefined)?.sql;
const count = (db: AppDb, table: string) => (db.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const position = () => ({ handle: 'h', offset: '0_1' });

describe('bulk snapshot batches', () => {
  it('keep the change-capture trigger: local writes after a bulk batch are still captured', () => {
    const db = openTemp();
    const before = captureTrigger(db);
    expect(before).toBeDefined();
    const outcome = applyShapeBatch(db, 'transcripts', snapshot(randomUUID(), 600), position, 1);
    expect(outcome.upserted).toBe(600);
    expect(captureTrigger(db)).toBe(before);
    // Synced rows are not captured; a local write is (signed out: marked for adoption).
    expect(count(db, 'sync_unsynced')).toBe(0);
    db.raw.pragma('foreign_keys = OFF');
    db.raw
      .prepare(`INSERT INTO transcripts (id, session_id, content, speaker, sequence_number, created_at) VALUES (?, ?, 'local', 'me', 1, 1)`)
      .run(randomUUID(), randomUUID());
    expect(count(db, 'sync_unsynced')).toBe(1);
    db.close();
  });

  it('roll back whole when a row is refused, trigger included', () => {
    const db = openTemp();
    const before = captureTrigger(db);
    const messages = snapshot(randomUUID(), 600);
    (messages[400] as { value: Row }).value['content'] = null;
    expect(() => applyShapeBatch(db, 'transcripts', messages, position, 1)).toThrow(/NOT NULL/);
    expect(count(db, 'transcripts')).toBe(0);
    expect(captureTrigger(db)).toBe(before);
    db.close();
  });
});
