/**
 * Check-in streak rules, pure. One record per ISO week in which a check-in was due:
 * - `answered`   the user checked in that week: the streak grows by one;
 * - `skipped`    the user pressed "Skip this week": the streak holds;
 * - `bot-missed` the bot never sent that week's check-in (down > 12 h): the streak holds;
 * - `pending`    sent, not answered yet, the next due time not reached: holds (undecided);
 * - `missed`     no answer by the next due time: the streak resets to 0.
 * Weeks with no record (e.g. while check-ins are paused, so nothing was due) are neutral: they
 * neither break nor extend the run. Callers that want a pause to break a streak must record a
 * `missed` week for it.
 */
import { parseIsoWeekKey } from './weekly.js';

export type WeekStatus = 'answered' | 'skipped' | 'missed' | 'bot-missed' | 'pending';

export interface WeekRecord {
  /** ISO week key, e.g. `2026-W47` (see `isoWeekKey`). */
  week: string;
  status: WeekStatus;
}

export interface StreakState {
  /** Consecutive answered weeks up to now (holds across skipped / bot-missed / pending weeks). */
  current: number;
  /** The longest `current` ever reached. */
  best: number;
}

export const EMPTY_STREAK: StreakState = Object.freeze({ current: 0, best: 0 });

/** The streak after one more (later) week with `status`. */
export function advanceStreak(state: StreakState, status: WeekStatus): StreakState {
  switch (status) {
    case 'answered': {
      const current = state.current + 1;
      return { current, best: Math.max(state.best, current) };
    }
    case 'missed':
      return { current: 0, best: state.best };
    case 'skipped':
    case 'bot-missed':
    case 'pending':
      return { current: state.current, best: state.best };
  }
}

// When one week has several records, the strongest wins: an answer made after pressing skip (or
// after the bot missed the week) counts.
const PRIORITY: Record<WeekStatus, number> = {
  answered: 4,
  skipped: 3,
  'bot-missed': 2,
  missed: 1,
  pending: 0,
};

/**
 * The streak from a user's whole history, in any order (sorted by week here; at most one status
 * per week, see PRIORITY), continuing from `start` (the streak of weeks archived before these).
 * Records with a malformed week key are ignored. Recomputing from the
 * history is cheap (≤ 53 records a year) and cannot double-count a replaced answer.
 */
export function computeStreak(records: readonly WeekRecord[], start: StreakState = EMPTY_STREAK): StreakState {
  const byWeek = new Map<string, WeekStatus>();
  for (const r of records) {
    if (parseIsoWeekKey(r.week) === null) continue;
    const prev = byWeek.get(r.week);
    if (prev === undefined || PRIORITY[r.status] > PRIORITY[prev]) byWeek.set(r.week, r.status);
  }
  // `YYYY-Www` keys sort chronologically as strings.
  const weeks = [...byWeek.keys()].sort();
  let state = start;
  for (const w of weeks) state = advanceStreak(state, byWeek.get(w) as WeekStatus);
  return state;
}
