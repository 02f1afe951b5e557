import type { ErrorCode } from '../errors';

/** One mutation on the wire (POST /v1/mutations); values use the SQLite mirror's encoding. */
export type WireMutation =
  | { id: string; table: string; op: 'insert'; row: Record<string, unknown> }
  | { id: string; table: string; op: 'update'; key: string; changes: Record<string, unknown> }
  | { id: string; table: string; op: 'delete'; key: string };

/** The outcome of one mutation: applied in transaction `txid`, or rejected with a reason. */
export type MutationResult =
  | { id: string; status: 'applied'; txid: string }
  | { id: string; status: 'rejected'; error: { code: ErrorCode; message: string } };

/** Response of POST /v1/mutations: one result per mutation, in request order. */
export interface MutationBatchResponse {
  txid: string;
  results: MutationResult[];
}
