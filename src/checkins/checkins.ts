import { UserError } from '../discord/errors.js';
import { CHECKIN_DELIVERY, checkinJob, WEEK, type Member, type Members } from '../members/members.js';
import type { CheckinAnswers, CheckinWeek, UserRecord } from '../store/records.js';
import { streakBucket, type DigestTally } from '../digest/tally.js';
import { computeStreak, EMPTY_STREAK, isoWeekKey, nextWeeklyOccurrence, weekOf, type StreakState, type WeeklySchedule } from '../time/index.js';

export { checkinJob };

/** The week a check-in given now belongs to: the member's timezone, else UTC. */
export function currentWeek(profile: UserRecord | undefined, now: number): string {
  return isoWeekKey(now, profile?.checkin?.timeZone ?? 'UTC');
}

/** A week can be answered while it is the current one, or while its check-in is still open. */
export function isAnswerable(week: string, record: CheckinWeek | undefined, current: string): boolean {
  return week === current || (record !== undefined && record.status !== 'missed' && record.status !== 'bot-missed');
}

/** The member's weeks not yet folded into their archive. */
export const keptWeeks = (profile: UserRecord | undefined): string[] =>
  (profile?.weeks ?? []).filter((week) => !profile?.archive || week >= profile.archive.before);

/** The streak of a member's kept weeks, continuing from what their archived weeks left. */
export const streakOf = (profile: UserRecord | undefined, weeks: readonly CheckinWeek[]): StreakState =>
  computeStreak(weeks, profile?.archive?.streak ?? EMPTY_STREAK);

/**
 * A member's check-in subscription and weekly answers, read and written through the member's one
 * owner (`Members`), under their lock.
 */
export class Checkins {
  /** `tally`: the digest's anonymous counts of the member's server, updated as their week changes. */
  constructor(
    private readonly members: Members,
    private readonly tally?: DigestTally,
  ) {}

  /** Counts a change of the member's week for their server's digest (none without a server). */
  private async count(member: Member, week: string, change: Parameters<DigestTally['count']>[2]): Promise<void> {
    const home = member.profile?.homeGuildId;
    if (home && this.tally) await this.tally.count(home, week, change);
  }

  async subscribe(userId: string, schedule: WeeklySchedule, guildId: string | null, now: number): Promise<UserRecord> {
    return this.members.update(
      userId,
      async (member) => {
        const nextDueAt = nextWeeklyOccurrence(schedule, now);
        const previousDueAt = member.profile?.checkin?.nextDueAt;
        await member.file(nextDueAt, checkinJob(userId));
        await allowFreshAttempt(member, isoWeekKey(nextDueAt, schedule.timeZone));
        const saved = member.setProfile((profile) => ({
          ...profile,
          homeGuildId: guildId ?? profile.homeGuildId,
          notice: undefined,
          checkin: { ...schedule, status: 'active', nextDueAt },
        }));
        // The old entry would be dropped by its tick anyway; removing it keeps the index small.
        // Only once the profile no longer points at it.
        await member.flush();
        if (previousDueAt !== undefined && previousDueAt !== nextDueAt) await member.unfile(previousDueAt, checkinJob(userId));
        return saved;
      },
      { create: true },
    );
  }

  async pause(userId: string, reason: 'user' | 'dm-closed', now: number): Promise<UserRecord | undefined> {
    return this.members.update(userId, async (member) => {
      if (!member.profile?.checkin) return member.profile;
      if (reason === 'user' && member.profile.checkin.status === 'active') await this.count(member, currentWeek(member.profile, now), { paused: 1 });
      return member.setProfile((profile) => ({
        ...profile,
        checkin: { ...profile.checkin!, status: 'paused', pausedReason: reason },
        notice: reason === 'dm-closed' ? 'dm-closed' : profile.notice,
      }));
    });
  }

  /** Resumes from the next occurrence after now: weeks while paused are neither missed nor due. */
  async resume(userId: string, now: number): Promise<UserRecord | undefined> {
    return this.members.update(userId, async (member) => {
      const checkin = member.profile?.checkin;
      if (!checkin) return undefined;
      const nextDueAt = nextWeeklyOccurrence(checkin, now);
      await member.file(nextDueAt, checkinJob(userId));
      await allowFreshAttempt(member, isoWeekKey(nextDueAt, checkin.timeZone));
      const saved = member.setProfile((profile) => ({
        ...profile,
        notice: undefined,
        checkin: { ...checkin, status: 'active', pausedReason: undefined, nextDueAt },
      }));
      await member.flush();
      if (checkin.nextDueAt !== nextDueAt) await member.unfile(checkin.nextDueAt, checkinJob(userId));
      return saved;
    });
  }

