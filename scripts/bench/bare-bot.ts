import { Client, Events, GatewayIntentBits, type APIEmbed } from 'discord.js';

/**
 * The baseline for `npm run bench`: a bare discord.js client with the same intent as Murshid
 * (`Guilds` only), discord.js's default caches, and one constant embed as the answer to every
 * command. Environment: DISCORD_TOKEN, DISCORD_API_URL (as Murshid reads them).
 */
const EMBED: APIEmbed = {
  title: 'Bench',
  description: 'A constant answer from a bare discord.js client.',
  color: 0x2b8a3e,
};

const token = process.env.DISCORD_TOKEN;
const api = process.env.DISCORD_API_URL;
if (!token || !api) {
  process.stderr.write('bare-bot: DISCORD_TOKEN and DISCORD_API_URL are required\n');
  process.exit(1);
}

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api } });

client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  interaction.reply({ embeds: [EMBED] }).catch((error: unknown) => process.stderr.write(`bare-bot: reply failed: ${String(error)}\n`));
});
client.on(Events.Error, (error) => process.stderr.write(`bare-bot: ${String(error)}\n`));

const shutdown = (): void => {
  void client.destroy().finally(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

await client.login(token);
