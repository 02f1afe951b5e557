import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';

/** One column of a public table, as the catalog describes it. */
export interface CatalogColumn {
  name: string;
  type: string;
  notNull: boolean;
  hasDefault: boolean;
  /** Allowed values when a single-column CHECK lists them (`col in ('a', 'b')`). */
  enumValues: string[] | undefined;
  /** Referenced table and column when the column alone is a foreign key. */
  references: { table: string; column: string } | undefined;
}

/** A public table with its columns, primary key and RLS flags. */
export interface CatalogTable {
  name: string;
  columns: CatalogColumn[];
  primaryKey: string[];
  rlsEnabled: boolean;
}

/** Reads every ordinary table of the public schema from pg_catalog. */
export async function loadCatalog(client: pg.ClientBase): Promise<Map<string, CatalogTable>> {
  const tables = await client.query<{ name: string; rls: boolean }>(`
    select c.relname as name, c.relrowsecurity as rls from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' order by c.relname`);
  const columns = await client.query<{ table: string; name: string; type: string; not_null: boolean; has_default: boolean }>(`
    select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
           a.attnotnull as not_null, (a.atthasdef or a.attidentity <> '' or a.attgenerated <> '') as has_default
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
    order by c.relname, a.attnum`);
  const constraints = await client.query<{ table: string; type: string; columns: string[]; ref_table: string | null; ref_columns: string[] | null; def: string }>(`
    select c.relname as table, k.contype as type,
           array(select a.attname::text from unnest(k.conkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i) as columns,
           rc.relname as ref_table,
           case when k.confrelid <> 0 then array(select a.attname::text from unnest(k.confkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i) end as ref_columns,
           pg_get_constraintdef(k.oid) as def
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_class rc on rc.oid = k.confrelid
    where n.nspname = 'public' and k.contype in ('p', 'f', 'c')`);
  const catalog = new Map<string, CatalogTable>();
  for (const table of tables.rows) {
    catalog.set(table.name, { name: table.name, columns: [], primaryKey: [], rlsEnabled: table.rls });
  }
  for (const column of columns.rows) {
    catalog.get(column.table)?.columns.push({
      name: column.name,
      type: column.type,
      notNull: column.not_null,
      hasDefault: column.has_default,
      enumValues: undefined,
      references: undefined,
    });
  }
  for (const constraint of constraints.rows) {
    const table = catalog.get(constraint.table);
    if (!table) continue;
    if (constraint.type === 'p') table.primaryKey = constraint.columns;
    const column = constraint.columns.length === 1 ? table.columns.find((c) => c.name === constraint.columns[0]) : undefined;
    if (!column) continue;
    if (constraint.type === 'f' && constraint.ref_table && constraint.ref_columns?.[0]) {
      column.references = { table: constraint.ref_table, column: constraint.ref_columns[0] };
    }
    if (constraint.type === 'c') {
      const values = [...constraint.def.matchAll(/'([^']*)'::text/g)].map((m) => m[1] ?? '');
      if (/= ANY \(ARRAY\[/.test(constraint.def) && values.length > 0) column.enumValues = values;
    }
  }
  return catalog;
}

/** Tables ordered so that every foreign-key target comes before the tables pointing at it. */
export function orderByDependencies(catalog: Map<string, CatalogTable>): CatalogTable[] {
  const ordered: CatalogTable[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: CatalogTable): void => {
    if (state.get(table.name)) return;
    state.set(table.name, 'visiting');
    for (const column of table.columns) {
      const target = column.references && catalog.get(column.references.table);
      if (target && target.name !== table.name && !state.get(target.name)) visit(target);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  [...catalog.values()].forEach(visit);
  return ordered;
}

/** A row inserted by {@link seedWorld}, as returned by `insert … returning *`. */
export type SeededRow = Record<string, unknown>;

/** Per-table overrides: column values computed from the rows already seeded in this world. */
export type SeedOverrides = Record<
  string,
  (world: Map<string, SeededRow>, client: pg.ClientBase) => Record<string, unknown> | Promise<Record<string, unknown>>
>;

/**
 * Inserts one row in every given table (as the superuser, bypassing RLS), each pointing its
 * foreign keys at this world's rows: one user, one organization, one session, and so on.
 * Values come from the catalog: enumerations take their first allowed value, other required
 * columns get a fresh value of their type; columns with defaults keep them.
 */
export async function seedWorld(
  client: pg.ClientBase,
  tables: CatalogTable[],
  overrides: SeedOverrides = {},
): Promise<Map<string, SeededRow>> {
  const world = new Map<string, SeededRow>();
  for (const table of tables) {
    const values: Record<string, unknown> = {};
    for (const column of table.columns) {
      const ref = column.references;
      if (ref && ref.table !== table.name) {
        const target = world.get(ref.table);
        if (target) values[column.name] = target[ref.column];
        else if (column.notNull) throw new Error(`${table.name}.${column.name}: no ${ref.table} row seeded yet`);
      } else if (column.notNull && !column.hasDefault) {
        values[column.name] = valueFor(column);
      }
    }
    const override = overrides[table.name];
    if (override) Object.assign(values, await override(world, client));
    world.set(table.name, await insertRow(client, table.name, values));
  }
  return world;
}

/** Inserts `values` into `table` and returns the stored row. */
export async function insertRow(client: pg.ClientBase, table: string, values: Record<string, unknown>): Promise<SeededRow> {
  const names = Object.keys(values);
  const text = names.length === 0
    ? `insert into ${table} default values returning *`
    : `insert into ${table} (${names.map((n) => `"${n}"`).join(', ')}) values (${names.map((_, i) => `$${i + 1}`).join(', ')}) returning *`;
  const result = await client.query(text, names.map((n) => toParam(values[n])));
  const row = result.rows[0] as SeededRow | undefined;
  if (!row) throw new Error(`insert into ${table} returned no row`);
  return row;
}

// node-postgres turns JS arrays into Postgres arrays; JSON columns need them as JSON text.
function toParam(value: unknown): unknown {
  return value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)
    ? JSON.stringify(value)
    : value;
}

/** A fresh value of the column's type that satisfies its enumeration, if any. */
export function valueFor(column: CatalogColumn): unknown {
  if (column.enumValues?.[0] !== undefined) return column.enumValues[0];
  const type = column.type;
  if (type.endsWith('[]')) return [];
  if (type === 'uuid') return randomUUID();
  if (type === 'boolean') return false;
  if (/^(integer|bigint|smallint|numeric|real|double precision)/.test(type)) return 1;
  if (type.startsWith('timestamp')) return new Date();
  if (type === 'date') return '2026-01-01';
  if (type === 'jsonb' || type === 'json') return {};
  if (type === 'inet') return '127.0.0.1';
  return `v${randomBytes(6).toString('hex')}`;
}
