import { describe, expect, it } from 'vitest';
import { DONE_GOAL_DAYS, expiredGoals, expiredSessions, foldArchive, KEPT_WEEKS, SESSION_DAYS, weeksToArchive } from '../../src/members/retention.js';
import { emptyProfile } from '../../src/members/members.js';
import type { CheckinWeek } from '../../src/store/records.js';
import { addIsoWeeks, computeStreak, DAY_MS } from '../../src/time/index.js';

const weeksFrom = (first: string, count: number) => Array.from({ length: count }, (_, i) => addIsoWeeks(first, i));
const record = (week: string, status: CheckinWeek['status']): CheckinWeek => ({ version: 1, week, status });

describe('retention rules (README, "Your data")', () => {
  it('keeps the latest 53 weeks in full and folds the older ones, never one still waiting for an answer', () => {
    const weeks = weeksFrom('2025-W01', KEPT_WEEKS + 3);
    expect(weeksToArchive({ ...emptyProfile(), weeks: weeks.slice(0, KEPT_WEEKS) })).toEqual([]);
    expect(weeksToArchive({ ...emptyProfile(), weeks })).toEqual(weeks.slice(0, 3));
    expect(weeksToArchive({ ...emptyProfile(), weeks, pending: [weeks[1]!] })).toEqual([weeks[0], weeks[2]]);
  });

  it('an archived history leaves the same streak and counts as the full one', () => {
    const statuses: CheckinWeek['status'][] = ['answered', 'answered', 'missed', 'answered', 'skipped', 'answered', 'bot-missed', 'answered'];
    const all = weeksFrom('2025-W10', statuses.length).map((week, i) => record(week, statuses[i]!));
    const old = all.slice(0, 5);
    const archive = foldArchive(undefined, old.map((r) => r.week), old);
    expect(archive.before).toBe(all[5]!.week);
    expect(archive.counts).toEqual({ answered: 3, skipped: 1, missed: 1, botMissed: 0 });
    expect(computeStreak(all.slice(5), archive.streak)).toEqual(computeStreak(all));
    // Folding again continues from the earlier archive.
    const again = foldArchive(archive, [all[5]!.week], [all[5]]);
    expect(again.counts.answered).toBe(4);
  });

  it('sessions go 30 days after they start; done goals a year after they were done; open goals stay', () => {
    const now = Date.UTC(2026, 11, 1);
    const session = (id: string, startsAt: number) => ({ id, startsAt, timeZone: 'UTC', createdAt: 0, done: [] });
    const sessions = { version: 1 as const, items: [session('old', now - (SESSION_DAYS + 1) * DAY_MS), session('recent', now - (SESSION_DAYS - 1) * DAY_MS)] };
    expect(expiredSessions(sessions, now).map((s) => s.id)).toEqual(['old']);
    const goal = (id: string, doneAt?: number) => ({ id, text: id, createdAt: 0, ...(doneAt === undefined ? {} : { doneAt }) });
    const goals = { version: 1 as const, items: [goal('open'), goal('long-done', now - (DONE_GOAL_DAYS + 1) * DAY_MS), goal('just-done', now - DAY_MS)] };
    expect(expiredGoals(goals, now).map((g) => g.id)).toEqual(['long-done']);
  });
});
