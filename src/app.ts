import { PermissionFlagsBits, type Client } from 'discord.js';
import type { ConfigWithToken } from './config.js';
import { attachInteractionHandlers, createClient, type LoadedApp } from './discord/bot.js';
import { leasesSupported, whileLeaseHeld, type LeasedWork, type LeasedWorkHandle } from './cluster/active.js';
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
  /** Timings of the scheduler's lease under the ShardingManager (tests shorten them). */
  schedulerLease?: LeasedWork['lease'];
}

/** The guide, the store and the commands, loaded by `import()`: not needed to connect. */
async function loadApp(config: ConfigWithToken, log: Logger, client: Client, options: StartOptions): Promise<LoadedApp> {
  const [{ commands }, { createServices }, { GUIDE_POST_PERMISSIONS }] = await Promise.all([
    import('../commands/index.js'),
    import('./services.js'),
    import('./discord/permissions.js'),
  ]);
  const shard = client.shard ? { id: client.shard.ids[0] ?? 0, count: client.shard.count } : undefined;
  const missingPermissions = (guildId: string, channelId: string, wanted = GUIDE_POST_PERMISSIONS): readonly string[] => {
    const channel = client.guilds.cache.get(guildId)?.channels.cache.get(channelId);
    const me = client.guilds.cache.get(guildId)?.members.me;
    if (!channel || !me || !('permissionsFor' in channel)) return []; // unknown here: the send itself will say
    const granted = channel.permissionsFor(me);
    return wanted.filter((name) => !granted?.has(PermissionFlagsBits[name]));
  };
  const services = await createServices({
    ...options,
    databaseUrl: config.DATABASE_URL,
    log,
    rest: client.rest,
    shard,
    missingPermissions,
  });
  return { commands, services };
}

/** Retries `work` with growing pauses (up to 10 minutes) until it succeeds or `signal` aborts. */
function retryInBackground(work: () => Promise<unknown>, log: Logger, firstError: unknown, signal: AbortSignal): void {
  let delay = 5_000;
  log.error({ err: firstError }, 'slash command sync failed; running anyway and retrying in the background');
  const again = () => {
    if (signal.aborted) return;
    work().then(
      () => log.info('slash command sync succeeded on retry'),
      (error: unknown) => {
        log.warn({ err: error, retryInMs: delay }, 'slash command sync failed again');
        delay = Math.min(delay * 2, 10 * 60_000);
        setTimeout(again, delay).unref();
      },
    );
  };
  setTimeout(again, delay).unref();
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
  const stopping = new AbortController();
  // Under the ShardingManager with PostgreSQL, a lease decides which shard runs the scheduler. It
  // fences the scheduler, not the Outbox: every shard sends what its own members' commands ask for
  // (a mentoring request's DM), and a shard that loses the lease stops its scheduler at once.
  let schedulerLease: LeasedWorkHandle | undefined;
  const loaded = loggedIn.then(() => loadApp(config, log, client, options));
  attachInteractionHandlers(client, loaded);
  let services: Services | undefined;
  try {
    const app = await loaded;
    services = app.services;
    const { servers, scheduler, clock, index, mentoring } = app.services;
    // Removed from a server: its settings, weekly guide series and list of mentors are deleted (README, "Your data").
    client.on('guildDelete', (guild) => {
      servers.forget(guild.id).catch((error: unknown) => log.error({ err: error, guild: guild.id }, "could not delete a server's settings"));
      mentoring.forgetGuild(guild.id).catch((error: unknown) => log.error({ err: error, guild: guild.id }, "could not delete a server's list of mentors"));
    });
    // Under the ShardingManager, shard 0 alone registers commands (and, on SQLite, runs the scheduler).
    const leader = !client.shard || client.shard.ids.includes(0);
    if (leader) {
      const { commandBodies, syncCommands } = await import('./discord/deploy.js');
      const target = { rest: client.rest, applicationId: config.DISCORD_APPLICATION_ID, guildId: config.DISCORD_GUILD_ID };
      const sync = () => syncCommands(target, commandBodies(app.commands.map((command) => command.definition)), log);
      // A failed sync is not fatal: the commands Discord already has keep working, and the sync
      // is tried again in the background until it succeeds.
      await Promise.all([loggedIn, sync().catch((error: unknown) => retryInBackground(sync, log, error, stopping.signal))]);
    } else {
      await loggedIn;
    }
    const runScheduler = () => {
      scheduler.start(clock);
      // Catch up at once after downtime rather than at the next minute.
      scheduler.tick(clock()).catch((error: unknown) => log.error({ err: error }, 'catch-up tick failed'));
    };
    if (options.startScheduler === false) {
      // Tests drive the ticks.
    } else if (client.shard && leasesSupported(config.DATABASE_URL)) {
      // Any shard may run the scheduler, one at a time: the loss of shard 0's machine stops nothing.
      index.standBy();
      const work: LeasedWork = {
        name: 'scheduler',
        lease: options.schedulerLease,
        start: async () => {
          await index.takeOver(clock());
          runScheduler();
          return async () => {
            index.standBy();
            await scheduler.stop();
          };
        },
      };
      schedulerLease = whileLeaseHeld(config.DATABASE_URL, work, log, stopping.signal);
      schedulerLease.done.catch((error: unknown) => log.error({ err: error }, 'the scheduler lease loop failed; this shard no longer runs the scheduler'));
    } else if (leader) {
      runScheduler();
    }
  } catch (error) {
    await loggedIn.catch(() => undefined);
    await client.destroy().catch(() => undefined);
    await services?.store.close().catch(() => undefined);
    throw error;
  }

  let stopped: Promise<void> | undefined;
  const running = services;
  return {
    client,
    services: running,
    stop: () =>
      (stopped ??= (async () => {
        stopping.abort();
        await schedulerLease?.done.catch(() => undefined);
        await running.scheduler.stop();
        await client.destroy();
        await running.store.close();
        await running.pictures.close();
        log.info('stopped');
      })()),
  };
}
