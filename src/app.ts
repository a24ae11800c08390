import type { Client } from 'discord.js';
import type { ConfigWithToken } from './config.js';
import { attachInteractionHandlers, createClient, type LoadedApp } from './discord/bot.js';
import type { Logger } from './log.js';
import type { ServiceOptions, Services } from './services.js';

export interface RunningBot {
  client: Client;
  services: Services;
  stop(): Promise<void>;
}

export interface StartOptions extends Partial<Omit<ServiceOptions, 'rest' | 'log' | 'databaseUrl'>> {
  /** Tests drive `scheduler.tick(now)` themselves. */
  startScheduler?: boolean;
}

/** The guide, the store and the commands, loaded by `import()`: not needed to connect. */
async function loadApp(config: ConfigWithToken, log: Logger, client: Client, options: StartOptions): Promise<LoadedApp> {
  const [{ commands }, { createServices }] = await Promise.all([import('../commands/index.js'), import('./services.js')]);
  const shard = client.shard ? { id: client.shard.ids[0] ?? 0, count: client.shard.count } : undefined;
  const services = await createServices({ ...options, databaseUrl: config.DATABASE_URL, log, rest: client.rest, shard });
  return { commands, services };
}

/** Connects to the gateway, then loads the guide, opens the store and registers commands if they changed. */
export async function startBot(config: ConfigWithToken, log: Logger, options: StartOptions = {}): Promise<RunningBot> {
  const client = createClient(config.DISCORD_API_URL);
  // The gateway client's own REST client: one rate limiter for everything this process sends.
  client.rest.setToken(config.DISCORD_TOKEN);
  client.on('error', (error) => log.error({ err: error }, 'gateway client error'));
  client.on('warn', (message) => log.warn(message));
  client.once('clientReady', (ready) => log.info({ user: ready.user.id, guilds: ready.guilds.cache.size }, 'connected to Discord'));

  // The gateway first: the guide, the store and the commands load once the session is up, and
  // an interaction arriving in between waits for them (well inside Discord's 3 seconds).
  const loggedIn = client.login(config.DISCORD_TOKEN);
  const loaded = loggedIn.then(() => loadApp(config, log, client, options));
  attachInteractionHandlers(client, loaded);
  let services: Services | undefined;
  try {
    const app = await loaded;
    services = app.services;
    const { guides, scheduler, clock } = app.services;
    // Removed from a server: its weekly guide posts stop for good rather than failing every week.
    client.on('guildDelete', (guild) => {
      guides.disable(guild.id, 'left-server').catch((error: unknown) => log.error({ err: error }, 'could not disable guide schedule'));
    });
    // Under the ShardingManager, shard 0 alone registers commands and runs the scheduler.
    const leader = !client.shard || client.shard.ids.includes(0);
    if (leader) {
      const { commandBodies, syncCommands } = await import('./discord/deploy.js');
      const target = { rest: client.rest, applicationId: config.DISCORD_APPLICATION_ID, guildId: config.DISCORD_GUILD_ID };
      await Promise.all([loggedIn, syncCommands(target, commandBodies(app.commands.map((command) => command.definition)), log)]);
    } else {
      await loggedIn;
    }
    if (options.startScheduler !== false && leader) {
      scheduler.start(clock);
      // Catch up at once after downtime rather than at the next minute.
      scheduler.tick(clock()).catch((error: unknown) => log.error({ err: error }, 'catch-up tick failed'));
    }
  } catch (error) {
    await loggedIn.catch(() => undefined);
    await client.destroy().catch(() => undefined);
    await services?.store.close().catch(() => undefined);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const running = services;
  return {
    client,
    services: running,
    stop: () =>
      (stopping ??= (async () => {
        await running.scheduler.stop();
        await client.destroy();
        await running.store.close();
        log.info('stopped');
      })()),
  };
}
