/** Helpers to convert between SQLite rows (0/1, JSON text) and domain objects. */

/** SQLite integer → boolean. */
export const toBool = (value: unknown): boolean => value === 1 || value === true;

/** boolean → SQLite integer. */
export const fromBool = (value: boolean | undefined): number => (value ? 1 : 0);

/** Parses a JSON text column, falling back to `fallback` only for NULL. */
export function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return JSON.parse(String(value)) as T;
}
