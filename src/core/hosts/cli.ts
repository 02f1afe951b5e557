import { AppError, toError } from '../../shared/errors';
import type { CliCommand } from './commands/command';

/** Every CLI command, loaded lazily so `--help` stays fast. Add a line per command. */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  serve: async () => (await import('./commands/serve')).command,
  transcribe: async () => (await import('./commands/transcribe')).command,
  summarize: async () => (await import('./commands/summarize')).command,
  search: async () => (await import('./commands/search')).command,
};

function usage(): string {
  const names = Object.keys(COMMANDS).sort();
  return [
    'Usage: liveconvo <command> [options]',
    '',
    'Commands:',
    ...names.map((name) => `  ${name}`),
    '',
    'Run `liveconvo <command> --help` for a command’s options.',
    'Data lives in $LIVECONVO_DATA_DIR (default: ~/.liveconvo).',
  ].join('\n');
}

/** Runs the CLI and returns the process exit code. Errors print one clear line on stderr. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`liveconvo: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const message = error instanceof AppError ? `${error.code}: ${error.message}` : toError(error).message;
    process.stderr.write(`liveconvo ${name}: ${message}\n`);
    return 1;
  }
}
