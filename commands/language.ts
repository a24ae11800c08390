import { ApplicationCommandOptionType, InteractionContextType } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { requireMemberPermission } from '../src/discord/permissions.js';
import { translator } from '../src/i18n/index.js';

/**
 * `/language`: Discord has no Arabic client locale, so the language is a stored choice: the
 * member's own, else the server's default, else English.
 */
export default defineCommand({
  definition: {
    name: 'language',
    description: 'Choose the language Murshid speaks to you (or, for admins, the server default)',
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'language',
        description: 'English or Arabic',
        required: true,
        choices: [
          { name: 'English', value: 'en' },
          { name: 'العربية (Arabic)', value: 'ar' },
        ],
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'scope',
        description: 'Just you (default), or the server default (needs Manage Server)',
        choices: [
          { name: 'Just me', value: 'me' },
          { name: 'Server default', value: 'server' },
        ],
      },
    ],
  },
  handlers: {
    language: async (ctx, { language, scope }) => {
      const { services } = ctx;
      const t = translator(services.ui[language], language);
      if (scope === 'server') {
        requireMemberPermission(ctx, 'ManageGuild');
        const guildId = ctx.guildId!;
        await services.servers.update(guildId, (guild) => ({ ...guild, lang: language }));
        return { ephemeral: true, content: t('language.server_set') };
      }
      await services.members.update(ctx.userId, (member) => member.setProfile((profile) => ({ ...profile, lang: language })), { create: true });
      return { ephemeral: true, content: t('language.user_set') };
    },
  },
});
