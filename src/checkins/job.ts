import { translator, type Lang } from '../i18n/index.js';
import type { Goals } from '../goals/goals.js';
import { openGoals } from '../goals/goals.js';
import type { Collection } from '../store/store.js';
import type { CheckinSubscription, CheckinWeek, GuildRecord, SessionsRecord, UserRecord } from '../store/records.js';
import { openDmChannel } from '../scheduler/dm.js';
import type { Delivery } from '../scheduler/outbox.js';
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
    // Everything the batch needs, in a handful of bulk reads whatever its size; then one read
    // per due user (their record, re-read under their lock when it is written back).
    const users = await checkins.users.getMany(userIds);
    const due = userIds.flatMap((userId, i) => {
      const user = users[i];
      const checkin = user?.checkin;
      return user && checkin?.status === 'active' && checkin.nextDueAt <= now ? [planFor(userId, { ...user, checkin }, now)] : [];
    });
    if (due.length === 0) return [];
    // Next week's index entries first, all at once: a crash from here on leaves nobody unscheduled.
    await checkins.index.addMany(due.map((plan) => ({ dueAt: plan.nextDueAt, job: checkinJob(plan.userId) })));
    const [goalRecords, sessionRecords, deliveries, lastWeeks, homes] = await Promise.all([
      goals.records.getMany(due.map((plan) => plan.userId)),
      sessions.getMany(due.map((plan) => plan.userId)),
      outbox.records.getMany(due.map((plan) => checkinDeliveryKey(plan.userId, plan.week))),
      checkins.weeks.getMany(due.map((plan) => weekKey(plan.userId, plan.user.weeks.at(-1) ?? 'none'))),
      guilds.getMany(due.map((plan) => plan.user.homeGuildId ?? 'none')),
    ]);

    const retry: string[][] = [];
    await forEachBounded(
      due.map((plan, i) => ({ plan, i })),
      this.deps.concurrency,
      async ({ plan, i }) => {
        try {
          await this.runOne(plan, now, {
            goals: openGoals(goalRecords[i]?.items).map((goal) => goal.text),
            sessions: sessionRecords[i],
            delivery: deliveries[i],
            lastWeek: lastWeeks[i],
            home: homes[i],
          });
        } catch (error) {
          this.deps.log.warn({ err: error, user: plan.userId }, 'check-in not delivered; will retry');
          retry.push([plan.userId]);
        }
      },
      signal,
    );
    return retry;
  }

  private async runOne(
    { userId, user, dueAt, week, late, nextDueAt }: CheckinPlan,
    now: number,
    known: {
      goals: string[];
      sessions: SessionsRecord | undefined;
      delivery: Delivery | undefined;
      lastWeek: CheckinWeek | undefined;
      home: GuildRecord | undefined;
    },
  ): Promise<void> {
    const { checkins, outbox, rest } = this.deps;
    // No answer by the next due time: last week is missed (it is in the user's index already).
    if (known.lastWeek?.status === 'pending' && known.lastWeek.week !== week) {
      await checkins.weeks.set(weekKey(userId, known.lastWeek.week), { ...known.lastWeek, status: 'missed' });
    }
    const thisWeek = known.lastWeek?.week === week ? undefined : { version: 1 as const, week, dueAt };
    if (late) return this.finish(userId, dueAt, nextDueAt, thisWeek && { ...thisWeek, status: 'bot-missed' });

    const lang = dmLanguage(user, known.home);
    const previousWeek = known.lastWeek && known.lastWeek.week !== week ? known.lastWeek : undefined;
    const body = checkinPrompt({
      t: translator(this.deps.ui[lang], lang),
      week,
      openGoals: known.goals,
      lastFocus: previousWeek?.answers?.focus || undefined,
      actionItems: (known.sessions?.items ?? [])
        .filter((session) => session.actionItems && !session.cancelledAt && session.startsAt > dueAt - WEEK_MS && session.startsAt <= dueAt)
        .map((session) => session.actionItems!),
      first: !user.welcomed,
    });

    const dmChannelId = user.dmChannelId ?? (await openDmChannel(rest, userId));
    const result = await outbox.deliver(checkinDeliveryKey(userId, week), known.delivery, dmChannelId, body, checkinButtonId('answer', week), now);
    if (result.status === 'failed' && result.code === 10003) {
      // The cached DM channel is gone: forget it so the retry opens a new one.
      await outbox.records.delete(checkinDeliveryKey(userId, week));
      await checkins.updateUser(userId, (current) => ({ ...current, dmChannelId: undefined }), { create: false });
      throw new Error('DM channel no longer exists');
    }
    if (result.status === 'failed') {
      // Closed DMs (50007) and the like: pause with the reason, keep the data, tell them next time.
      await checkins.saveWeek(userId, { version: 1, week, status: 'bot-missed', dueAt });
      await checkins.pause(userId, 'dm-closed');
      this.deps.log.info({ user: userId, code: result.code }, 'check-in DM refused; check-ins paused');
      return;
    }
    await this.finish(userId, dueAt, nextDueAt, thisWeek && { ...thisWeek, status: 'pending' }, { welcomed: true, dmChannelId });
  }

  /**
   * One read-modify-write of the user once the week is dealt with: the week joins their index and
   * the schedule moves on (unless they changed it meanwhile). The week's record follows; a crash
   * between the two leaves an index entry without a record, which every reader skips.
   */
  private async finish(userId: string, dueAt: number, nextDueAt: number, weekRecord: CheckinWeek | undefined, extra: Partial<UserRecord> = {}): Promise<void> {
    const { checkins } = this.deps;
    const saved = await checkins.updateUser(
      userId,
      (current) => ({
        ...current,
        ...extra,
        weeks: weekRecord && !current.weeks.includes(weekRecord.week) ? [...current.weeks, weekRecord.week].sort() : current.weeks,
        checkin: current.checkin?.nextDueAt === dueAt ? { ...current.checkin, nextDueAt } : current.checkin,
      }),
      { create: false },
    );
    if (saved && weekRecord) await checkins.weeks.set(weekKey(userId, weekRecord.week), weekRecord);
  }
}

interface CheckinPlan {
  userId: string;
  user: UserRecord & { checkin: CheckinSubscription };
  dueAt: number;
  week: string;
  /** More than 12 h late (the bot was down): recorded as missed by the bot, not sent. */
  late: boolean;
  nextDueAt: number;
}

/** What is due for one user, and when they are due next. Pure. */
function planFor(userId: string, user: CheckinPlan['user'], now: number): CheckinPlan {
  const { checkin } = user;
  const dueAt = checkin.nextDueAt;
  const late = classifyDue(dueAt, now) === 'bot-missed';
  // After long downtime, skip straight to the first occurrence still worth sending.
  const nextDueAt = nextWeeklyOccurrence(checkin, late ? Math.max(dueAt, now - MISSED_RUN_GRACE_MS) : dueAt);
  return { userId, user, dueAt, week: isoWeekKey(dueAt, checkin.timeZone), late, nextDueAt };
}
