import { z } from 'zod';
import { WireEpochMsSchema } from '../../../../src/shared/sync/mutations';
import { MAX_MUTATIONS_PER_BATCH } from '../../../../src/shared/sync/tables';

const TableName = z.string().min(1).max(100);
const Values = z.record(z.string().max(100), z.unknown());

/** One mutation from the desktop outbox; `id` makes it idempotent. */
export const MutationSchema = z.discriminatedUnion('op', [
  z.strictObject({ id: z.uuid(), table: TableName, op: z.literal('insert'), row: Values, first_sent_at: WireEpochMsSchema.optional() }),
  z.strictObject({ id: z.uuid(), table: TableName, op: z.literal('update'), key: z.uuid(), changes: Values, first_sent_at: WireEpochMsSchema.optional() }),
  z.strictObject({ id: z.uuid(), table: TableName, op: z.literal('delete'), key: z.uuid(), first_sent_at: WireEpochMsSchema.optional() }),
]);

/** `POST /v1/mutations` body; `sent_at` is the client's clock at posting (see WireMutationBatch). */
export const MutationBatchSchema = z.strictObject({
  mutations: z.array(MutationSchema).min(1).max(MAX_MUTATIONS_PER_BATCH),
  sent_at: WireEpochMsSchema.optional(),
});

/** A parsed mutation. */
export type Mutation = z.output<typeof MutationSchema>;
