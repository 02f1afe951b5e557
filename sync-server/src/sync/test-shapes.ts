import { randomUUID } from 'node:crypto';
import { isChangeMessage, isControlMessage, Shape, ShapeStream, type Row, type ShapeStreamInterface } from '@electric-sql/client';
import type { SyncTestServer } from './test-server';

// What the shape tests share: seeding sessions and transcript lines, following a shape with the
// official client, and waiting for a condition.

type Server = Pick<SyncTestServer, 'url' | 'service'>;

/** Inserts a session of `userId` in `orgId` with `visibility`; returns its id. */
export async function insertSession(server: Server, userId: string, orgId: string, visibility: string): Promise<string> {
  const id = randomUUID();
  await server.service(async (query) =>
    query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'Meeting', $4)`, [id, userId, orgId, visibility]),
  );
  return id;
}

/** Inserts `count` transcript lines into a session, numbered from `first`; returns their ids. */
export async function insertLines(server: Server, sessionId: string, count: number, first = 0): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await server.service(async (query) => {
    for (const [index, id] of ids.entries()) {
      await query(`insert into transcripts (id, session_id, content, speaker, sequence_number) values ($1, $2, 'line', 'them', $3)`, [id, sessionId, first + index]);
    }
  });
  return ids;
}

/** An official ShapeStream of `table` for `token`, with every message it received. */
export function watchShape(server: Server, token: string, table: string) {
  const source = new ShapeStream<Row>({ url: `${server.url}/v1/shape`, params: { table }, headers: { Authorization: `Bearer ${token}` } });
  const shape = new Shape(source as unknown as ShapeStreamInterface<Row>);
  const controls: string[] = [];
  const changes: { operation: string; id: string }[] = [];
  source.subscribe((messages) => {
    for (const message of messages) {
      if (isControlMessage(message)) controls.push(message.headers.control);
      else if (isChangeMessage(message)) changes.push({ operation: message.headers.operation, id: String(message.value['id']) });
    }
  });
  const ids = () => shape.currentRows.map((row) => String(row['id'])).sort();
  const deleted = () => changes.filter((change) => change.operation === 'delete').map((change) => change.id).sort();
  /** The operations received for one row id, in order. */
  const about = (id: string) => changes.filter((change) => change.id === id).map((change) => change.operation);
  return { source, shape, controls, changes, ids, deleted, about };
}

/** True once the database clock has passed `expiresAt`. */
export async function isPast(server: Server, expiresAt: string): Promise<boolean> {
  const [row] = await server.service(async (query) => query(`select clock_timestamp() > $1::timestamptz as past`, [expiresAt]));
  return row?.['past'] === true;
}

/** Waits for a condition with a generous deadline: it does not measure speed. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sorted = (ids: string[]): string[] => [...ids].sort();
