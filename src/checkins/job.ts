import { translator, type Lang } from '../i18n/index.js';
import type { Goals } from '../goals/goals.js';
import { openGoals } from '../goals/goals.js';
import type { Collection } from '../store/store.js';
import type { GuildRecord, SessionsRecord, UserRecord } from '../store/records.js';
import { openDmChannel } from '../scheduler/dm.js';
import type { Outbox } from '../scheduler/outbox.js';
import { forEachBounded } from '../scheduler/pool.js';
import type { JobKind, SendingJobDeps } from '../scheduler/scheduler.js';
import { classifyDue, isoWeekKey, MISSED_RUN_GRACE_MS, nextWeeklyOccurrence, WEEK_MS } from '../time/index.js';
import { checkinJob, weekKey, type Checkins } from './checkins.js';
import { checkinButtonId, checkinPrompt } from './prompt.js';

export interface CheckinJobDeps extends SendingJobDeps {
  checkins: Checkins;
  goals: Goals;
  sessions: Collection<SessionsRecord>;
  guilds: Collection<GuildRecord>;
}

export const checkinDeliveryKey = (userId: string, week: string): string => `checkin:${userId}:${week}`;

/** The language of a user's DMs: their choice, else the default of the server they opted in from. */
export const dmLanguage = (user: UserRecord, home: GuildRecord | undefined): Lang => user.lang ?? home?.lang ?? 'en';

/** Sends each due user their weekly check-in DM, exactly once per ISO week. */
export class CheckinJob implements JobKind {
  readonly name = 'checkin';

  constructor(private readonly deps: CheckinJobDeps) {}

  async runBatch(jobs: readonly string[][], now: number, signal?: AbortSignal): Promise<string[][]> {
    const { checkins, goals, sessions, guilds, outbox } = this.deps;
    const userIds = [...new Set(jobs.map(([userId]) => userId!))];
    // Everything the batch needs, in a handful of bulk reads whatever its size.
    const users = await checkins.users.getMany(userIds);
    const due = userIds
      .map((userId, i) => ({ userId, user: users[i] }))
      .filter((entry): entry is { userId: string; user: UserRecord & { checkin: NonNullable<UserRecord['checkin']> } } => {
        const checkin = entry.user?.checkin;
        return checkin?.status === 'active' && checkin.nextDueAt <= now;
      });
    if (due.length === 0) return [];
    const weekOf = (entry: (typeof due)[number]) => isoWeekKey(entry.user.checkin.nextDueAt, entry.user.checkin.timeZone);
    const [goalRecords, sessionRecords, deliveries, lastWeeks, homes] = await Promise.all([
      goals.records.getMany(due.map((entry) => entry.userId)),
      sessions.getMany(due.map((entry) => entry.userId)),
      outbox.records.getMany(due.map((entry) => checkinDeliveryKey(entry.userId, weekOf(entry)))),
      checkins.weeks.getMany(due.map((entry) => weekKey(entry.userId, entry.user.weeks.at(-1) ?? 'none'))),
      guilds.getMany(due.map((entry) => entry.user.homeGuildId ?? 'none')),
    ]);

    const retry: string[][] = [];
    await forEachBounded(
      due.map((entry, i) => ({ ...entry, i })),
      this.deps.concurrency,
      async ({ userId, user, i }) => {
        try {
          await this.runOne(userId, user, now, {
            goals: openGoals(goalRecords[i]?.items).map((goal) => goal.text),
            sessions: sessionRecords[i],
            delivery: deliveries[i],
            lastWeek: lastWeeks[i],
            home: homes[i],
          });
        } catch (error) {
          this.deps.log.warn({ err: error, user: userId }, 'check-in not delivered; will retry');
          retry.push([userId]);
        }
      },
      signal,
    );
    return retry;
  }

  private async runOne(
    userId: string,
    user: UserRecord & { checkin: NonNullable<UserRecord['checkin']> },
    now: number,
    known: {
      goals: string[];
      sessions: SessionsRecord | undefined;
      delivery: Parameters<Outbox['deliver']>[1];
      lastWeek: Awaited<ReturnType<Checkins['weeks']['get']>>;
      home: GuildRecord | undefined;
    },
  ): Promise<void> {
    const { checkins, outbox, rest } = this.deps;
    const schedule = user.checkin;
    const dueAt = schedule.nextDueAt;
    const week = isoWeekKey(dueAt, schedule.timeZone);
    const late = classifyDue(dueAt, now) === 'bot-missed';
    // After long downtime, skip straight to the first occurrence still worth sending.
    const nextDueAt = nextWeeklyOccurrence(schedule, late ? Math.max(dueAt, now - MISSED_RUN_GRACE_MS) : dueAt);
    await checkins.index.add(nextDueAt, checkinJob(userId));

    // No answer by the next due time: last week is missed.
    if (known.lastWeek?.status === 'pending' && known.lastWeek.week !== week) {
      await checkins.saveWeek(userId, { ...known.lastWeek, status: 'missed' });
    }

    const advance = (extra: Partial<UserRecord> = {}) =>
      checkins.updateUser(
        userId,
        (current) => (current.checkin?.nextDueAt === dueAt ? { ...current, ...extra, checkin: { ...current.checkin, nextDueAt } } : { ...current, ...extra }),
        { create: false },
      );

    if (late) {
      await checkins.saveWeek(userId, { version: 1, week, status: 'bot-missed', dueAt });
      await advance();
      return;
    }

    const thisWeek = known.lastWeek?.week === week ? known.lastWeek : undefined;
    if (!thisWeek) await checkins.saveWeek(userId, { version: 1, week, status: 'pending', dueAt });

    const lang = dmLanguage(user, known.home);
    const t = translator(this.deps.ui[lang], lang);
    const previousWeek = known.lastWeek && known.lastWeek.week !== week ? known.lastWeek : undefined;
    const since = dueAt - WEEK_MS;
    const body = checkinPrompt({
      t,
      week,
      openGoals: known.goals,
      lastFocus: previousWeek?.answers?.focus || undefined,
      actionItems: (known.sessions?.items ?? [])
        .filter((session) => session.actionItems && !session.cancelledAt && session.startsAt > since && session.startsAt <= dueAt)
        .map((session) => session.actionItems!),
      first: !user.welcomed,
    });

    let dmChannelId = user.dmChannelId;
    if (!dmChannelId) {
      dmChannelId = await openDmChannel(rest, userId);
      await checkins.updateUser(userId, (current) => ({ ...current, dmChannelId }), { create: false });
    }
    const result = await outbox.deliver(checkinDeliveryKey(userId, week), known.delivery, dmChannelId, body, checkinButtonId('answer', week), now);
    if (result.status === 'failed') {
      if (result.code === 10003) {
        // The cached DM channel is gone: forget it so the retry opens a new one.
        await outbox.records.delete(checkinDeliveryKey(userId, week));
        await checkins.updateUser(userId, (current) => ({ ...current, dmChannelId: undefined }), { create: false });
        throw new Error('DM channel no longer exists');
      }
      // Closed DMs (50007) and the like: pause with the reason, keep the data, tell them next time.
      await checkins.saveWeek(userId, { version: 1, week, status: 'bot-missed', dueAt });
      await checkins.pause(userId, 'dm-closed');
      this.deps.log.info({ user: userId, code: result.code }, 'check-in DM refused; check-ins paused');
      return;
    }
    await advance({ welcomed: true });
  }
}
