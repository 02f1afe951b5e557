import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message, Row } from '@electric-sql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type AppDb } from '../db/open-database';
import { applyShapeBatch } from './apply-batch';
import { beginTriggerDeferral, endTriggerDeferral, ensureChangeCapture } from './change-capture';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openTemp(): { db: AppDb; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lc-b3-capture-'));
  dirs.push(dir);
  const path = join(dir, 'app.sqlite');
  return { db: openDatabase(path), path };
}

function transcriptMessages(sessionId: string, words: string[], from = 1): Message<Row>[] {
  return words.map((word, n) => ({
    headers: { operation: 'insert' },
    key: `"public"."transcripts"/"${n}"`,
    value: { id: randomUUID(), session_id: sessionId, content: `we talked about ${word}`, speaker: 'them', is_owner: 0, sequence_number: from + n, created_at: 1 },
  })) as Message<Row>[];
}

const matches = (db: AppDb, word: string) =>
  (db.raw.prepare(`SELECT count(*) AS n FROM transcripts_fts WHERE transcripts_fts MATCH ?`).get(word) as { n: number }).n;
const queued = (db: AppDb) => (db.raw.prepare(`SELECT count(*) AS n FROM search_embedding_queue WHERE source = 'transcript'`).get() as { n: number }).n;
const triggerExists = (db: AppDb, name: string) => db.raw.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?`).get(name) !== undefined;

describe('search triggers deferred during an initial sync', () => {
  it('indexes every synced transcript once at the end and restores the triggers for later writes', () => {
    const { db } = openTemp();
    const sessionId = randomUUID();
    expect(beginTriggerDeferral(db, 'transcripts')).toBe(true);
    expect(triggerExists(db, 'transcripts_fts_ai')).toBe(false);
    applyShapeBatch(db, 'transcripts', transcriptMessages(sessionId, ['budgets', 'hiring', 'budgets']), () => ({ handle: 'h', offset: '0_0' }), 1);
    expect(matches(db, 'budgets')).toBe(0);
    expect(queued(db)).toBe(0);

    endTriggerDeferral(db, 'transcripts');
    expect(matches(db, 'budgets')).toBe(2);
    expect(matches(db, 'hiring')).toBe(1);
    expect(queued(db)).toBe(3);
    expect(triggerExists(db, 'transcripts_fts_ai')).toBe(true);
    expect(triggerExists(db, 'transcripts_embed_ai')).toBe(true);

    applyShapeBatch(db, 'transcripts', transcriptMessages(sessionId, ['pricing'], 10), () => ({ handle: 'h', offset: '1_0' }), 2);
    expect(matches(db, 'pricing')).toBe(1);
    expect(queued(db)).toBe(4);
    db.close();
  });

  it('keeps the full-text index sound when deferred rows are updated or deleted before the sync ends', () => {
    const { db } = openTemp();
    const sessionId = randomUUID();
    beginTriggerDeferral(db, 'transcripts');
    const messages = transcriptMessages(sessionId, ['budgets', 'hiring']);
    applyShapeBatch(db, 'transcripts', messages, () => ({ handle: 'h', offset: '0_0' }), 1);
    const [first, second] = messages.map((message) => (message as { value: Row }).value);
    applyShapeBatch(
      db,
      'transcripts',
      [
        { headers: { operation: 'update' }, key: 'a', value: { id: first?.['id'], content: 'we talked about pricing' } },
        { headers: { operation: 'delete' }, key: 'b', value: { id: second?.['id'] } },
      ] as Message<Row>[],
      () => ({ handle: 'h', offset: '1_0' }),
      2,
    );
    endTriggerDeferral(db, 'transcripts');
    expect(matches(db, 'pricing')).toBe(1);
    expect(matches(db, 'budgets')).toBe(0);
    expect(matches(db, 'hiring')).toBe(0);
    db.raw.prepare(`UPDATE transcripts SET content = 'we talked about margins' WHERE id = ?`).run(first?.['id']);
    expect(matches(db, 'margins')).toBe(1);
    expect(db.raw.prepare(`INSERT INTO transcripts_fts(transcripts_fts) VALUES ('integrity-check')`).run().changes).toBeGreaterThanOrEqual(0);
    db.close();
  });

  it('repairs a deferral a crash left behind when the database is next opened', () => {
    const { db, path } = openTemp();
    ensureChangeCapture(db);
    beginTriggerDeferral(db, 'transcripts');
    applyShapeBatch(db, 'transcripts', transcriptMessages(randomUUID(), ['roadmap']), () => ({ handle: 'h', offset: '0_0' }), 1);
    db.close();

    const reopened = openDatabase(path);
    ensureChangeCapture(reopened);
    expect(triggerExists(reopened, 'transcripts_fts_ai')).toBe(true);
    expect(matches(reopened, 'roadmap')).toBe(1);
    expect(queued(reopened)).toBe(1);
    reopened.close();
  });
});
