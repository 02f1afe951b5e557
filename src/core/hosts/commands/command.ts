import { homedir } from 'node:os';
import { join } from 'node:path';

/** One CLI subcommand. */
export interface CliCommand {
  /** Shown for `liveconvo <name> --help`. */
  help: string;
  /** Runs with the arguments after the command name; returns the exit code. */
  run(argv: string[]): Promise<number>;
}

/** The data directory: $LIVECONVO_DATA_DIR or ~/.liveconvo. */
export function resolveDataDir(): string {
  return process.env['LIVECONVO_DATA_DIR'] ?? join(homedir(), '.liveconvo');
}
