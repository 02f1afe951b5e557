import { create } from 'zustand';
import type { SyncOrganization, SyncOrganizations } from '../../../../shared/ipc/contracts/sync';
import { AppError } from '../../../../shared/errors';
import { errorMessage } from '../../app/format';
import { invoke } from '../../ipc';

interface OrganizationsStore {
  organizations: SyncOrganization[];
  currentOrganizationId: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** What is running now: a switch (to that id) or a create. */
  pending: { kind: 'switch'; organizationId: string } | { kind: 'create' } | null;
  error: string | null;
  /** What the last successful action did, for a polite status line. */
  notice: string | null;
  load(): Promise<void>;
  switchTo(organizationId: string): Promise<void>;
  /** Creates an organization (owned by the user); resolves true when it was created. */
  create(name: string): Promise<boolean>;
  /** Forgets everything (on sign-out, so another account never sees this one's list). */
  reset(): void;
}

const EMPTY = { organizations: [], currentOrganizationId: null, status: 'idle', pending: null, error: null, notice: null } as const;

/** The signed-in user's organizations on the sync server, and switching between them. */
export const useOrganizations = create<OrganizationsStore>((set, get) => {
  function apply(result: SyncOrganizations, notice: string | null): void {
    set({ ...result, status: 'ready', pending: null, error: null, notice });
  }
  return {
    ...EMPTY,
    organizations: [],
    reset: () => set({ ...EMPTY, organizations: [] }),
    async load() {
      set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null, notice: null });
      try {
        apply(await invoke('sync.organizations', {}), null);
      } catch (caught) {
        set({ status: 'error', error: errorMessage(caught) });
      }
    },
    async switchTo(organizationId) {
      set({ pending: { kind: 'switch', organizationId }, error: null, notice: null });
      try {
        const result = await invoke('sync.switchOrganization', { organizationId });
        const name = result.organizations.find((org) => org.id === organizationId)?.name ?? 'the organization';
        apply(result, `Switched to ${name}. New meetings belong to it; its shared meetings sync to this computer.`);
      } catch (caught) {
        const isGone = caught instanceof AppError && caught.code === 'org.not_found';
        set({ pending: null, error: isGone ? 'That organization no longer exists, or you are no longer a member. The list has been updated.' : errorMessage(caught) });
        // The list was stale (the organization was left or removed elsewhere): read it again, keep the error.
        if (isGone) {
          await invoke('sync.organizations', {}).then(
            (result) => set(result),
            () => undefined,
          );
        }
      }
    },
    async create(name) {
      set({ pending: { kind: 'create' }, error: null, notice: null });
      try {
        apply(await invoke('sync.createOrganization', { name }), `Created ${name}. Switch to it to record meetings there.`);
        return true;
      } catch (caught) {
        set({ pending: null, error: errorMessage(caught) });
        return false;
      }
    },
  };
});
