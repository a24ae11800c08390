import type { DueIndex } from '../scheduler/due-index.js';
import { KeyedMutex } from '../scheduler/mutex.js';
import { jobRef } from '../scheduler/scheduler.js';
import {
  checkinWeekSchema,
  userRecordSchema,
  type CheckinAnswers,
  type CheckinWeek,
  type UserRecord,
} from '../store/records.js';
import type { Collection, Store } from '../store/store.js';
import { computeStreak, isoWeekKey, nextWeeklyOccurrence, type StreakState, type WeeklySchedule } from '../time/index.js';

export const checkinJob = (userId: string): string => jobRef('checkin', userId);
export const weekKey = (userId: string, week: string): string => `${userId}:${week}`;
export const emptyUser = (): UserRecord => ({ version: 1, weeks: [] });

/**
 * A member's check-in subscription and weekly answers. Writes to one user's records are
 * serialised (Keyv has no transactions), and the due index is written before the record it
 * points at, so a crash between the two leaves at worst a stale index entry, never a lost one.
 */
export class Checkins {
  readonly users: Collection<UserRecord>;
  readonly weeks: Collection<CheckinWeek>;
  readonly userLock = new KeyedMutex();

  /** Told after every change to a user's record (caches of it drop their copy). */
  onUserChanged: (userId: string) => void = () => undefined;

  constructor(
    store: Store,
    readonly index: DueIndex,
  ) {
    this.users = store.collection('users', userRecordSchema);
    this.weeks = store.collection('checkins', checkinWeekSchema);
  }

  /**
   * Runs `change` on the user's record under their lock and saves what it returns. Only what a
   * user asks for creates a record; scheduled work passes `create: false`, so it cannot bring
   * back someone who has just run `/checkin forget`.
   */
  async updateUser(userId: string, change: (user: UserRecord) => UserRecord | Promise<UserRecord>): Promise<UserRecord>;
  async updateUser(userId: string, change: (user: UserRecord) => UserRecord | Promise<UserRecord>, options: { create: false }): Promise<UserRecord | undefined>;
  async updateUser(userId: string, change: (user: UserRecord) => UserRecord | Promise<UserRecord>, { create = true } = {}): Promise<UserRecord | undefined> {
    return this.userLock.run(userId, async () => {
      const current = await this.users.get(userId);
      if (!current && !create) return undefined;
      const next = await change(current ?? emptyUser());
      await this.users.set(userId, next);
      this.onUserChanged(userId);
      return next;
    });
  }

  async subscribe(userId: string, schedule: WeeklySchedule, guildId: string | null, now: number): Promise<UserRecord> {
    const nextDueAt = nextWeeklyOccurrence(schedule, now);
    await this.index.add(nextDueAt, checkinJob(userId));
    let previousDueAt: number | undefined;
    const saved = await this.updateUser(userId, (user) => {
      previousDueAt = user.checkin?.nextDueAt;
      return { ...user, homeGuildId: guildId ?? user.homeGuildId, notice: undefined, checkin: { ...schedule, status: 'active', nextDueAt } };
    });
    // The old entry would be dropped by its tick anyway; removing it keeps the index small.
    if (previousDueAt !== undefined && previousDueAt !== nextDueAt) await this.index.remove(previousDueAt, checkinJob(userId));
    return saved;
  }

  async pause(userId: string, reason: 'user' | 'dm-closed'): Promise<UserRecord | undefined> {
    return this.updateUser(
      userId,
      (user) =>
        user.checkin
          ? { ...user, checkin: { ...user.checkin, status: 'paused', pausedReason: reason }, notice: reason === 'dm-closed' ? 'dm-closed' : user.notice }
          : user,
      { create: false },
    );
  }

  /** Resumes from the next occurrence after now: weeks while paused are neither missed nor due. */
  async resume(userId: string, now: number): Promise<UserRecord | undefined> {
    const current = await this.users.get(userId);
    if (!current?.checkin) return undefined;
    const nextDueAt = nextWeeklyOccurrence(current.checkin, now);
    await this.index.add(nextDueAt, checkinJob(userId));
    return this.updateUser(userId, (user) =>
      user.checkin ? { ...user, notice: undefined, checkin: { ...user.checkin, status: 'active', pausedReason: undefined, nextDueAt } } : user,
    );
  }

  /** The week a check-in given now belongs to: the user's timezone, else UTC. */
  currentWeek(user: UserRecord | undefined, now: number): string {
    return isoWeekKey(now, user?.checkin?.timeZone ?? 'UTC');
  }

  /** Writes a week's record, adding the week to the user's index first (`create` as in updateUser). */
  async saveWeek(userId: string, record: CheckinWeek, { create = false } = {}): Promise<void> {
    const addWeek = (user: UserRecord) => (user.weeks.includes(record.week) ? user : { ...user, weeks: [...user.weeks, record.week].sort() });
    const user = create ? await this.updateUser(userId, addWeek) : await this.updateUser(userId, addWeek, { create: false });
    if (user) await this.weeks.set(weekKey(userId, record.week), record);
  }

  /** One answer per week: a later answer that week replaces the earlier one. */
  async answer(userId: string, week: string, answers: CheckinAnswers, now: number): Promise<StreakState> {
    const existing = await this.weeks.get(weekKey(userId, week));
    await this.saveWeek(userId, { ...existing, version: 1, week, status: 'answered', answers, answeredAt: now }, { create: true });
    return (await this.history(userId)).streak;
  }

  /** Skipping holds the streak; an answer already given that week stands. */
  async skip(userId: string, week: string): Promise<'skipped' | 'already-answered'> {
    const existing = await this.weeks.get(weekKey(userId, week));
    if (existing?.status === 'answered') return 'already-answered';
    await this.saveWeek(userId, { ...existing, version: 1, week, status: 'skipped' }, { create: true });
    return 'skipped';
  }

  async history(userId: string): Promise<{ user: UserRecord | undefined; weeks: CheckinWeek[]; streak: StreakState }> {
    const user = await this.users.get(userId);
    const weekIds = user?.weeks ?? [];
    const weeks = (await this.weeks.getMany(weekIds.map((week) => weekKey(userId, week)))).filter((w): w is CheckinWeek => w !== undefined);
    return { user, weeks, streak: computeStreak(weeks) };
  }
}
