import { createHash, randomBytes } from 'node:crypto';

/** What a shape handle pins: the shape's definition and the state it was created under. */
export interface HandleData {
  /** Table. */
  t: string;
  /** User the shape belongs to. */
  u: string;
  /** The user's visibility epoch (sync_user_epochs) at creation. */
  e: string;
  /** Feed generation (sync_feed_state). */
  g: string;
  /** Highest log offset of the table when the snapshot started; the log is read from h + 1. */
  h: number;
  /** Hash of the served columns and their types; a schema change invalidates the handle. */
  c: string;
  /** Random part, so every snapshot has a new handle. */
  r: string;
}

/** Encodes a handle (opaque to clients, self-describing for the server: no per-shape state). */
export function encodeHandle(data: Omit<HandleData, 'r'>): string {
  const full: HandleData = { ...data, r: randomBytes(6).toString('base64url') };
  return Buffer.from(JSON.stringify(full)).toString('base64url');
}

/** Decodes a handle; undefined when it is not one of ours. */
export function decodeHandle(handle: string): HandleData | undefined {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(handle)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(handle, 'base64url').toString('utf8')) as Partial<HandleData>;
    if (
      typeof data.t === 'string' && typeof data.u === 'string' && typeof data.e === 'string' &&
      typeof data.g === 'string' && typeof data.h === 'number' && Number.isSafeInteger(data.h) &&
      typeof data.c === 'string' && typeof data.r === 'string'
    ) {
      return data as HandleData;
    }
    return undefined;
  } catch {
    // Not base64url JSON: the caller answers 400, which is the decision here.
    return undefined;
  }
}

/** Short stable hash of a schema signature. */
export function hashSchema(signature: string): string {
  return createHash('sha256').update(signature).digest('base64url').slice(0, 12);
}

/**
 * A position in a shape: inside the initial snapshot (after a key) or in the log (from an offset).
 * A log position may stand inside the expansion of the visibility entry at `from` (see
 * shape-service.ts): its rows up to `expandedThrough` (in id order) were sent, the rest not yet.
 */
export type ShapePosition =
  | { kind: 'start' }
  | { kind: 'now' }
  | { kind: 'snapshot'; afterId: string }
  | { kind: 'log'; from: number; expandedThrough?: string };

/** Parses Electric's `offset` parameter as this server writes it; undefined when malformed. */
export function parseOffset(offset: string): ShapePosition | undefined {
  if (offset === '-1') return { kind: 'start' };
  if (offset === 'now') return { kind: 'now' };
  const match = /^(\d{1,16})_(\d{1,40})$/.exec(offset);
  if (!match?.[1] || !match[2]) return undefined;
  const first = Number(match[1]);
  const key = BigInt(match[2]);
  if (first > 0) {
    if (key === 0n) return { kind: 'log', from: first };
    // `<from>_<id + 1>`: inside the expansion at `from`, after row `id` (above `<from>_0`, below `<from + 1>_0`).
    return key > 1n << 128n ? undefined : { kind: 'log', from: first, expandedThrough: uuidFromKey(key - 1n) };
  }
  if (key >= 1n << 128n) return undefined;
  return { kind: 'snapshot', afterId: uuidFromKey(key) };
}

/** The offset of a snapshot chunk that ended at `id` (a uuid as a 128-bit number). */
export function snapshotOffset(id: string): string {
  return `0_${uuidKey(id).toString()}`;
}

/**
 * The offset of a log position (read entries with log_offset >= from); with `expandedThrough`, of a
 * position inside the expansion at `from`. Offsets grow with the position, as Electric's do.
 */
export function logOffset(from: number, expandedThrough?: string): string {
  return expandedThrough === undefined ? `${from}_0` : `${from}_${(uuidKey(expandedThrough) + 1n).toString()}`;
}

/** A uuid as a 128-bit number (the order of Postgres' uuid comparison). */
function uuidKey(id: string): bigint {
  return BigInt(`0x${id.replace(/-/g, '')}`);
}

function uuidFromKey(key: bigint): string {
  const hex = key.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
