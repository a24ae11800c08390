import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { ContentError } from './content/load.js';
import { UiStringsError } from './i18n/index.js';
import { createLogger } from './log.js';
import { startBot } from './app.js';

/** The process entry point (`npm start`): configuration problems end it with one line, exit 1. */
async function main(): Promise<void> {
  let config;
  try {
    loadDotEnv();
    config = loadConfig(process.env, { requireToken: true });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`murshid: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  let bot;
  try {
    bot = await startBot(config, log);
  } catch (error) {
    const known = error instanceof ContentError || error instanceof UiStringsError;
    if (known) process.stderr.write(`murshid: ${(error as Error).message}\n`);
    else log.fatal({ err: error }, 'could not start');
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
