import { commands } from '../commands/index.js';
import { configOrExit } from '../src/config.js';
import { commandBodies, putCommands, restClient } from '../src/discord/deploy.js';

/** `npm run deploy-commands`: registers every slash command, to one guild when DISCORD_GUILD_ID is set. */
const config = configOrExit('deploy-commands');
try {
  const count = await putCommands(
    { rest: restClient(config.DISCORD_API_URL, config.DISCORD_TOKEN), applicationId: config.DISCORD_APPLICATION_ID, guildId: config.DISCORD_GUILD_ID },
    commandBodies(commands.map((command) => command.definition)),
  );
  console.log(`Registered ${count} commands ${config.DISCORD_GUILD_ID ? `in guild ${config.DISCORD_GUILD_ID}` : 'globally (may take up to an hour to show)'}.`);
} catch (error) {
  console.error(`deploy-commands: ${(error as Error).message}`);
  process.exit(1);
}
