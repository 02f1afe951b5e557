import { z } from 'zod';

/** Result of `data.exportAll`. */
export const DataExportResultSchema = z.object({
  /** Folder holding `sessions/*.md` and `data.json`. */
  path: z.string(),
  sessions: z.number().int().nonnegative(),
  /** Rows written to data.json, per table. */
  rows: z.record(z.string(), z.number().int().nonnegative()),
});
export type DataExportResult = z.infer<typeof DataExportResultSchema>;

/** Settings → Data: export everything, delete everything. */
export const dataContract = {
  'data.exportAll': { input: z.strictObject({}), output: DataExportResultSchema },
  'data.deleteAll': {
    /** The caller must say yes explicitly; the UI asks first. */
    input: z.strictObject({ confirm: z.literal(true) }),
    output: z.object({ deleted: z.record(z.string(), z.number().int().nonnegative()) }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
