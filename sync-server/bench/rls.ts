/**
 * `npm run bench:rls` (lives under sync-server/ because it imports server code): what row-level security costs on the Postgres schema. Each query runs as
 * the superuser (no RLS: the baseline) and as `authenticated` through withUserTx, on the same
 * data in the same run. Needs Postgres on 127.0.0.1:5432 (PGHOST/PGPORT/PGUSER to override).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../src/db/migrate';
import { withUserTx } from '../src/db/tx';
import { runInTransaction, type TxQueryable } from '../src/db/queryable';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const connection = {
  host: process.env['PGHOST'] ?? '127.0.0.1',
  port: Number(process.env['PGPORT'] ?? 5432),
  user: process.env['PGUSER'] ?? 'postgres',
};
const SESSIONS = 2000;
const TRANSCRIPTS = 5000;
const INSERTS = 300;
const RUNS = 7;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ ...connection, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function seed(pool: pg.Pool): Promise<{ owner: string; member: string; sessionId: string }> {
  const users = await pool.query<{ id: string }>(
    `insert into users (email) select 'bench' || g || '@example.test' from generate_series(1, 20) g returning id`,
  );
  const ids = users.rows.map((r) => r.id);
  const org = await pool.query<{ id: string }>(`insert into organizations (name) values ('Bench') returning id`);
  const orgId = org.rows[0]?.id;
  await pool.query(`insert into organization_members (organization_id, user_id) select $1, unnest($2::uuid[])`, [orgId, ids]);
  await pool.query(
    `insert into sessions (user_id, organization_id, title, visibility)
     select ($2::uuid[])[1 + g % 20], $1, 'Session ' || g, (array['private', 'organization', 'shared'])[1 + g % 3]
     from generate_series(1, $3) g`,
    [orgId, ids, SESSIONS],
  );
  const owner = ids[0] ?? '';
  const session = await pool.query<{ id: string }>(
    `insert into sessions (user_id, organization_id, title, visibility) values ($1, $2, 'Long meeting', 'organization') returning id`,
    [owner, orgId],
  );
  const sessionId = session.rows[0]?.id ?? '';
  await pool.query(
    `insert into transcripts (session_id, content, speaker, sequence_number)
     select $1, 'segment ' || g, case when g % 2 = 0 then 'me' else 'them' end, g from generate_series(1, $2) g`,
    [sessionId, TRANSCRIPTS],
  );
  await pool.query('analyze');
  return { owner, member: ids[1] ?? '', sessionId };
}

async function main(): Promise<void> {
  const name = `lc_a_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const pool = new pg.Pool({ ...connection, database: name, max: 2 });
  try {
    await migrate(pool);
    const { owner, member, sessionId } = await seed(pool);
    const transcriptsSql = 'select id, content, speaker from transcripts where session_id = $1 order by sequence_number';
    const sessionsSql = 'select id, title from sessions order by created_at desc';
    const asUser = (sub: string, fn: (tx: TxQueryable) => Promise<unknown>) => () => withUserTx(pool, { sub }, fn);
    let sequence = TRANSCRIPTS;
    const insertMany = async (tx: TxQueryable): Promise<void> => {
      for (let i = 0; i < INSERTS; i += 1) {
        sequence += 1;
        await tx.query(`insert into transcripts (session_id, content, speaker, sequence_number) values ($1, 'new', 'me', $2)`, [sessionId, sequence]);
      }
    };
    const rows: [string, number, number][] = [
      [`read ${TRANSCRIPTS} transcripts of one session (owner)`, await median(() => pool.query(transcriptsSql, [sessionId])), await median(asUser(owner, (tx) => tx.query(transcriptsSql, [sessionId])))],
      [`read ${TRANSCRIPTS} transcripts of one session (org member)`, await median(() => pool.query(transcriptsSql, [sessionId])), await median(asUser(member, (tx) => tx.query(transcriptsSql, [sessionId])))],
      [`list visible sessions of ${SESSIONS + 1} (org member)`, await median(() => pool.query(sessionsSql)), await median(asUser(member, (tx) => tx.query(sessionsSql)))],
      [
        `insert ${INSERTS} transcripts one by one (owner, one transaction)`,
        await median(rolledBack((fn) => runInTransaction(pool, fn), insertMany)),
        await median(rolledBack((fn) => withUserTx(pool, { sub: owner }, fn), insertMany)),
      ],
    ];
    out('RLS cost, median of 7 runs (ms): baseline = superuser without RLS, rls = authenticated via withUserTx');
    out(`${'query'.padEnd(62)} ${'baseline'.padStart(9)} ${'rls'.padStart(9)} ${'ratio'.padStart(7)}`);
    for (const [label, baseline, rls] of rows) {
      out(`${label.padEnd(62)} ${baseline.toFixed(1).padStart(9)} ${rls.toFixed(1).padStart(9)} ${(rls / baseline).toFixed(2).padStart(7)}`);
    }
  } finally {
    await pool.end();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

class RollBack extends Error {}

type TxRunner = (fn: (tx: TxQueryable) => Promise<void>) => Promise<void>;

// Runs `work` in a transaction and then aborts it, so every run starts from the same data.
function rolledBack(run: TxRunner, work: (tx: TxQueryable) => Promise<void>): () => Promise<void> {
  return () =>
    run(async (tx) => {
      await work(tx);
      throw new RollBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
}

await main();
