import type { CheckinWeek, UserRecord } from '../store/records.js';
import { addIsoWeeks, computeStreak, isoWeekKey } from '../time/index.js';
import { weekCells, type ProgressFacts } from './facts.js';

/**
 * A made-up member's year, for the README's pictures and the benchmark: started 40 weeks ago, a
 * few skips, one week the bot missed, a missed week, a pause of three weeks, and this week open.
 */
export function sampleFacts(now: number): ProgressFacts {
  const current = isoWeekKey(now, 'Asia/Damascus');
  const statuses: Record<number, CheckinWeek['status']> = { 3: 'skipped', 9: 'bot-missed', 14: 'missed', 22: 'skipped', 31: 'skipped', 0: 'pending' };
  const paused = new Set([17, 18, 19]);
  const records: CheckinWeek[] = [];
  for (let ago = 0; ago < 40; ago++) {
    if (paused.has(ago)) continue;
    records.push({ version: 1, week: addIsoWeeks(current, -ago), status: statuses[ago] ?? 'answered' });
  }
  const profile: UserRecord = {
    version: 1,
    revision: 1,
    weeks: records.map((record) => record.week).sort(),
    checkin: { weekday: 5, hour: 18, minute: 0, timeZone: 'Asia/Damascus', status: 'active', nextDueAt: now },
  };
  return { weeks: weekCells(profile, records, now), streak: computeStreak(records), goals: { done: 4, open: 2 }, sessionsHeld: 3 };
}
