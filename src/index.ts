import './runtime.js';
import { leasesSupported, whileLeaseHeld, type LeasedWorkHandle } from './cluster/active.js';
import { configOrExit } from './config.js';
import { createLogger } from './log.js';
import { startBot } from './app.js';

/**
 * The process entry point (`npm start`): configuration problems end it with one line, exit 1.
 *
 * On PostgreSQL, several instances may run against one database: the one holding the `active`
 * lease connects to Discord and serves; the others stand by and take over when it goes (see
 * src/cluster/active.ts). Shards under the ShardingManager all serve, and contest only the scheduler.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.LOG_LEVEL);
  // A promise nobody handled is a bug, but one interaction's bug must not take the bot down for
  // everyone (nor print a token-bearing URL to stderr, as Node's own crash report would).
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection; still serving'));
  const stopping = new AbortController();
  let serving: Promise<void>;
  if (leasesSupported(config.DATABASE_URL) && process.env.SHARDING_MANAGER !== 'true') {
    const active: LeasedWorkHandle = whileLeaseHeld(
      config.DATABASE_URL,
      {
        name: 'active',
        start: async () => {
          const bot = await startBot(config, log, { isActive: () => active.isHeld() });
          return () => bot.stop();
        },
      },
      log,
      stopping.signal,
    );
    serving = active.done;
  } else {
    const starting = startBot(config, log);
    const stopped = new Promise<void>((resolve) => stopping.signal.addEventListener('abort', () => resolve(), { once: true }));
    serving = starting.then(async (bot) => {
      await stopped;
      await bot.stop();
    });
  }
  // Signals are handled from the first moment: a stop during start-up waits for it, then stops.
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    stopping.abort();
    serving.then(
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
    await serving;
  } catch (error) {
    // A broken content edit: its message already lists every problem, file by file.
    const known = error instanceof Error && (error.name === 'ContentError' || error.name === 'UiStringsError');
    if (known) process.stderr.write(`murshid: ${(error as Error).message}\n`);
    else log.fatal({ err: error }, 'could not start');
    process.exit(1);
  }
}

void main();
