import { z } from 'zod';
import type { ErrorCode } from '../errors';

/** A client clock reading on the wire (`first_sent_at`, `sent_at`): epoch milliseconds within Date's range. */
export const WireEpochMsSchema = z.number().int().min(0).max(8_640_000_000_000_000);

/**
 * When the client first tried to send a mutation (epoch ms, client clock), the same on every
 * retry. The server refuses an id it holds no outcome for whose first send is older than its
 * retention window (`sync.mutation_expired`), since its outcome may have been purged; optional for
 * older clients.
 */
export interface WireMutationTiming {
  first_sent_at?: number;
}

/** One mutation on the wire (POST /v1/mutations); values use the SQLite mirror's encoding. */
export type WireMutation = WireMutationTiming &
  (
    | { id: string; table: string; op: 'insert'; row: Record<string, unknown> }
    | { id: string; table: string; op: 'update'; key: string; changes: Record<string, unknown> }
    | { id: string; table: string; op: 'delete'; key: string }
  );

/**
 * Body of POST /v1/mutations. `sent_at` is the client's clock when it posts: the age of a
 * mutation is `sent_at - first_sent_at`, both read from one clock, so a device clock that is
 * merely off (not changed between the first send and the retry) does not age mutations.
 */
export interface WireMutationBatch {
  mutations: WireMutation[];
  sent_at?: number;
}

/** The outcome of one mutation: applied in transaction `txid`, or rejected with a reason. */
export type MutationResult =
  | { id: string; status: 'applied'; txid: string }
  | { id: string; status: 'rejected'; error: { code: ErrorCode; message: string } };

/** Response of POST /v1/mutations: one result per mutation, in request order. */
export interface MutationBatchResponse {
  txid: string;
  results: MutationResult[];
}
