import { z } from 'zod';
import { LANGUAGES } from '../i18n/index.js';
import type { IsoWeekday } from '../time/index.js';

/*
 * Every stored value: validated on read and write, with a `version` so it can evolve.
 * A member's keys belong to src/members/members.ts (their one owner); a server's to
 * src/servers/servers.ts; the due index's and the cursor's to src/scheduler/due-index.ts.
 */

export const langSchema = z.enum(LANGUAGES);

export const weeklyScheduleSchema = z.object({
  weekday: z.custom<IsoWeekday>((value) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 7, 'weekday must be 1–7'),
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59),
  timeZone: z.string().min(1),
});
export type StoredWeeklySchedule = z.infer<typeof weeklyScheduleSchema>;

export const checkinSubscriptionSchema = weeklyScheduleSchema.extend({
  status: z.enum(['active', 'paused']),
  /**
   * Why check-ins are paused: the user asked, Discord refused to deliver a DM (50007), or the
   * timezone is one this Node's `Intl` no longer knows.
   */
  pausedReason: z.enum(['user', 'dm-closed', 'timezone']).optional(),
  nextDueAt: z.number(),
});
export type CheckinSubscription = z.infer<typeof checkinSubscriptionSchema>;

/** A member's own settings and the indexes of their other records. */
export const userRecordSchema = z.object({
  version: z.literal(1),
  lang: langSchema.optional(),
  /** The server where they ran `/checkin start`: its default language is their DMs' fallback. */
  homeGuildId: z.string().optional(),
  checkin: checkinSubscriptionSchema.optional(),
  /** Cached so a weekly DM is one request per user. */
  dmChannelId: z.string().optional(),
  /** Whether they have had their first check-in DM (which says how to stop them). */
  welcomed: z.boolean().optional(),
  /** Something to tell them the next time they use a command. */
  notice: z.enum(['dm-closed', 'timezone', 'unreadable']).optional(),
  /** Every week that has a check-in record, oldest first: Keyv cannot list keys by prefix. */
  weeks: z.array(z.string()).default([]),
  /** Weeks whose check-in delivery record is still kept (see src/members/retention.ts). */
  delivered: z.array(z.string()).optional(),
  /** Weeks whose check-in was sent and is still unanswered: closed as missed at the next due time. */
  pending: z.array(z.string()).optional(),
  /** Weeks older than those kept in full, reduced to the streak they left and their counts. */
  archive: z
    .object({
      /** The first week still kept in full. */
      before: z.string(),
      streak: z.object({ current: z.number().int(), best: z.number().int() }),
      counts: z.object({ answered: z.number().int(), skipped: z.number().int(), missed: z.number().int(), botMissed: z.number().int() }),
    })
    .optional(),
  /**
   * The one win the member chose to share in a server's weekly digest, with the name it is listed
   * under (never a ping). Replaced by the next share; removed by withdrawing it or by forget.
   */
  sharedWin: z
    .object({ guildId: z.string(), week: z.string(), text: z.string().min(1).max(300), name: z.string().min(1).max(100), sharedAt: z.number() })
    .optional(),
  /** Bumped by every change to any of the member's records: a snapshot read earlier is stale if it differs. */
  revision: z.number().int().default(0),
});
export type UserRecord = z.infer<typeof userRecordSchema>;

export const CHECKIN_ANSWER_LIMITS = { wins: 1000, difficulties: 1000, suggestions: 1000, focus: 500 } as const;

export const checkinAnswersSchema = z.object({
  wins: z.string().max(CHECKIN_ANSWER_LIMITS.wins),
  difficulties: z.string().max(CHECKIN_ANSWER_LIMITS.difficulties),
  suggestions: z.string().max(CHECKIN_ANSWER_LIMITS.suggestions),
  focus: z.string().max(CHECKIN_ANSWER_LIMITS.focus),
});
export type CheckinAnswers = z.infer<typeof checkinAnswersSchema>;

/** One ISO week of one user's check-ins. */
export const checkinWeekSchema = z.object({
  version: z.literal(1),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  status: z.enum(['pending', 'answered', 'skipped', 'missed', 'bot-missed']),
  dueAt: z.number().optional(),
  answers: checkinAnswersSchema.optional(),
  answeredAt: z.number().optional(),
});
export type CheckinWeek = z.infer<typeof checkinWeekSchema>;

export const GOAL_TEXT_MAX = 200;
export const MAX_OPEN_GOALS = 25;

export const goalsRecordSchema = z.object({
  version: z.literal(1),
  items: z.array(
    z.object({
      id: z.string(),
      text: z.string().min(1).max(GOAL_TEXT_MAX),
      createdAt: z.number(),
      doneAt: z.number().optional(),
    }),
  ),
});
export type GoalsRecord = z.infer<typeof goalsRecordSchema>;

export const SESSION_WITH_MAX = 100;
export const SESSION_TOPIC_MAX = 200;
export const ACTION_ITEMS_MAX = 1000;
export const MAX_UPCOMING_SESSIONS = 10;

export const sessionSchema = z.object({
  id: z.string(),
  startsAt: z.number(),
  timeZone: z.string(),
  with: z.string().max(SESSION_WITH_MAX).optional(),
  topic: z.string().max(SESSION_TOPIC_MAX).optional(),
  createdAt: z.number(),
  /** Reminders already sent or dropped. */
  done: z.array(z.enum(['before-24h', 'before-1h', 'follow-up'])),
  cancelledAt: z.number().optional(),
  actionItems: z.string().max(ACTION_ITEMS_MAX).optional(),
});
export type Session = z.infer<typeof sessionSchema>;

export const sessionsRecordSchema = z.object({ version: z.literal(1), items: z.array(sessionSchema) });
export type SessionsRecord = z.infer<typeof sessionsRecordSchema>;

/** A server's weekly post in one channel (the guide series, the digest): see src/servers/series.ts. */
export const weeklySeriesScheduleSchema = weeklyScheduleSchema.extend({
  channelId: z.string(),
  status: z.enum(['active', 'disabled']),
  disabledReason: z.enum(['channel-deleted', 'missing-access', 'left-server']).optional(),
  /** A moderator has been told the series stopped (once, in the reply to their next command of it). */
  stopToldAt: z.number().optional(),
  nextDueAt: z.number(),
  /** The due time of the last post, whose delivery records are kept until the next one is sent. */
  lastDueAt: z.number().optional(),
});
export type WeeklySeriesSchedule = z.infer<typeof weeklySeriesScheduleSchema>;

export const guideScheduleSchema = weeklySeriesScheduleSchema.extend({
  /** Position in guide order of the next post; wraps around after the last entry. */
  nextEntry: z.number().int().min(0),
});
export type GuideSchedule = z.infer<typeof guideScheduleSchema>;

/** The moderators' weekly digest of a server: one post a week in one channel. */
export const digestScheduleSchema = weeklySeriesScheduleSchema;
export type DigestSchedule = z.infer<typeof digestScheduleSchema>;

/** A server's settings. */
export const guildRecordSchema = z.object({
  version: z.literal(1),
  lang: langSchema.optional(),
  guideSchedule: guideScheduleSchema.optional(),
  /** Where mentoring introductions happen: private threads in this channel (`/mentor setup`). */
  mentoringChannelId: z.string().optional(),
  digestSchedule: digestScheduleSchema.optional(),
});
export type GuildRecord = z.infer<typeof guildRecordSchema>;
