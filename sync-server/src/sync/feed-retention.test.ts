import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withServiceTx } from '../db/tx';
import { createChangeFeed, type ChangeFeed } from './feed';
import { createShapeService, type ShapeService } from './shape-service';
import { parseOffset } from './handle';
import { createTestDatabase, dropTestDatabase } from './test-server';

const NAME = `${process.env['LC_TEST_DB_PREFIX'] || 'lc_b2_'}feed_retention`;
const HOUR = 3_600_000;
let pool: pg.Pool;
let feed: ChangeFeed;
let shapes: ShapeService;
let clock = Date.UTC(2026, 0, 5);

beforeAll(async () => {
  pool = await createTestDatabase(NAME);
  feed = createChangeFeed({ db: pool, idleIntervalMs: 60_000, retainLogMs: HOUR, compactIntervalMs: 10 * HOUR, now: () => clock });
  await feed.start();
  shapes = createShapeService({ db: pool, feed, liveTimeoutMs: 500 });
});
afterAll(async () => {
  shapes?.shutdown();
  await feed?.stop();
  await pool?.end();
  await dropTestDatabase(NAME);
});

interface Position {
  handle: string;
  offset: string;
}

async function read(userId: string, from: Position | undefined): Promise<{ status: number; ids: string[]; position: Position }> {
  const offset = from?.offset ?? '-1';
  const response = await shapes.serve({ sub: userId }, { table: 'sessions', position: parseOffset(offset) ?? { kind: 'start' }, handle: from?.handle, live: false });
  const messages = JSON.parse(response.body) as { value?: { id: string } }[];
  return {
    status: response.status,
    ids: messages.flatMap((message) => (message.value ? [message.value.id] : [])),
    position: { handle: response.headers['electric-handle'] ?? '', offset: response.headers['electric-offset'] ?? '' },
  };
}

describe('sync_log retention', () => {
  it('deletes entries older than the retention; positions caught up since resume, older ones get 409 must-refetch', async () => {
    const userId = randomUUID();
    const orgId = randomUUID();
    const insert = async (title: string) => {
      const id = randomUUID();
      await withServiceTx(pool, async (tx) => {
        await tx.query(`insert into sessions (id, user_id, organization_id, title) values ($1, $2, $3, $4)`, [id, userId, orgId, title]);
      });
      await feed.poll();
      return id;
    };
    await withServiceTx(pool, async (tx) => {
      await tx.query(`insert into users (id, email) values ($1, $2)`, [userId, `${userId}@retention.test`]);
      await tx.query(`insert into organizations (id, name) values ($1, 'Org')`, [orgId]);
      await tx.query(`insert into organization_members (organization_id, user_id, role) values ($1, $2, 'owner')`, [orgId, userId]);
    });
    await feed.poll();

    const laggard = (await read(userId, undefined)).position; // before A
    const a = await insert('A');
    const caughtUpAtA = (await read(userId, laggard)).position;
    clock += 30 * 60_000;
    const b = await insert('B');
    const caughtUpAtB = (await read(userId, caughtUpAtA)).position;
    expect((await pool.query(`select count(*)::int as n from sync_log where table_name = 'sessions'`)).rows[0]?.n).toBe(2);

    // A is 61 minutes old, B 31: A's entry goes; positions from A's time on still resume.
    clock += 31 * 60_000;
    expect(await feed.compact()).toBeDefined();
    expect((await pool.query<{ id: string }>(`select row_id::text as id from sync_log where table_name = 'sessions'`)).rows.map((row) => row.id)).toEqual([b]);
    expect((await read(userId, laggard)).status).toBe(409);
    const resumed = await read(userId, caughtUpAtA);
    expect(resumed.status).toBe(200);
    expect(resumed.ids).toEqual([b]);

    // Thirty minutes later B is past the retention too.
    clock += 30 * 60_000;
    await feed.compact();
    expect((await read(userId, caughtUpAtA)).status).toBe(409);
    const latest = await read(userId, caughtUpAtB);
    expect(latest.status).toBe(200);
    expect(latest.ids).toEqual([]);
    // A refetch gets both rows from the table itself.
    expect((await read(userId, undefined)).ids.sort()).toEqual([a, b].sort());
  });
});
