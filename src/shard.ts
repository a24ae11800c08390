import { Routes, ShardingManager, type APIGatewayBotInfo } from 'discord.js';
import { configOrExit } from './config.js';
import { restClient } from './discord/deploy.js';
import { createLogger } from './log.js';
import { projectPath } from './paths.js';

/**
 * `npm run start:sharded`: past about 2,500 servers Discord requires sharding. Each shard is a
 * process running the ordinary entry point; shard 0 alone registers commands. On PostgreSQL any
 * shard may run the scheduler, the one holding its lease; on SQLite shard 0 does. Shards on
 * several machines share one PostgreSQL database (TOTAL_SHARDS, SHARD_LIST).
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.LOG_LEVEL);
  if (config.DATABASE_URL.startsWith('sqlite://')) log.warn('sharded processes share one SQLite file; prefer PostgreSQL');
  // Asked through DISCORD_API_URL, so a proxy (or a test's fake Discord) is honoured here too.
  const shards =
    config.TOTAL_SHARDS ?? ((await restClient(config.DISCORD_API_URL, config.DISCORD_TOKEN).get(Routes.gatewayBot())) as APIGatewayBotInfo).shards;
  // Several machines split the shards between them (SHARD_LIST), all against one PostgreSQL.
  const shardList = config.SHARD_LIST ?? 'auto';
  const manager = new ShardingManager(projectPath('dist', 'src', 'index.js'), { token: config.DISCORD_TOKEN, totalShards: shards, shardList, respawn: true });
  manager.on('shardCreate', (shard) => log.info({ shard: shard.id, of: shards }, 'shard started'));
  const stop = () => {
    for (const shard of manager.shards.values()) shard.kill();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await manager.spawn();
}

void main();
