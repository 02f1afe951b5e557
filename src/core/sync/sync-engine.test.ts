import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isChangeMessage, ShapeStream, type Row } from '@electric-sql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database';
import { createRowConverter, parsePgTimestamp, SQLITE_PARSER } from './apply-batch';
import { createSyncEngine } from './sync-engine';

// A shape server speaking Electric's protocol for one table: two snapshot chunks, then up-to-date.
// Values cover every conversion: bool, float, int, timestamptz (with and without fractions), nulls.
const SCHEMA = {
  id: { type: 'uuid', not_null: true },
  session_id: { type: 'uuid', not_null: true },
  content: { type: 'text', not_null: true },
  speaker: { type: 'text', not_null: true },
  is_owner: { type: 'bool', not_null: true },
  confidence_score: { type: 'float4' },
  start_time_seconds: { type: 'float8', not_null: true },
  end_time_seconds: { type: 'float8', not_null: true },
  duration_seconds: { type: 'float8', not_null: true },
  sequence_number: { type: 'int4', not_null: true },
  created_at: { type: 'timestamptz', not_null: true },
};
const sessionId = randomUUID();
const rows = Array.from({ length: 6 }, (_, n) => ({
  id: randomUUID(),
  session_id: sessionId,
  content: `line ${n} with "quotes" and ünïcode`,
  speaker: n % 2 === 0 ? 'me' : 'them',
  is_owner: n % 2 === 0 ? 'true' : 'false',
  confidence_score: n === 3 ? null : `0.${n}5`,
  start_time_seconds: String(n * 2.5),
  end_time_seconds: String(n * 2.5 + 1),
  duration_seconds: '1',
  sequence_number: String(n + 1),
  created_at: n % 2 === 0 ? `2026-03-0${n + 1} 09:15:0${n}.12345${n}+00` : `2025-12-31 23:59:5${n}+00`,
}));
const HANDLE = 'test-handle-1';

