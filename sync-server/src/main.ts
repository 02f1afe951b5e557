import { ConfigError, loadConfig } from './env';
import { createServerLogger } from './log';
import { startServer } from './server';

// Entry of `npm run server`. Exits non-zero with a readable message on bad configuration.
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createServerLogger(config.logLevel);
  const server = await startServer(config, logger);

  let isStopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (config failed to load), so write the bare message.
  process.stderr.write(`sync server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
