import { isAbsolute, join } from 'node:path';

/**
 * The data directory: $LIVECONVO_DATA_DIR when it is an absolute path (shared with the CLI and
 * web mode), else Electron's userData directory.
 */
export function resolveDataDir(envValue: string | undefined, userDataDir: string): string {
  return envValue && isAbsolute(envValue) ? envValue : userDataDir;
}

/** Where the SQLite migrations ship: inside the app (the asar in a package, the repo in dev). */
export function resolveMigrationsDir(appPath: string): string {
  return join(appPath, 'migrations', 'sqlite');
}

/** A file under resources/ (icons, tray images), which ships inside the app next to out/. */
export function resolveResource(appPath: string, relativePath: string): string {
  return join(appPath, 'resources', relativePath);
}