  /** The week to check in for now, and what was answered for it already (to fill the form in). */
  async thisWeek(userId: string, now: number): Promise<{ week: string; record: CheckinWeek | undefined }> {
    return this.members.read(userId, async (member) => {
      const week = currentWeek(member.profile, now);
      return { week, record: await member.get(WEEK, week) };
    });
  }

  /** A week's record, if the member may still answer it; otherwise a UserError naming the week. */
  async answerable(userId: string, week: string, now: number): Promise<CheckinWeek | undefined> {
    return this.members.read(userId, (member) => openWeek(member, week, now));
  }

  /** One answer per week: a later answer that week replaces the earlier one. */
  async answer(userId: string, week: string, answers: CheckinAnswers, now: number): Promise<StreakState> {
    return this.members.update(
      userId,
      async (member) => {
        const existing = await openWeek(member, week, now);
        await member.put(WEEK, { ...existing, version: 1, week, status: 'answered', answers, answeredAt: now }, week);
        settle(member, week);
        const { streak } = await weeksOf(member);
        // Under the member's lock, from their own record: an answer replaced that week is not counted again.
        if (existing?.status !== 'answered') await this.count(member, week, { answered: 1, ...(existing?.status === 'skipped' ? { skipped: -1 } : {}), streak: streakBucket(streak.current) });
        return streak;
      },
      { create: true },
    );
  }

  /** Skipping holds the streak; an answer already given that week stands. */
  async skip(userId: string, week: string, now: number): Promise<'skipped' | 'already-answered'> {
    return this.members.update(
      userId,
      async (member) => {
        const existing = await openWeek(member, week, now);
        if (existing?.status === 'answered') return 'already-answered';
        await member.put(WEEK, { ...existing, version: 1, week, status: 'skipped' }, week);
        settle(member, week);
        if (existing?.status !== 'skipped') await this.count(member, week, { skipped: 1 });
        return 'skipped';
      },
      { create: true },
    );
  }

  /** Clears and returns the notice waiting for the member's next command. */
  async takeNotice(userId: string): Promise<UserRecord['notice']> {
    return this.members.update(userId, (member) => {
      const notice = member.profile?.notice;
      if (notice) member.setProfile((profile) => ({ ...profile, notice: undefined }));
      return notice;
    });
  }

  async history(userId: string): Promise<{ user: UserRecord | undefined; weeks: CheckinWeek[]; streak: StreakState }> {
    return this.members.read(userId, async (member) => ({ user: member.profile, ...(await weeksOf(member)) }));
  }
}

async function openWeek(member: Member, week: string, now: number): Promise<CheckinWeek | undefined> {
  const record = await member.get(WEEK, week);
  if (!isAnswerable(week, record, currentWeek(member.profile, now))) throw new UserError('checkin.week_closed', { week: weekOf(week) });
  return record;
}

/** An answered or skipped week is no longer waiting for an answer. */
function settle(member: Member, week: string): void {
  if (member.profile?.pending?.includes(week)) {
    member.setProfile((profile) => ({ ...profile, pending: profile.pending?.filter((pending) => pending !== week) }));
  }
}

async function weeksOf(member: Member): Promise<{ weeks: CheckinWeek[]; streak: StreakState }> {
  const ids = keptWeeks(member.profile);
  const weeks = (await member.getMany(WEEK, ids.map((week) => [week] as const))).filter((week): week is CheckinWeek => week !== undefined);
  return { weeks, streak: streakOf(member.profile, weeks) };
}

/**
 * After a refused DM the week's delivery is recorded as failed, which stops any further attempt;
 * a member who re-opens their DMs and resumes (or sets a new schedule) that week gets one.
 */
async function allowFreshAttempt(member: Member, week: string): Promise<void> {
  if ((await member.get(CHECKIN_DELIVERY, week))?.state === 'failed') await member.remove(CHECKIN_DELIVERY, week);
}
