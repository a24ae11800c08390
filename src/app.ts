import type { Client } from 'discord.js';
import { commands } from '../commands/index.js';
import type { ConfigWithToken } from './config.js';
import { attachInteractionHandlers, createClient } from './discord/bot.js';
import { commandBodies, syncCommands } from './discord/deploy.js';
import type { Logger } from './log.js';
import { createServices, type ServiceOptions, type Services } from './services.js';

export interface RunningBot {
  client: Client;
  services: Services;
  stop(): Promise<void>;
}

/** Opens the store, registers commands if they changed, and connects to the gateway. */
export interface StartOptions extends Partial<Omit<ServiceOptions, 'rest' | 'log' | 'databaseUrl'>> {
  /** Tests drive `scheduler.tick(now)` themselves. */
  startScheduler?: boolean;
}

export async function startBot(config: ConfigWithToken, log: Logger, options: StartOptions = {}): Promise<RunningBot> {
  const client = createClient(config.DISCORD_API_URL);
  const services = await createServices({ ...options, databaseUrl: config.DATABASE_URL, log, rest: client.rest });
  attachInteractionHandlers(client, commands, services);
  client.on('error', (error) => log.error({ err: error }, 'gateway client error'));
  client.on('warn', (message) => log.warn(message));
  // Removed from a server: its weekly guide posts stop for good rather than failing every week.
  client.on('guildDelete', (guild) => {
    void services.guides.disable(guild.id, 'left-server').catch((error: unknown) => log.error({ err: error }, 'could not disable guide schedule'));
  });
  client.once('clientReady', (ready) => log.info({ user: ready.user.id, guilds: ready.guilds.cache.size }, 'connected to Discord'));

  try {
    // Registration runs beside the gateway login: neither waits for the other. Under the
    // ShardingManager, shard 0 alone registers commands and runs the scheduler.
    const leader = !client.shard || client.shard.ids.includes(0);
    // The gateway client's own REST client: one rate limiter for everything this process sends.
    client.rest.setToken(config.DISCORD_TOKEN);
    const target = { rest: client.rest, applicationId: config.DISCORD_APPLICATION_ID, guildId: config.DISCORD_GUILD_ID };
    const registered = leader ? syncCommands(target, commandBodies(commands.map((command) => command.definition)), log) : undefined;
    await Promise.all([client.login(config.DISCORD_TOKEN), registered]);
    if (options.startScheduler !== false && leader) {
      services.scheduler.start(services.clock);
      // Catch up at once after downtime rather than at the next minute.
      services.scheduler.tick(services.clock()).catch((error: unknown) => log.error({ err: error }, 'catch-up tick failed'));
    }
  } catch (error) {
    await client.destroy().catch(() => undefined);
    await services.store.close().catch(() => undefined);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    client,
    services,
    stop: () =>
      (stopping ??= (async () => {
        await services.scheduler.stop();
        await client.destroy();
        await services.store.close();
        log.info('stopped');
      })()),
  };
}
