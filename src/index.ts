import './runtime.js';
import { configOrExit } from './config.js';
import { createLogger } from './log.js';
import { startBot } from './app.js';

/** The process entry point (`npm start`): configuration problems end it with one line, exit 1. */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.LOG_LEVEL);
  // A promise nobody handled is a bug, but one interaction's bug must not take the bot down for
  // everyone (nor print a token-bearing URL to stderr, as Node's own crash report would).
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection; still serving'));
  const starting = startBot(config, log);
  // Signals are handled from the first moment: a stop during start-up waits for it, then stops.
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    starting
      .then((bot) => bot.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'unclean shutdown');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    await starting;
  } catch (error) {
    // A broken content edit: its message already lists every problem, file by file.
    const known = error instanceof Error && (error.name === 'ContentError' || error.name === 'UiStringsError');
    if (known) process.stderr.write(`murshid: ${(error as Error).message}\n`);
    else log.fatal({ err: error }, 'could not start');
    process.exit(1);
  }
}

void main();
