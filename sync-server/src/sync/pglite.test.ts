import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Shape, ShapeStream, type Row, type ShapeStreamInterface } from '@electric-sql/client';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationBatchResponse } from '../../../src/shared/sync/mutations';
import { createRequireUser } from '../auth/require-user';
import { createTokenService } from '../auth/tokens';
import { migrate } from '../db/migrate';
import { createEmbeddedPglite, type EmbeddedPglite } from '../db/pglite';
import { withServiceTx } from '../db/tx';
import { handleError } from '../errors';
import { mutationRoutes } from '../routes/mutations/routes';
import { shapeRoutes } from '../routes/shape/routes';
import { createChangeFeed, type ChangeFeed } from './feed';
import { createMutationService } from './mutation-service';
import { createShapeService } from './shape-service';

// The same feed, shape and mutation code on embedded PGlite (no logical replication there).
let db: EmbeddedPglite;
let feed: ChangeFeed;
let app: FastifyInstance;
let url: string;
const tokens = createTokenService({ secret: 'b2-pglite-test-secret-0123456789abcdef' });

beforeAll(async () => {
  db = await createEmbeddedPglite();
  await migrate(db);
  feed = createChangeFeed({ db, idleIntervalMs: 100 });
  await feed.start();
  app = Fastify({ logger: false });
  app.decorateRequest('auth', null);
  app.setErrorHandler(handleError);
  const requireUser = createRequireUser(tokens);
  await app.register(shapeRoutes({ shapes: createShapeService({ db, feed, chunkSize: 3, liveTimeoutMs: 3_000 }), requireUser }), { prefix: '/v1' });
  await app.register(mutationRoutes({ mutations: createMutationService({ db, onCommitted: () => feed.kick() }), requireUser }), { prefix: '/v1' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  await feed?.stop();
  await db?.close();
});

async function createUser(): Promise<{ userId: string; orgId: string; token: string }> {
  const userId = randomUUID();
  const orgId = randomUUID();
  await withServiceTx(db, async (tx) => {
    await tx.query(`insert into users (id, email) values ($1, $2)`, [userId, `${userId}@pglite.test`]);
    await tx.query(`insert into organizations (id, name) values ($1, 'Org')`, [orgId]);
    await tx.query(`insert into organization_members (organization_id, user_id, role) values ($1, $2, 'owner')`, [orgId, userId]);
  });
  return { userId, orgId, token: (await tokens.mintAccessToken({ userId, orgId })).token };
}

describe('sync on embedded PGlite', () => {
  it('serves the official ShapeStream and delivers mutations live, in isolation', async () => {
    const alice = await createUser();
    const bob = await createUser();
    const post = async (token: string, mutations: unknown[]) =>
      (await (
        await fetch(`${url}/v1/mutations`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ mutations }),
        })
      ).json()) as MutationBatchResponse;
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const first = await post(
      alice.token,
      ids.map((id, n) => ({ id: randomUUID(), table: 'sessions', op: 'insert', row: { id, user_id: alice.userId, organization_id: alice.orgId, title: `S${n}` } })),
    );
    expect(first.results.every((result) => result.status === 'applied')).toBe(true);
    await post(bob.token, [{ id: randomUUID(), table: 'sessions', op: 'insert', row: { id: randomUUID(), user_id: bob.userId, title: 'Bob' } }]);

    const stream = new ShapeStream<Row>({ url: `${url}/v1/shape`, params: { table: 'sessions' }, headers: { Authorization: `Bearer ${alice.token}` } });
    const shape = new Shape(stream as unknown as ShapeStreamInterface<Row>);
    const seenTxids: string[] = [];
    stream.subscribe((messages) => {
      for (const message of messages) {
        const headers = message.headers as { txids?: number[] };
        for (const id of headers.txids ?? []) seenTxids.push(String(id));
      }
    });
    expect((await shape.rows).map((row) => row['id']).sort()).toEqual([...ids].sort());

    const live = randomUUID();
    const result = await post(alice.token, [{ id: randomUUID(), table: 'sessions', op: 'insert', row: { id: live, user_id: alice.userId, title: 'Live' } }]);
    const txid = result.txid;
    const start = Date.now();
    while (!shape.currentRows.some((row) => row['id'] === live) && Date.now() - start < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(shape.currentRows.map((row) => row['id'])).toContain(live);
    expect(shape.currentRows).toHaveLength(5);
    expect(seenTxids).toContain(txid);
    stream.unsubscribeAll();
  });
});
