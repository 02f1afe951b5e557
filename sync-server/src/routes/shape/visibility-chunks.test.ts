import { isChangeMessage, isControlMessage, ShapeStream, type Message, type Offset, type Row } from '@electric-sql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUserTx } from '../../db/tx';
import { logOffset, parseOffset } from '../../sync/handle';
import { startSyncTestServer, type SyncTestServer } from '../../sync/test-server';
import { insertLines, insertSession, sorted, until } from '../../sync/test-shapes';

// A session that enters or leaves what a user reads is expanded into its rows' inserts or deletes
// across several responses of at most chunkSize changes, never one giant response or a 409; a
// client that stops mid-expansion resumes from its stored handle and offset without losing rows.

const CHUNK = 5;
let server: SyncTestServer;

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_visibility_chunks', { chunkSize: CHUNK, liveTimeoutMs: 3_000 });
});
afterAll(async () => {
  await server?.close();
});

/** The transcript ids `userId` may read, straight from Postgres under their RLS role. */
async function readableLines(userId: string): Promise<string[]> {
  const rows = await withUserTx(server.pool, { sub: userId }, async (tx) => (await tx.query<{ id: string }>(`select id::text as id from transcripts`)).rows);
  return rows.map((row) => row.id).sort();
}

/**
 * An official ShapeStream of transcripts applied to a mirror (id → row), as the desktop applies it;
 * `changesPerResponse` counts the change messages of every JSON response the stream received.
 */
function mirrorStream(token: string, options: { mirror?: Map<string, Row>; offset?: Offset; handle?: string; onBatch?: (messages: Message<Row>[], stream: ShapeStream<Row>) => void } = {}) {
  const mirror = options.mirror ?? new Map<string, Row>();
  const controls: string[] = [];
  const changesPerResponse: number[] = [];
  const aborter = new AbortController();
  const fetchClient: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.ok && (response.headers.get('content-type') ?? '').includes('application/json')) {
      const body = (await response.clone().json()) as { headers: { operation?: string } }[];
      changesPerResponse.push(body.filter((message) => message.headers.operation !== undefined).length);
    }
    return response;
  };
  const stream = new ShapeStream<Row>({
    url: `${server.url}/v1/shape`,
    params: { table: 'transcripts' },
    headers: { Authorization: `Bearer ${token}` },
    signal: aborter.signal,
    fetchClient,
    ...(options.offset === undefined ? {} : { offset: options.offset }),
    ...(options.handle === undefined ? {} : { handle: options.handle }),
  });
  stream.subscribe((messages) => {
    if (aborter.signal.aborted) return;
    for (const message of messages) {
      if (isControlMessage(message)) controls.push(message.headers.control);
      else if (isChangeMessage(message)) {
        const id = String(message.value['id']);
        if (message.headers.operation === 'delete') mirror.delete(id);
        else mirror.set(id, { ...(mirror.get(id) ?? {}), ...message.value });
      }
    }
    options.onBatch?.(messages, stream);
  });
  const ids = () => [...mirror.keys()].sort();
  return { stream, mirror, controls, changesPerResponse, ids, stop: () => aborter.abort() };
}

