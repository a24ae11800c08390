import { ApplicationCommandOptionType, ButtonStyle, ComponentType, InteractionContextType, type APIEmbed } from 'discord.js';
import { CHECKIN_FIELDS, ACCENT, checkinModal } from '../src/checkins/prompt.js';
import { defineCommand, type Reply } from '../src/discord/command.js';
import { UserError } from '../src/discord/errors.js';
import { truncate } from '../src/text/format.js';
import { readWeeklySchedule, timeZoneChoices, weeklyOptions } from '../src/discord/schedule-options.js';
import { duration, term, type Translate } from '../src/i18n/index.js';
import { checkinAnswersSchema, type CheckinWeek } from '../src/store/records.js';
import { formatInstant, weekdayLabel, weekOf, type StreakState } from '../src/time/index.js';
import { CARD_FILE, progressCardFile } from '../src/progress/attachment.js';

const sub = <N extends string>(name: N, description: string) => ({ type: ApplicationCommandOptionType.Subcommand, name, description }) as const;

const streakLine = (t: Translate, streak: StreakState) => t('checkin.streak', { current: duration(streak.current, 'week'), best: duration(streak.best, 'week') });

/** Weeks `/checkin history` shows, and how much of each week's answers fits in one embed. */
const HISTORY_WEEKS = 8;
const HISTORY_WEEK_CHARS = 600; // 8 × (600 + a field name) stays under Discord's 6,000 per message

function historyEmbed(t: Translate, weeks: readonly CheckinWeek[], streak: StreakState): APIEmbed {
  const recent = [...weeks].sort((a, b) => b.week.localeCompare(a.week)).slice(0, HISTORY_WEEKS);
  const summary = ({ answers }: CheckinWeek) =>
    [answers?.wins && t('field.line', { label: term('checkin.modal.wins'), value: answers.wins }), answers?.focus && t('field.line', { label: term('checkin.modal.focus'), value: answers.focus })]
      .filter(Boolean)
      .join('\n');
  return {
    title: t('checkin.history.title'),
    description: recent.length > 0 ? streakLine(t, streak) : t('checkin.history.empty'),
    color: ACCENT,
    fields: recent.map((week) => ({
      name: t('checkin.history.week', { week: weekOf(week.week), status: term(`checkin.status.${week.status}`) }),
      value: truncate(summary(week), HISTORY_WEEK_CHARS) || '—',
    })),
  };
}

