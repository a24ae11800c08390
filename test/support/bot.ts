import { once } from 'node:events';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { startBot, type RunningBot, type StartOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { FakeDiscord, type FakeDiscordOptions } from '../fake-discord/index.js';
import { tempDir } from './temp.js';

/** A clock the test moves by hand; handlers and the scheduler both read it. */
export class TestClock {
  constructor(public ms: number) {}
  readonly now = (): number => this.ms;
  advance(ms: number): number {
    this.ms += ms;
    return this.ms;
  }
}

export interface TestBot {
  fake: FakeDiscord;
  bot: RunningBot;
  databaseFile: string;
  clock: TestClock;
  /** Stops the bot (and keeps the fake and the database, to start again). */
  restart(): Promise<RunningBot>;
}

/**
 * The real bot, in-process, against a loopback fake Discord and real SQLite in a temp folder.
 * Commands are registered to the fake's guild, as with DISCORD_GUILD_ID. Everything stops after
 * the test, and the test fails if the bot broke any of Discord's rules on the way.
 */
export async function startTestBot(
  options: { fake?: FakeDiscordOptions; start?: StartOptions; clock?: TestClock; existing?: { fake: FakeDiscord; databaseFile: string } } = {},
): Promise<TestBot> {
  const fake = options.existing?.fake ?? (await FakeDiscord.start(options.fake));
  const databaseFile = options.existing?.databaseFile ?? join(tempDir(), 'murshid.sqlite');
  const clock = options.clock ?? new TestClock(Date.UTC(2026, 10, 23, 9, 0));
  const config = loadConfig(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_GUILD_ID: fake.defaults.guildId,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: `sqlite://${databaseFile}`,
    },
    { requireToken: true },
  );
  const launch = async () => {
    const bot = await startBot(config, createLogger('silent'), { startScheduler: false, clock: clock.now, ...options.start });
    if (!bot.client.isReady()) await once(bot.client, 'clientReady');
    return bot;
  };
  const handle: TestBot = {
    fake,
    databaseFile,
    clock,
    bot: await launch(),
    async restart() {
      await handle.bot.stop();
      handle.bot = await launch();
      return handle.bot;
    },
  };
  onTestFinished(async () => {
    await handle.bot.stop();
    if (!options.existing) await fake.stop();
  });
  return handle;
}