function message(row: (typeof rows)[number]): string {
  return JSON.stringify({ headers: { operation: 'insert', relation: ['public', 'transcripts'] }, key: `"public"."transcripts"/"${row.id}"`, value: row });
}

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const offset = new URL(request.url ?? '/', 'http://localhost').searchParams.get('offset');
    const headers: Record<string, string> = { 'content-type': 'application/json', 'electric-handle': HANDLE, 'electric-schema': JSON.stringify(SCHEMA) };
    if (offset === '-1') {
      response.writeHead(200, { ...headers, 'electric-offset': '0_1' });
      response.end(`[${rows.slice(0, 3).map(message).join(',')}]`);
    } else if (offset === '0_1') {
      response.writeHead(200, { ...headers, 'electric-offset': '1_0', 'electric-up-to-date': '' });
      response.end(`[${rows.slice(3).map(message).join(',')},{"headers":{"control":"up-to-date"}}]`);
    } else {
      // Live: nothing new.
      response.writeHead(200, { ...headers, 'electric-offset': '1_0', 'electric-up-to-date': '', 'electric-cursor': '1' });
      response.end(`[{"headers":{"control":"up-to-date"}}]`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// What the official client's parser makes of the same responses.
async function parsedByClient(): Promise<Row[]> {
  const stop = new AbortController();
  const stream = new ShapeStream<Row>({ url: `${url}/v1/shape`, params: { table: 'transcripts' }, parser: SQLITE_PARSER, signal: stop.signal });
  const seen: Row[] = [];
  await new Promise<void>((resolve) => {
    stream.subscribe((messages) => {
      for (const item of messages) if (isChangeMessage(item)) seen.push(item.value);
      if (messages.some((item) => 'control' in item.headers && item.headers.control === 'up-to-date')) resolve();
    });
  });
  stop.abort();
  stream.unsubscribeAll();
  return seen;
}

describe('sync engine value conversion', () => {
  it('mirrors exactly what the official client parser makes of each value', async () => {
    const expected = await parsedByClient();
    expect(expected).toHaveLength(rows.length);
    const dir = mkdtempSync(join(tmpdir(), 'lc-h1-engine-'));
    const db = openDatabase(join(dir, 'app.sqlite'));
    try {
      await new Promise<void>((resolve) => {
        const engine = createSyncEngine({
          db,
          serverUrl: url,
          getAccessToken: async () => 'token',
          now: Date.now,
          newId: randomUUID,
          tables: ['transcripts'],
          onBatch: (_table, outcome) => {
            if (outcome.isUpToDate) void engine.stop().then(resolve);
          },
        });
        engine.start();
      });
      const mirrored = db.raw.prepare(`SELECT * FROM transcripts ORDER BY sequence_number`).all() as Row[];
      expect(mirrored).toEqual(expected.map((row) => ({ ...row })).sort((a, b) => Number(a['sequence_number']) - Number(b['sequence_number'])));
      expect(mirrored[0]?.['created_at']).toBe(Date.parse('2026-03-01T09:15:00.123Z'));
      expect(mirrored[3]?.['confidence_score']).toBeNull();
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes an initial sync with a large page cache and rare checkpoints, then puts both back and indexes the rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-h1-engine-'));
    const db = openDatabase(join(dir, 'app.sqlite'));
    const pragmas = () => ({ cache: db.raw.pragma('cache_size', { simple: true }), checkpoint: db.raw.pragma('wal_autocheckpoint', { simple: true }) });
    const before = pragmas();
    const during: ReturnType<typeof pragmas>[] = [];
    try {
      await new Promise<void>((resolve) => {
        const engine = createSyncEngine({
          db,
          serverUrl: url,
          getAccessToken: async () => 'token',
          now: Date.now,
          newId: randomUUID,
          tables: ['transcripts'],
          onBatch: (_table, outcome) => {
            if (!outcome.isUpToDate) {
              during.push(pragmas());
              return;
            }
            // Up-to-date is reported before the deferred search index is rebuilt.
            setImmediate(() => {
              during.push(pragmas());
              void engine.stop().then(resolve);
            });
          },
        });
        engine.start();
      });
      expect(during[0]).toEqual({ cache: -65_536, checkpoint: 10_000 });
      expect(during[1]).toEqual(before);
      expect(pragmas()).toEqual(before);
      const found = db.raw.prepare(`SELECT count(*) AS n FROM transcripts_fts WHERE transcripts_fts MATCH 'quotes'`).get() as { n: number };
      expect(found.n).toBe(rows.length);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves array columns to the client parser', () => {
    expect(createRowConverter({ id: { type: 'uuid' }, tags: { type: 'text', dims: 1 } })).toBeUndefined();
    const convert = createRowConverter({ n: { type: 'int8' }, b: { type: 'bool' }, j: { type: 'jsonb' }, t: { type: 'text' } });
    const row: Row = { n: '9007199254740993', b: 't', j: '{"a":1}', t: 'x', extra: 'kept' };
    convert?.(row);
    expect(row).toEqual({ n: 9007199254740992, b: 1, j: '{"a":1}', t: 'x', extra: 'kept' });
  });

  it('parses wire timestamps like Date.parse of their ISO form', () => {
    const cases = ['2026-11-28 10:10:53.195689+00', '2026-11-28 10:10:53+00', '2026-11-28 10:10:53.1+00', '2024-02-29 23:59:59.999999+00', '1970-01-01 00:00:00+00'];
    for (const value of cases) expect(parsePgTimestamp(value)).toBe(Date.parse(`${value.replace(' ', 'T').slice(0, -3)}Z`));
    expect(parsePgTimestamp('2026-11-28 10:10:53.5+05:30')).toBe(Date.parse('2026-11-28T10:10:53.5+05:30'));
    expect(() => parsePgTimestamp('2026-13-01 00:00:00+00')).toThrow();
  });
});