/** `/checkin …`: weekly check-in DMs, a member's own answers, and their data. Replies are private. */
export default defineCommand({
  definition: {
    name: 'checkin',
    description: 'Weekly check-ins that keep you consistent with your mentorship',
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: [
      { ...sub('start', 'Get a check-in DM every week at your local time (or change it)'), options: weeklyOptions },
      sub('now', 'Check in for this week now'),
      sub('stop', 'Pause your weekly check-ins'),
      sub('resume', 'Resume your weekly check-ins'),
      sub('history', 'Your recent weeks and your streak'),
      sub('export', 'Get everything Murshid keeps about you, as a JSON file'),
      sub('forget', 'Delete everything Murshid keeps about you'),
    ],
  },
  handlers: {
    start: async (ctx, args) => {
      const schedule = readWeeklySchedule(args);
      const user = await ctx.services.checkins.subscribe(ctx.userId, schedule, ctx.guildId, ctx.now());
      return {
        ephemeral: true,
        content: ctx.t('checkin.started', {
          weekday: weekdayLabel(schedule.weekday, ctx.lang),
          time: args.time.trim().padStart(5, '0'),
          timezone: schedule.timeZone,
          next: formatInstant(user.checkin!.nextDueAt, schedule.timeZone, ctx.lang),
        }),
      };
    },
    now: async (ctx) => {
      const { week, record } = await ctx.services.checkins.thisWeek(ctx.userId, ctx.now());
      return { modal: checkinModal(ctx.t, week, record?.answers) };
    },
    stop: async (ctx) => {
      const user = await ctx.services.checkins.pause(ctx.userId, 'user', ctx.now());
      return { ephemeral: true, content: ctx.t(user?.checkin ? 'checkin.stopped' : 'checkin.not_started') };
    },
    resume: async (ctx) => {
      const user = await ctx.services.checkins.resume(ctx.userId, ctx.now());
      if (!user?.checkin) return { ephemeral: true, content: ctx.t('checkin.not_started') };
      return { ephemeral: true, content: ctx.t('checkin.resumed', { next: formatInstant(user.checkin.nextDueAt, user.checkin.timeZone, ctx.lang) }) };
    },
    history: async (ctx) => {
      const { weeks, streak } = await ctx.services.checkins.history(ctx.userId);
      const embed = historyEmbed(ctx.t, weeks, streak);
      // The picture sits in the embed; the embed's text stays, for screen readers and small screens.
      const card = weeks.length > 0 ? await progressCardFile(ctx, 'full') : undefined;
      if (!card) return { ephemeral: true, embeds: [embed] };
      return { ephemeral: true, embeds: [{ ...embed, image: { url: `attachment://${CARD_FILE}` } }], files: [card] };
    },
    export: async (ctx) => {
      const data = { exportedAt: new Date(ctx.now()).toISOString(), userId: ctx.userId, ...(await ctx.services.members.export(ctx.userId)) };
      return {
        ephemeral: true,
        content: ctx.t('checkin.exported'),
        files: [{ name: `murshid-data-${ctx.userId}.json`, data: JSON.stringify(data, null, 2) }],
      };
    },
    forget: (ctx) => ({
      ephemeral: true,
      content: ctx.t('checkin.forget.confirm'),
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: 'checkin:forget-yes', label: ctx.t('checkin.forget.yes') },
            { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'checkin:forget-no', label: ctx.t('checkin.forget.no') },
          ],
        },
      ],
    }),
  },
  // Reading (or deleting) every record about a user can take a while on a busy store.
  deferAtOnce: ['export'],
  autocomplete: {
    timezone: (_ctx, value) => timeZoneChoices(value),
  },
  button: {
    answer: async (ctx, [week = '']) => ({ modal: checkinModal(ctx.t, week, (await ctx.services.checkins.answerable(ctx.userId, week, ctx.now()))?.answers) }),
    skip: async (ctx, [week = '']) => {
      const outcome = await ctx.services.checkins.skip(ctx.userId, week, ctx.now());
      return { ephemeral: true, content: ctx.t(outcome === 'skipped' ? 'checkin.skipped' : 'checkin.skip_after_answer', { week: weekOf(week) }) };
    },
    pause: async (ctx) => {
      await ctx.services.checkins.pause(ctx.userId, 'user', ctx.now());
      return { ephemeral: true, content: ctx.t('checkin.stopped') };
    },
    'forget-yes': async (ctx) => {
      await ctx.services.members.forget(ctx.userId, ctx.now());
      return { ephemeral: true, content: ctx.t('checkin.forget.done') };
    },
    'forget-no': (ctx) => ({ ephemeral: true, content: ctx.t('checkin.forget.kept') }),
  },
  modal: {
    submit: async (ctx, [week = '']): Promise<Reply> => {
      const fields = ctx.interaction.fields;
      const raw = Object.fromEntries(CHECKIN_FIELDS.map((field) => [field, fields.getTextInputValue(field).trim()]));
      const parsed = checkinAnswersSchema.safeParse(raw);
      if (!parsed.success) throw new UserError('checkin.answer_too_long', { field: ctx.t(`checkin.modal.${String(parsed.error.issues[0]?.path[0]) as (typeof CHECKIN_FIELDS)[number]}`) });
      const streak = await ctx.services.checkins.answer(ctx.userId, week, parsed.data, ctx.now());
      const content = `${ctx.t('checkin.saved', { week: weekOf(week) })}\n${streakLine(ctx.t, streak)}`;
      const card = await progressCardFile(ctx, 'small');
      // Sharing a win with the server's digest is opt-in, one button away.
      const home = (await ctx.services.members.profile(ctx.userId))?.homeGuildId ?? ctx.guildId;
      const reply: Reply = { ephemeral: true, content, ...(card ? { files: [card] } : {}) };
      if (home) {
        reply.components = [
          { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `digest:share:${week}`, label: ctx.t('digest.share.button') }] },
        ];
      }
      return reply;
    },
  },
});
