import { describe, expect, it } from 'vitest';
import { CARD_WEEKS, goalCounts, sessionsHeld, stateCounts, weekCells } from '../../src/progress/facts.js';
import type { CheckinWeek, UserRecord } from '../../src/store/records.js';

// Friday 27 Nov 2026, 12:00 UTC: week 2026-W48 in Damascus.
const NOW = Date.UTC(2026, 10, 27, 12, 0);

const profile = (weeks: string[], extra: Partial<UserRecord> = {}): UserRecord => ({
  version: 1,
  revision: 1,
  weeks,
  checkin: { weekday: 5, hour: 18, minute: 0, timeZone: 'Asia/Damascus', status: 'active', nextDueAt: NOW },
  ...extra,
});
const week = (week: string, status: CheckinWeek['status']): CheckinWeek => ({ version: 1, week, status });

describe('weekCells', () => {
  it('gives the 52 weeks up to the member’s current week, oldest first, each in its state', () => {
    const records = [week('2026-W40', 'answered'), week('2026-W41', 'skipped'), week('2026-W42', 'bot-missed'), week('2026-W43', 'missed'), week('2026-W47', 'pending')];
    const cells = weekCells(profile(records.map((r) => r.week)), records, NOW);
    expect(cells).toHaveLength(CARD_WEEKS);
    expect(cells.at(-1)).toEqual({ week: '2026-W48', state: 'open' });
    expect(cells[0]!.week).toBe('2025-W49'); // 2025 has 52 ISO weeks
    const at = (key: string) => cells.find((cell) => cell.week === key)?.state;
    expect([at('2026-W39'), at('2026-W40'), at('2026-W41'), at('2026-W42'), at('2026-W43')]).toEqual(['before-start', 'answered', 'skipped', 'bot-missed', 'missed']);
    // Nothing recorded after the start: paused (nothing was due); a sent, unanswered week is open.
    expect([at('2026-W44'), at('2026-W46'), at('2026-W47')]).toEqual(['paused', 'paused', 'open']);
  });

  it('shows the current week as paused, not open, while check-ins are paused', () => {
    const records = [week('2026-W47', 'answered')];
    const paused = profile(['2026-W47'], { checkin: { weekday: 5, hour: 18, minute: 0, timeZone: 'Asia/Damascus', status: 'paused', nextDueAt: NOW } });
    expect(weekCells(paused, records, NOW).at(-1)).toEqual({ week: '2026-W48', state: 'paused' });
  });

  it('counts every week as started when older weeks were archived', () => {
    const cells = weekCells(profile(['2026-W47'], { archive: { before: '2026-W01', streak: { current: 2, best: 9 }, counts: { answered: 3, skipped: 0, missed: 0, botMissed: 0 } } }), [week('2026-W47', 'answered')], NOW);
    expect(cells[0]!.state).toBe('paused');
  });

  it('uses the member’s timezone for the current week (Sunday night in Damascus is Monday there)', () => {
    const sundayLateUtc = Date.UTC(2026, 10, 29, 22, 30); // Monday 01:30 in Damascus: week 49
    expect(weekCells(profile([]), [], sundayLateUtc).at(-1)!.week).toBe('2026-W49');
    expect(weekCells(undefined, [], sundayLateUtc).at(-1)!.week).toBe('2026-W48');
  });

  it('is all "before you started" for someone with no check-ins', () => {
    expect(stateCounts(weekCells(undefined, [], NOW))['before-start']).toBe(CARD_WEEKS);
  });
});

describe('goals and sessions', () => {
  it('counts goals done and open, and sessions held (started, not cancelled)', () => {
    expect(
      goalCounts({
        version: 1,
        items: [
          { id: 'a', text: 'one', createdAt: 0, doneAt: 5 },
          { id: 'b', text: 'two', createdAt: 0 },
          { id: 'c', text: 'three', createdAt: 0 },
        ],
      }),
    ).toEqual({ done: 1, open: 2 });
    expect(goalCounts(undefined)).toEqual({ done: 0, open: 0 });
    const session = (startsAt: number, cancelledAt?: number) => ({ id: String(startsAt), startsAt, timeZone: 'UTC', createdAt: 0, done: [], ...(cancelledAt ? { cancelledAt } : {}) });
    expect(sessionsHeld({ version: 1, items: [session(NOW - 1000), session(NOW - 2000, NOW - 5000), session(NOW + 1000)] }, NOW)).toBe(1);
  });
});
