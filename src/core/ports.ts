/** What a host supplies to the core (STYLE.md §2): time, ids, secrets, events. */

/** Wall clock in epoch milliseconds; injected so tests control time. */
export interface Clock {
  now(): number;
}

/** Encrypted key-value storage for secrets (Electron safeStorage, or a file-backed store headless). */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Receives events the core pushes to the renderer. */
export type EventSink = <E extends string>(event: E, payload: unknown) => void;

/** Everything createCore needs from its host. */
export interface CorePorts {
  /** SQLite file path, or ':memory:'. */
  databasePath: string;
  /** SQLite migrations directory; defaults to migrations/sqlite next to the source tree (bundled hosts pass theirs). */
  migrationsDir?: string;
  /** Directory for models, logs and exports. */
  dataDir: string;
  clock?: Clock;
  secrets?: SecretStore;
  /** Called for every pushed event; hosts forward these to renderers. */
  emit?: EventSink;
  /** Generates UUIDs; injected for deterministic tests. */
  newId?: () => string;
  host?: 'electron' | 'headless';
  version?: string;
}

/** Secrets kept in memory only (tests, and hosts with no keychain where the user opted out). */
export function createMemorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async (key) => {
      values.delete(key);
    },
  };
}
