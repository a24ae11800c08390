import { ApplicationCommandOptionType, ChannelType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { renderEntry, searchEntries } from '../src/content/render.js';
import { defineCommand } from '../src/discord/command.js';
import { UserError } from '../src/discord/errors.js';
import { postableChannel, requireMemberPermission, requireMemberPermissionsIn } from '../src/discord/permissions.js';
import { readWeeklySchedule, scheduleSubcommand, seriesStopNotice, timeZoneChoices } from '../src/discord/schedule-options.js';
import { formatInstant, weekdayLabel } from '../src/time/index.js';

/** What a moderator needs in the target channel to have the bot post there for them. */
const POSTER = ['ViewChannel', 'SendMessages', 'ManageMessages'] as const;


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
          { type: ApplicationCommandOptionType.String, name: 'section', description: 'Which section', required: true, autocomplete: true, max_length: 100 },
          {
            type: ApplicationCommandOptionType.Channel,
            name: 'channel',
            description: 'Where to post it (default: this channel)',
            channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
          },
        ],
      },
      scheduleSubcommand('Post the next guide entry every week (replaces the current series)'),
      { type: ApplicationCommandOptionType.Subcommand, name: 'unschedule', description: "Stop this server's weekly guide posts" },
    ],
  },
  handlers: {
    post: async (ctx, { section, channel }) => {
      requireMemberPermission(ctx, 'ManageMessages');
      const { content } = ctx.services;
      if (!content.entryIds.includes(section)) throw new UserError('error.unknown_section', { value: section });
      const target = postableChannel(ctx, channel?.id ?? ctx.interaction.channelId);
      requireMemberPermissionsIn(ctx, target, POSTER);
      // Guides go out in the server's default language: the post is for everyone in the channel.
      const lang = (ctx.guildId && (await ctx.services.servers.get(ctx.guildId))?.lang) || 'en';
      const excerpt = renderEntry(content, lang, section);
      await target.send({ ...excerpt, allowedMentions: { parse: [] } });
      const posted = ctx.t('guide.posted', { title: content.entry(ctx.lang, section).title, channel: `<#${target.id}>` });
      return {
        content: [posted, await seriesStopNotice(ctx, ctx.services.guides)].filter(Boolean).join('\n\n'),
        ephemeral: true,
      };
    },
    schedule: async (ctx, args) => {
      requireMemberPermission(ctx, 'ManageMessages');
      const weekly = readWeeklySchedule(args);
      const target = postableChannel(ctx, args.channel.id);
      requireMemberPermissionsIn(ctx, target, POSTER);
      const schedule = await ctx.services.guides.schedule(ctx.guildId!, target.id, weekly, ctx.now());
      const first = ctx.services.content.entry(ctx.lang, ctx.services.content.entryIds[schedule.nextEntry % ctx.services.content.entryIds.length]!);
      return {
        ephemeral: true,
        content: ctx.t('guide.scheduled', {
          channel: `<#${target.id}>`,
          weekday: weekdayLabel(weekly.weekday, ctx.lang),
          time: args.time.trim().padStart(5, '0'),
          timezone: weekly.timeZone,
          next: formatInstant(schedule.nextDueAt, weekly.timeZone, ctx.lang),
          title: first.title,
        }),
      };
    },
    unschedule: async (ctx) => {
      requireMemberPermission(ctx, 'ManageMessages');
      const had = await ctx.services.guides.unschedule(ctx.guildId!);
      return { ephemeral: true, content: ctx.t(had ? 'guide.unscheduled' : 'guide.no_schedule') };
    },
  },
  autocomplete: {
    section: ({ services, lang }, value) => searchEntries(services.content, lang, value),
    timezone: (_ctx, value) => timeZoneChoices(value),
  },
});
