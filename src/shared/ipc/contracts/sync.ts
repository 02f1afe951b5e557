import { z } from 'zod';

/** Sync state as the UI shows it (pushed as `sync.statusChanged`). */
export const SyncStatusSchema = z.object({
  state: z.enum(['signed_out', 'synced', 'syncing', 'offline', 'error']),
  /** Local writes the server has not confirmed yet. */
  pending: z.number().int().nonnegative(),
  /** Tables still doing their initial sync or catching up. */
  tablesSyncing: z.number().int().nonnegative(),
  /** Rows received since sync started (initial-sync progress). */
  rowsReceived: z.number().int().nonnegative(),
  serverUrl: z.string().nullable(),
  userId: z.string().nullable(),
  message: z.string().optional(),
});
/** Sync state as the UI shows it. */
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

/** Signs in against a sync server with email and password; tokens go to the SecretStore. */
export const SyncSignInInputSchema = z.strictObject({
  serverUrl: z.url({ protocol: /^https?$/ }).max(500),
  email: z.email().max(320),
  password: z.string().min(1).max(256),
});

/** A local write the server refused; the local row was rolled back. */
export interface SyncMutationRejected {
  table: string;
  rowId: string;
  op: 'insert' | 'update' | 'delete';
  code: string;
  message: string;
}

/** An organization the signed-in user belongs to, with their role in it. */
export const SyncOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['owner', 'admin', 'member']),
});
/** An organization the signed-in user belongs to. */
export type SyncOrganization = z.infer<typeof SyncOrganizationSchema>;

/** The user's organizations and the one new rows belong to (from the access token). */
export const SyncOrganizationsSchema = z.object({
  organizations: z.array(SyncOrganizationSchema),
  currentOrganizationId: z.string().nullable(),
});
/** The user's organizations and the current one. */
export type SyncOrganizations = z.infer<typeof SyncOrganizationsSchema>;

/** Sync channels: status, sign-in, sign-out, organizations (list, switch, create). */
export const syncContract = {
  'sync.status': { input: z.strictObject({}), output: SyncStatusSchema },
  'sync.signIn': { input: SyncSignInInputSchema, output: SyncStatusSchema },
  'sync.signOut': { input: z.strictObject({}), output: SyncStatusSchema },
  'sync.organizations': { input: z.strictObject({}), output: SyncOrganizationsSchema },
  'sync.switchOrganization': { input: z.strictObject({ organizationId: z.uuid() }), output: SyncOrganizationsSchema },
  'sync.createOrganization': { input: z.strictObject({ name: z.string().trim().min(1).max(120) }), output: SyncOrganizationsSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
