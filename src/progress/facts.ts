import { currentWeek } from '../checkins/checkins.js';
import type { CheckinWeek, GoalsRecord, SessionsRecord, UserRecord } from '../store/records.js';
import { addIsoWeeks, type StreakState } from '../time/index.js';

/**
 * What a week's cell on the progress card says. A week with no record is one where nothing was
 * due: before the member's first check-in ("before you started"), or later while check-ins were
 * paused or stopped ("paused"); the current week not answered yet is "open".
 */
export const CELL_STATES = ['answered', 'skipped', 'bot-missed', 'missed', 'open', 'paused', 'before-start'] as const;
export type CellState = (typeof CELL_STATES)[number];

export interface WeekCell {
  week: string;
  state: CellState;
}

export interface ProgressFacts {
  /** Oldest first; the last is the member's current week. */
  weeks: WeekCell[];
  streak: StreakState;
  goals: { done: number; open: number };
  /** Sessions whose start has passed and were not cancelled: the last 30 days (older ones are deleted). */
  sessionsHeld: number;
}

/** Weeks on the full card and on the small one. */
export const CARD_WEEKS = 52;
export const SMALL_CARD_WEEKS = 12;

const FROM_RECORD: Record<CheckinWeek['status'], CellState> = {
  answered: 'answered',
  skipped: 'skipped',
  'bot-missed': 'bot-missed',
  missed: 'missed',
  pending: 'open',
};

/** The last `count` weeks up to the member's current week, one cell each. Pure. */
export function weekCells(profile: UserRecord | undefined, records: readonly CheckinWeek[], now: number, count = CARD_WEEKS): WeekCell[] {
  const current = currentWeek(profile, now);
  const byWeek = new Map(records.map((record) => [record.week, record]));
  // Weeks folded into the archive were answered, skipped or missed: the member had started.
  const known = [...(profile?.weeks ?? []), ...records.map((record) => record.week)].sort();
  const start = profile?.archive ? '' : known[0];
  const active = profile?.checkin?.status === 'active';
  return Array.from({ length: count }, (_, i) => {
    const week = addIsoWeeks(current, i - count + 1);
    const record = byWeek.get(week);
    if (record) return { week, state: FROM_RECORD[record.status] };
    if (week === current && active) return { week, state: 'open' };
    if (start === undefined || week < start) return { week, state: 'before-start' };
    return { week, state: 'paused' };
  });
}

export function goalCounts(goals: GoalsRecord | undefined): ProgressFacts['goals'] {
  const items = goals?.items ?? [];
  const done = items.filter((goal) => goal.doneAt !== undefined).length;
  return { done, open: items.length - done };
}

export const sessionsHeld = (sessions: SessionsRecord | undefined, now: number): number =>
  (sessions?.items ?? []).filter((session) => session.startsAt <= now && session.cancelledAt === undefined).length;

/** How many cells of each state, for the text alternative. */
export function stateCounts(cells: readonly WeekCell[]): Record<CellState, number> {
  const counts = Object.fromEntries(CELL_STATES.map((state) => [state, 0])) as Record<CellState, number>;
  for (const cell of cells) counts[cell.state] += 1;
  return counts;
}
