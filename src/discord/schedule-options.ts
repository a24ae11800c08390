import { ApplicationCommandOptionType, ChannelType } from 'discord.js';
import {
  canonicalTimeZone,
  parseLocalTime,
  parseWeekday,
  suggestTimeZones,
  WEEKDAY_NAMES,
  type WeeklySchedule,
} from '../time/index.js';
import { term } from '../i18n/index.js';
import type { SeriesField, WeeklySeries } from '../servers/series.js';
import type { Context } from './command.js';
import { UserError } from './errors.js';

/** An IANA timezone, autocompleted (`timeZoneChoices`). */
export const timeZoneOption = {
  type: ApplicationCommandOptionType.String,
  name: 'timezone',
  description: 'Your timezone, e.g. Asia/Damascus or UTC',
  required: true,
  autocomplete: true,
  max_length: 64,
} as const;

/** The weekday, time and timezone options shared by `/checkin start` and `/guide schedule`. */
export const weeklyOptions = [
  {
    type: ApplicationCommandOptionType.String,
    name: 'weekday',
    description: 'Day of the week',
    required: true,
    choices: WEEKDAY_NAMES.map((day) => ({ name: day[0]!.toUpperCase() + day.slice(1), value: day })),
  },
  {
    type: ApplicationCommandOptionType.String,
    name: 'time',
    description: 'Local time, 24-hour HH:MM (e.g. 18:00)',
    required: true,
    min_length: 3,
    max_length: 5,
  },
  timeZoneOption,
] as const;

/** `schedule channel weekday time timezone`: a weekly post in a server channel (the guide series, the digest). */
export const scheduleSubcommand = <D extends string>(description: D) =>
  ({
    type: ApplicationCommandOptionType.Subcommand,
    name: 'schedule',
    description,
    options: [
      {
        type: ApplicationCommandOptionType.Channel,
        name: 'channel',
        description: 'Where to post',
        required: true,
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
      },
      ...weeklyOptions,
    ],
  }) as const;

export function timeZoneOrThrow(value: string): string {
  const zone = canonicalTimeZone(value.trim());
  if (!zone) throw new UserError('error.bad_timezone', { value: value });
  return zone;
}

/** Reads the three options into a schedule, or a UserError naming the value that is wrong. */
export function readWeeklySchedule(args: { weekday: string; time: string; timezone: string }): WeeklySchedule {
  const weekday = parseWeekday(args.weekday);
  if (!weekday) throw new UserError('error.bad_weekday', { value: args.weekday });
  const time = parseLocalTime(args.time.trim());
  if (!time) throw new UserError('error.bad_time', { value: args.time });
  return { weekday, ...time, timeZone: timeZoneOrThrow(args.timezone) };
}

export const timeZoneChoices = (value: string) => suggestTimeZones(value).map((zone) => ({ name: zone, value: zone }));

/**
 * Once: the server's weekly series (the guide's or the digest's) stopped by itself, in words for the
 * next moderator to use its command; undefined when there is nothing to tell.
 */
export async function seriesStopNotice<F extends SeriesField>(ctx: Context<unknown>, series: WeeklySeries<F>): Promise<string | undefined> {
  const stopped = ctx.guildId ? await series.takeStopNotice(ctx.guildId, ctx.now()) : undefined;
  if (!stopped) return undefined;
  return ctx.t(series.field === 'guideSchedule' ? 'guide.stopped_notice' : 'digest.stopped_notice', {
    channel: `<#${stopped.channelId}>`,
    reason: term(`series.stopped_reason.${stopped.disabledReason ?? 'missing-access'}`),
  });
}
