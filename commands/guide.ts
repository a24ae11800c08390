import { ApplicationCommandOptionType, ChannelType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { renderEntry, searchEntries } from '../src/content/render.js';
import { defineCommand } from '../src/discord/command.js';
import { UserError } from '../src/discord/errors.js';
import { postableChannel, requireMemberPermission } from '../src/discord/permissions.js';

/** `/guide …`: moderators post the guide into channels. */
export default defineCommand({
  definition: {
    name: 'guide',
    description: 'Moderators: post guide excerpts into a channel',
    contexts: [InteractionContextType.Guild],
    default_member_permissions: String(PermissionFlagsBits.ManageMessages),
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'post',
        description: 'Post a section of the guide publicly',
        options: [
          { type: ApplicationCommandOptionType.String, name: 'section', description: 'Which section', required: true, autocomplete: true },
          {
            type: ApplicationCommandOptionType.Channel,
            name: 'channel',
            description: 'Where to post it (default: this channel)',
            channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
          },
        ],
      },
    ],
  },
  handlers: {
    post: async (ctx, { section, channel }) => {
      requireMemberPermission(ctx, 'ManageMessages');
      const { content } = ctx.services;
      if (!content.entryIds.includes(section)) throw new UserError('error.unknown_section', { value: section });
      const target = postableChannel(ctx, channel?.id ?? ctx.interaction.channelId);
      // Guides go out in the server's default language: the post is for everyone in the channel.
      const lang = (ctx.guildId && (await ctx.services.guilds.get(ctx.guildId))?.lang) || 'en';
      const excerpt = renderEntry(content, lang, section);
      await target.send({ ...excerpt, allowedMentions: { parse: [] } });
      return {
        content: ctx.t('guide.posted', { title: content.entry(ctx.lang, section).title, channel: `<#${target.id}>` }),
        ephemeral: true,
      };
    },
  },
  autocomplete: {
    section: ({ services, lang }, value) => searchEntries(services.content, lang, value),
  },
});
