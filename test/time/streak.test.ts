import { describe, expect, it } from 'vitest';
import { EMPTY_STREAK, type WeekRecord, advanceStreak, computeStreak } from '../../src/time/streak.js';

const rec = (week: string, status: WeekRecord['status']): WeekRecord => ({ week, status });

describe('computeStreak', () => {
  it('starts at zero', () => {
    expect(computeStreak([])).toEqual({ current: 0, best: 0 });
  });

  it('counts consecutive answered weeks', () => {
    expect(
      computeStreak([rec('2026-W45', 'answered'), rec('2026-W46', 'answered'), rec('2026-W47', 'answered')]),
    ).toEqual({ current: 3, best: 3 });
  });

  it('a skipped week holds the streak without adding', () => {
    expect(
      computeStreak([rec('2026-W45', 'answered'), rec('2026-W46', 'skipped'), rec('2026-W47', 'answered')]),
    ).toEqual({ current: 2, best: 2 });
    expect(computeStreak([rec('2026-W45', 'answered'), rec('2026-W46', 'skipped')])).toEqual({ current: 1, best: 1 });
  });

  it('a week the bot missed holds the streak without adding', () => {
    expect(
      computeStreak([
        rec('2026-W45', 'answered'),
        rec('2026-W46', 'answered'),
        rec('2026-W47', 'bot-missed'),
        rec('2026-W48', 'answered'),
      ]),
    ).toEqual({ current: 3, best: 3 });
  });

  it('a missed week resets the streak; best remembers the longest run', () => {
    expect(
      computeStreak([
        rec('2026-W40', 'answered'),
        rec('2026-W41', 'answered'),
        rec('2026-W42', 'skipped'),
        rec('2026-W43', 'answered'),
        rec('2026-W44', 'missed'),
        rec('2026-W45', 'answered'),
      ]),
    ).toEqual({ current: 1, best: 3 });
    expect(computeStreak([rec('2026-W45', 'answered'), rec('2026-W46', 'missed')])).toEqual({ current: 0, best: 1 });
  });

  it('a pending current week holds', () => {
    expect(computeStreak([rec('2026-W46', 'answered'), rec('2026-W47', 'pending')])).toEqual({ current: 1, best: 1 });
  });

  it('orders by week (across a 53-week year end), whatever the input order', () => {
    expect(
      computeStreak([
        rec('2027-W01', 'answered'),
        rec('2026-W52', 'missed'),
        rec('2026-W53', 'answered'),
      ]),
    ).toEqual({ current: 2, best: 2 });
    // Same weeks, "missed" last: resets.
    expect(
      computeStreak([
        rec('2027-W01', 'missed'),
        rec('2026-W52', 'answered'),
        rec('2026-W53', 'answered'),
      ]),
    ).toEqual({ current: 0, best: 2 });
  });

  it('keeps one status per week, the answer winning', () => {
    expect(
      computeStreak([rec('2026-W46', 'answered'), rec('2026-W47', 'skipped'), rec('2026-W47', 'answered')]),
    ).toEqual({ current: 2, best: 2 });
    // Two answers in one week (the later replaces the earlier) count once.
    expect(computeStreak([rec('2026-W47', 'answered'), rec('2026-W47', 'answered')])).toEqual({ current: 1, best: 1 });
  });

  it('treats weeks with no record (paused) as neutral and ignores malformed keys', () => {
    expect(computeStreak([rec('2026-W10', 'answered'), rec('2026-W20', 'answered')])).toEqual({ current: 2, best: 2 });
    expect(computeStreak([rec('garbage', 'missed'), rec('2026-W20', 'answered')])).toEqual({ current: 1, best: 1 });
  });
});

describe('advanceStreak', () => {
  it('applies one week at a time', () => {
    let s = EMPTY_STREAK;
    s = advanceStreak(s, 'answered');
    s = advanceStreak(s, 'answered');
    expect(s).toEqual({ current: 2, best: 2 });
    expect(advanceStreak(s, 'skipped')).toEqual({ current: 2, best: 2 });
    expect(advanceStreak(s, 'bot-missed')).toEqual({ current: 2, best: 2 });
    expect(advanceStreak(s, 'missed')).toEqual({ current: 0, best: 2 });
    expect(EMPTY_STREAK).toEqual({ current: 0, best: 0 });
  });
});
