import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowJsonSql, type RowJsonColumn } from './row-json';

// A temporary table on the server's maintenance database: nothing is left behind.
let client: pg.Client;

const SCHEMA: Record<string, RowJsonColumn> = {
  id: { type: 'uuid', not_null: true },
  label: { type: 'text' },
  note: { type: 'varchar' },
  n4: { type: 'int4' },
  n8: { type: 'int8' },
  f8: { type: 'float8' },
  f4: { type: 'float4' },
  amount: { type: 'numeric' },
  flag: { type: 'bool', not_null: true },
  at: { type: 'timestamptz' },
  day: { type: 'date' },
  doc: { type: 'jsonb' },
  tags: { type: 'text', dims: 1 },
};
const COLUMNS = Object.keys(SCHEMA);

beforeAll(async () => {
  client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  await client.query(`set timezone = 'UTC'; set datestyle = 'ISO, DMY'`);
  await client.query(
    `create temp table row_json_cases (id uuid not null, label text, note varchar, n4 int4, n8 int8, f8 float8, f4 float4,
       amount numeric, flag bool not null, at timestamptz, day date, doc jsonb, tags text[])`,
  );
  await client.query(
    `insert into row_json_cases values
       (gen_random_uuid(), 'plain', 'x', 1, 9007199254740993, 0.1, 1.5, 12.3400, true, '2026-01-05 09:00:00.123456+00', '2026-01-05', '{"a": [1, "two"]}', '{a,b}'),
       (gen_random_uuid(), E'quote " backslash \\\\ newline \\n tab \\t bell \\x07 end', E'ünïcödé ✓ 😀', -2147483648, -1, 'NaN', '-Infinity', 'NaN', false,
        '-infinity', '0044-03-15 BC', '"just a string"', ARRAY['with "quote"', E'back\\\\slash', null, '']),
       (gen_random_uuid(), null, null, null, null, null, null, null, false, null, null, null, null),
       (gen_random_uuid(), '', '', 0, 0, 1e300, 3.4e38, -0.0, true, '1999-12-31 23:59:59+00', 'infinity', 'null', '{}'),
       (gen_random_uuid(), '{"looks": "like json"}', '</script>', 7, 7, -1.25e-300, 1e-38, 1e40, true, '2026-06-30 12:00:00.5+00', '2000-02-29', '[]', ARRAY['{}'])`,
  );
});

afterAll(async () => {
  await client?.end();
});

describe('rowJsonSql', () => {
  it('writes every value exactly as json_build_object over ::text casts does', async () => {
    const reference = `json_build_object(${COLUMNS.map((column) => `'${column}', "${column}"::text`).join(', ')})::text`;
    const result = await client.query<{ ours: string; theirs: string }>(
      `select ${rowJsonSql('transcripts', COLUMNS, SCHEMA)} as ours, ${reference} as theirs from row_json_cases`,
    );
    expect(result.rows).toHaveLength(5);
    for (const row of result.rows) {
      const ours = JSON.parse(row.ours) as Record<string, unknown>;
      expect(ours).toEqual(JSON.parse(row.theirs));
      expect(Object.keys(ours)).toEqual(COLUMNS);
    }
    // Nulls are JSON null, not the string "null"; every other value is the Postgres text.
    const nullRow = result.rows.map((row) => JSON.parse(row.ours) as Record<string, unknown>).find((row) => row['label'] === null);
    expect(nullRow?.['flag']).toBe('false');
    expect(nullRow?.['at']).toBeNull();
  });

  it('escapes a column of an unlisted type, and treats a column missing from the schema as text', async () => {
    const result = await client.query<{ value: string }>(`select ${rowJsonSql('transcripts', ['id', 'label'], { id: SCHEMA['id'] })} as value from row_json_cases`);
    const labels = result.rows.map((row) => (JSON.parse(row.value) as { label: string | null }).label);
    expect(labels).toContain('quote " backslash \\ newline \n tab \t bell \u0007 end');
    expect(labels).toContain(null);
  });

  it('refuses a column name that is not a plain identifier', () => {
    expect(() => rowJsonSql('transcripts', ['id', 'x":1,"y'], SCHEMA)).toThrow(/plain column name/);
  });
});
