import { ApplicationCommandOptionType, ButtonStyle, ComponentType, InteractionContextType, PermissionFlagsBits, TextInputStyle } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { UserError } from '../src/discord/errors.js';
import { postableChannel, requireMemberPermission } from '../src/discord/permissions.js';
import { readWeeklySchedule, scheduleSubcommand, seriesStopNotice, timeZoneChoices } from '../src/discord/schedule-options.js';
import { digestMarker, digestPost } from '../src/digest/job.js';
import { formatInstant, isoWeekKey, weekdayLabel } from '../src/time/index.js';

/** The longest win a member may share (a sentence or two). */
export const SHARED_WIN_MAX = 300;

/** `/digest …`: moderators' weekly community digest; and the buttons members share a win with. */
export default defineCommand({
  definition: {
    name: 'digest',
    description: "Moderators: a weekly digest of how the community keeps its habits",
    contexts: [InteractionContextType.Guild],
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [
      scheduleSubcommand('Post the community digest every week (replaces the current schedule)'),
      { type: ApplicationCommandOptionType.Subcommand, name: 'unschedule', description: "Stop this server's weekly digest" },
      { type: ApplicationCommandOptionType.Subcommand, name: 'now', description: "See this week's digest (only you)" },
    ],
  },
  handlers: {
    schedule: async (ctx, args) => {
      requireMemberPermission(ctx, 'ManageGuild');
      const weekly = readWeeklySchedule(args);
      const target = postableChannel(ctx, args.channel.id);
      // The chart is a picture: without Attach Files every weekly post would be refused.
      const me = target.guild.members.me;
      if (me && !target.permissionsFor(me)?.has(PermissionFlagsBits.AttachFiles)) throw new UserError('digest.needs_files', { channel: `<#${target.id}>` });
      const schedule = await ctx.services.digests.schedule(ctx.guildId!, target.id, weekly, ctx.now());
      return {
        ephemeral: true,
        content: ctx.t('digest.scheduled', {
          channel: `<#${target.id}>`,
          weekday: weekdayLabel(weekly.weekday, ctx.lang),
          time: args.time.trim().padStart(5, '0'),
          timezone: weekly.timeZone,
          next: formatInstant(schedule.nextDueAt, weekly.timeZone, ctx.lang),
        }),
      };
    },
    unschedule: async (ctx) => {
      requireMemberPermission(ctx, 'ManageGuild');
      const had = await ctx.services.digests.unschedule(ctx.guildId!);
      return { ephemeral: true, content: ctx.t(had ? 'digest.unscheduled' : 'digest.no_schedule') };
    },
    now: async (ctx) => {
      requireMemberPermission(ctx, 'ManageGuild');
      const schedule = (await ctx.services.servers.get(ctx.guildId!))?.digestSchedule;
      const week = isoWeekKey(ctx.now(), schedule?.timeZone ?? 'UTC');
      const facts = await ctx.services.digests.facts(ctx.guildId!, week);
      const { embed, chart } = await digestPost(ctx.t, ctx.lang, facts, digestMarker(ctx.t, ctx.lang, week), ctx.services.pictures);
      const content = [ctx.t('digest.preview'), await seriesStopNotice(ctx, ctx.services.digests)].filter(Boolean).join('\n\n');
      return { ephemeral: true, content, embeds: [embed], files: [chart] };
    },
  },
  autocomplete: {
    timezone: (_ctx, value) => timeZoneChoices(value),
  },
  button: {
    /** Under a saved check-in: opens the form to share one win, filled in with the check-in's wins. */
    share: async (ctx, [week = '']) => {
      const { weeks } = await ctx.services.checkins.history(ctx.userId);
      const wins = weeks.find((record) => record.week === week)?.answers?.wins ?? '';
      return {
        modal: {
          custom_id: `digest:shared:${week}`,
          title: ctx.t('digest.share.modal_title'),
          components: [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.TextInput,
                  custom_id: 'win',
                  label: ctx.t('digest.share.label'),
                  placeholder: ctx.t('digest.share.hint'),
                  style: TextInputStyle.Paragraph,
                  required: true,
                  max_length: SHARED_WIN_MAX,
                  ...(wins ? { value: wins.slice(0, SHARED_WIN_MAX) } : {}),
                },
              ],
            },
          ],
        },
      };
    },
    withdraw: async (ctx) => {
      const withdrawn = await ctx.services.digests.withdraw(ctx.userId);
      return { ephemeral: true, content: ctx.t(withdrawn ? 'digest.share.withdrawn' : 'digest.share.nothing') };
    },
  },
  modal: {
    shared: async (ctx, [week = '']) => {
      const text = ctx.interaction.fields.getTextInputValue('win').trim();
      if (!text) throw new UserError('digest.share.empty');
      const guildId = (await ctx.services.members.profile(ctx.userId))?.homeGuildId ?? ctx.guildId;
      if (!guildId) throw new UserError('digest.share.no_server');
      const user = ctx.interaction.user;
      const member = ctx.interaction.member;
      const name = ((member && 'displayName' in member ? member.displayName : undefined) ?? user.globalName ?? user.username).slice(0, 100);
      await ctx.services.digests.share(ctx.userId, guildId, week, text.slice(0, SHARED_WIN_MAX), name, ctx.now());
      return {
        ephemeral: true,
        content: ctx.t('digest.share.done', { name }),
        components: [
          {
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'digest:withdraw', label: ctx.t('digest.share.withdraw') }],
          },
        ],
      };
    },
  },
});