describe('visibility expansions in chunks', () => {
  it('offsets inside an expansion sit between the log positions around it and parse back', () => {
    const id = '0f0e0d0c-0b0a-4998-8776-655443322110';
    expect(parseOffset(logOffset(42, id))).toEqual({ kind: 'log', from: 42, expandedThrough: id });
    expect(parseOffset(logOffset(42, '00000000-0000-0000-0000-000000000000'))).toEqual({ kind: 'log', from: 42, expandedThrough: '00000000-0000-0000-0000-000000000000' });
    expect(parseOffset(logOffset(42, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))?.kind).toBe('log');
    expect(parseOffset('42_0')).toEqual({ kind: 'log', from: 42 });
    expect(parseOffset(`42_${(1n << 128n) + 1n}`)).toBeUndefined();
    // Electric-style `<tx>_<op>`: the op part grows through the expansion, the tx part after it.
    const [tx, op] = logOffset(42, id).split('_');
    expect(tx).toBe('42');
    expect(BigInt(op ?? '0')).toBeGreaterThan(0n);
    expect(BigInt(logOffset(42, 'ffffffff-0000-0000-0000-000000000000').split('_')[1] ?? '0')).toBeGreaterThan(BigInt(op ?? '0'));
  });

  it('joining an organization inserts all its sessions\' rows in responses of at most chunkSize changes, on the same handle', async () => {
    const owner = await server.createUser();
    const joiner = await server.createUser();
    const sessions = [await insertSession(server, owner.userId, owner.orgId, 'organization'), await insertSession(server, owner.userId, owner.orgId, 'organization')];
    await insertSession(server, owner.userId, owner.orgId, 'organization'); // no lines: nothing to expand
    const single = await insertSession(server, owner.userId, owner.orgId, 'organization');
    const hidden = await insertSession(server, owner.userId, owner.orgId, 'private');
    const lines = [...(await insertLines(server, sessions[0] ?? '', 12)), ...(await insertLines(server, sessions[1] ?? '', 7)), ...(await insertLines(server, single, 1))];
    await insertLines(server, hidden, 3);
    await server.feed.poll();

    const watcher = mirrorStream(joiner.token);
    const sse = new ShapeStream<Row>({ url: `${server.url}/v1/shape`, params: { table: 'transcripts' }, headers: { Authorization: `Bearer ${joiner.token}` }, liveSse: true });
    const sseIds = new Set<string>();
    const sseControls: string[] = [];
    sse.subscribe((messages) => {
      for (const message of messages) {
        if (isControlMessage(message)) sseControls.push(message.headers.control);
        else if (isChangeMessage(message)) {
          if (message.headers.operation === 'delete') sseIds.delete(String(message.value['id']));
          else sseIds.add(String(message.value['id']));
        }
      }
    });
    await until(() => watcher.stream.isUpToDate && sse.isUpToDate);
    expect(watcher.ids()).toEqual([]);
    const handle = watcher.stream.shapeHandle;
    const sseHandle = sse.shapeHandle;
    watcher.changesPerResponse.length = 0;

    await server.service(async (query) => query(`insert into organization_members (organization_id, user_id, role) values ($1, $2, 'member')`, [owner.orgId, joiner.userId]));
    await until(() => watcher.ids().length === lines.length && sseIds.size === lines.length);
    expect(watcher.ids()).toEqual(sorted(lines));
    expect([...sseIds].sort()).toEqual(sorted(lines));
    expect(await readableLines(joiner.userId)).toEqual(sorted(lines));
    // Split: no response carried more than chunkSize changes, so 20 rows took at least 4.
    expect(Math.max(...watcher.changesPerResponse)).toBeLessThanOrEqual(CHUNK);
    expect(watcher.changesPerResponse.filter((count) => count > 0).length).toBeGreaterThanOrEqual(Math.ceil(lines.length / CHUNK));
    expect([...watcher.controls, ...sseControls]).not.toContain('must-refetch');
    expect(watcher.stream.shapeHandle).toBe(handle);
    expect(sse.shapeHandle).toBe(sseHandle);
    watcher.stop();
    sse.unsubscribeAll();
  });

  it('a client stopped after the first chunk resumes from its stored handle and offset: the mirror equals the database', async () => {
    const owner = await server.createUser();
    const colleague = await server.createUser({ orgId: owner.orgId, role: 'member' });
    const meeting = await insertSession(server, owner.userId, owner.orgId, 'private');
    const lines = await insertLines(server, meeting, 13);
    const visible = await insertSession(server, owner.userId, owner.orgId, 'organization');
    const visibleLines = await insertLines(server, visible, 2);
    await server.feed.poll();

    // Stops at the first batch of the expansion, keeping what it received and where it stood.
    let stored: { offset: Offset; handle: string | undefined; applied: number } | undefined;
    let isExpanding = false;
    const halt = { stop: () => {} };
    const first = mirrorStream(colleague.token, {
      onBatch: (messages, stream) => {
        const inserts = messages.filter((message) => isChangeMessage(message) && message.headers.operation === 'insert').length;
        if (!isExpanding || stored !== undefined || inserts === 0) return;
        stored = { offset: stream.lastOffset, handle: stream.shapeHandle, applied: inserts };
        halt.stop();
      },
    });
    halt.stop = first.stop;
    await until(() => first.stream.isUpToDate);
    expect(first.ids()).toEqual(sorted(visibleLines));
    isExpanding = true;
    await server.service(async (query) => query(`update sessions set visibility = 'organization' where id = $1`, [meeting]));
    await until(() => stored !== undefined);
    const position = stored as NonNullable<typeof stored>;
    expect(position.applied).toBeLessThanOrEqual(CHUNK);
    expect(first.mirror.size).toBe(visibleLines.length + position.applied);
    // The stored offset stands inside the expansion, not at a log position.
    expect(parseOffset(position.offset)).toMatchObject({ kind: 'log', expandedThrough: expect.any(String) as unknown });

    // While the client is away: a line not sent yet is deleted, one is edited, one is added.
    const sent = new Set(first.mirror.keys());
    const unsent = lines.filter((id) => !sent.has(id));
    await server.service(async (query) => {
      await query(`delete from transcripts where id = $1`, [unsent[0]]);
      await query(`update transcripts set content = 'edited' where id = $1`, [lines.find((id) => sent.has(id))]);
    });
    const [added] = await insertLines(server, meeting, 1, 100);

    const resumed = mirrorStream(colleague.token, { mirror: first.mirror, offset: position.offset, ...(position.handle === undefined ? {} : { handle: position.handle }) });
    const expected = await readableLines(colleague.userId);
    expect(expected).toContain(added);
    expect(expected).not.toContain(unsent[0]);
    await until(() => resumed.stream.isUpToDate && resumed.ids().join() === expected.join());
    expect(resumed.ids()).toEqual(expected);
    expect(resumed.mirror.get(lines.find((id) => sent.has(id)) ?? '')?.['content']).toBe('edited');
    expect(Math.max(...resumed.changesPerResponse)).toBeLessThanOrEqual(CHUNK);
    expect([...first.controls, ...resumed.controls]).not.toContain('must-refetch');
    expect(resumed.stream.shapeHandle).toBe(position.handle);
    resumed.stop();
  });

  it('log entries and several expansions that piled up while the client was away arrive in order, in chunks', async () => {
    const owner = await server.createUser();
    const colleague = await server.createUser({ orgId: owner.orgId, role: 'member' });
    const gained = await insertSession(server, owner.userId, owner.orgId, 'private');
    const gainedLines = await insertLines(server, gained, 12);
    const open = await insertSession(server, owner.userId, owner.orgId, 'organization');
    const openLines = await insertLines(server, open, 2);
    const later = await insertSession(server, owner.userId, owner.orgId, 'private');
    await insertLines(server, later, 7);
    // Sessions without transcripts: their visibility entries expand to nothing (more than a read's worth).
    const bare: string[] = [];
    for (let index = 0; index <= CHUNK + 1; index += 1) bare.push(await insertSession(server, owner.userId, owner.orgId, 'organization'));
    await server.feed.poll();

    const first = mirrorStream(colleague.token);
    await until(() => first.stream.isUpToDate);
    expect(first.ids()).toEqual(sorted(openLines));
    const stored = { offset: first.stream.lastOffset, handle: first.stream.shapeHandle };
    first.stop();

    // Visibility entries with log entries before, between and after them (more than a chunk of each).
    await server.service(async (query) => query(`update sessions set visibility = 'organization' where id = $1`, [gained]));
    await insertLines(server, open, 8, 10);
    await server.service(async (query) => {
      await query(`update transcripts set content = 'edited' where id = $1`, [gainedLines[0]]);
      await query(`delete from transcripts where id = $1`, [openLines[0]]);
    });
    await server.feed.poll();
    for (const id of bare) await server.service(async (query) => query(`update sessions set visibility = 'private' where id = $1`, [id]));
    await server.feed.poll();
    await server.service(async (query) => query(`update sessions set visibility = 'organization' where id = $1`, [later]));
    await server.feed.poll();
    await insertLines(server, gained, 3, 50);
    await server.feed.poll();

    const resumed = mirrorStream(colleague.token, { mirror: first.mirror, offset: stored.offset, ...(stored.handle === undefined ? {} : { handle: stored.handle }) });
    const expected = await readableLines(colleague.userId);
    expect(expected.length).toBe(12 + 3 + 1 + 8 + 7);
    await until(() => resumed.stream.isUpToDate && resumed.ids().join() === expected.join());
    expect(resumed.ids()).toEqual(expected);
    expect(resumed.mirror.get(gainedLines[0] ?? '')?.['content']).toBe('edited');
    expect(Math.max(...resumed.changesPerResponse)).toBeLessThanOrEqual(CHUNK);
    expect(resumed.controls).not.toContain('must-refetch');
    expect(resumed.stream.shapeHandle).toBe(stored.handle);
    resumed.stop();
  });

  it('a session turned private leaves as deletes of all its rows, in chunks, on the same handle', async () => {
    const owner = await server.createUser();
    const colleague = await server.createUser({ orgId: owner.orgId, role: 'member' });
    const meeting = await insertSession(server, owner.userId, owner.orgId, 'organization');
    const lines = await insertLines(server, meeting, 17);
    const other = await insertSession(server, owner.userId, owner.orgId, 'organization');
    const otherLines = await insertLines(server, other, 1);
    await server.feed.poll();

    const watcher = mirrorStream(colleague.token);
    await until(() => watcher.stream.isUpToDate && watcher.ids().length === lines.length + otherLines.length);
    const handle = watcher.stream.shapeHandle;
    watcher.changesPerResponse.length = 0;

    await server.service(async (query) => query(`update sessions set visibility = 'private' where id = $1`, [meeting]));
    await until(() => watcher.ids().length === otherLines.length);
    expect(watcher.ids()).toEqual(await readableLines(colleague.userId));
    expect(Math.max(...watcher.changesPerResponse)).toBeLessThanOrEqual(CHUNK);
    expect(watcher.changesPerResponse.filter((count) => count > 0).length).toBeGreaterThanOrEqual(Math.ceil(lines.length / CHUNK));
    expect(watcher.controls).not.toContain('must-refetch');
    expect(watcher.stream.shapeHandle).toBe(handle);
    watcher.stop();
  });
});
