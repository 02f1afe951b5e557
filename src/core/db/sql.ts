/** A parameterized SQL statement: text with `?` placeholders and its values. */
export type SqlQuery = [text: string, params: SqlValue[]];
/** A value SQLite can bind. */
export type SqlValue = string | number | bigint | Buffer | null;

/**
 * Tagged template that turns interpolations into bound parameters, so no SQL is ever built
 * from strings: sql`select * from sessions where id = ${id}`.
 */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): SqlQuery {
  return [strings.join('?'), values];
}
