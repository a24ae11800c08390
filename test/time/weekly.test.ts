import { describe, expect, it } from 'vitest';
import { instantToZoned } from '../../src/time/zoned.js';
import {
  type WeeklySchedule,
  addIsoWeeks,
  isoWeekKey,
  isoWeeksInYear,
  nextWeeklyOccurrence,
  parseIsoWeekKey,
  previousOrCurrentWeeklyOccurrence,
} from '../../src/time/weekly.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const ms = (s: string): number => Date.parse(s);
const next = (s: WeeklySchedule, after: string): string => iso(nextWeeklyOccurrence(s, ms(after)));

describe('nextWeeklyOccurrence', () => {
  const fridayBerlin: WeeklySchedule = { weekday: 5, hour: 18, minute: 0, timeZone: 'Europe/Berlin' };

  it('stays at 18:00 local across the spring change (17:00Z → 16:00Z)', () => {
    expect(next(fridayBerlin, '2026-03-20T17:00:00Z')).toBe('2026-03-27T17:00:00.000Z');
    expect(next(fridayBerlin, '2026-03-27T17:00:00Z')).toBe('2026-04-03T16:00:00.000Z');
  });

  it('stays at 18:00 local across the autumn change (16:00Z → 17:00Z)', () => {
    expect(next(fridayBerlin, '2026-10-20T00:00:00Z')).toBe('2026-10-23T16:00:00.000Z');
    expect(next(fridayBerlin, '2026-10-23T16:00:00Z')).toBe('2026-10-30T17:00:00.000Z');
  });

  it('keeps 18:00 local for a year of weeks, one week apart in local days', () => {
    let t = ms('2026-01-01T00:00:00Z');
    let prevDay: number | undefined;
    for (let i = 0; i < 60; i++) {
      const n = nextWeeklyOccurrence(fridayBerlin, t);
      expect(n).toBeGreaterThan(t);
      const z = instantToZoned(n, 'Europe/Berlin');
      expect([z.weekday, z.hour, z.minute]).toEqual([5, 18, 0]);
      const day = Date.UTC(z.year, z.month - 1, z.day) / 86_400_000;
      if (prevDay !== undefined) expect(day - prevDay).toBe(7);
      prevDay = day;
      t = n;
    }
  });

  it('New York: Sunday 18:00 across both 2026 changes', () => {
    const s: WeeklySchedule = { weekday: 7, hour: 18, minute: 0, timeZone: 'America/New_York' };
    expect(next(s, '2026-03-01T23:00:00Z')).toBe('2026-03-08T22:00:00.000Z');
    expect(next(s, '2026-10-25T22:00:00Z')).toBe('2026-11-01T23:00:00.000Z');
  });

  it('is strictly after: the instant itself gives the following week', () => {
    expect(next(fridayBerlin, '2026-12-04T16:59:59.999Z')).toBe('2026-12-04T17:00:00.000Z');
    expect(next(fridayBerlin, '2026-12-04T17:00:00.000Z')).toBe('2026-12-11T17:00:00.000Z');
  });

  it('shifts a time inside the spring gap forward (02:30 → 03:30), then back to 02:30', () => {
    const s: WeeklySchedule = { weekday: 7, hour: 2, minute: 30, timeZone: 'Europe/Berlin' };
    expect(next(s, '2026-03-22T12:00:00Z')).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(next(s, '2026-03-29T01:00:00Z')).toBe('2026-03-29T01:30:00.000Z'); // 03:00 local, still due
    expect(next(s, '2026-03-29T01:30:00Z')).toBe('2026-04-05T00:30:00.000Z'); // 02:30 CEST
  });

  it('fires a repeated autumn time once, at the first occurrence', () => {
    const s: WeeklySchedule = { weekday: 7, hour: 2, minute: 30, timeZone: 'Europe/Berlin' };
    expect(next(s, '2026-10-20T00:00:00Z')).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
    // After it fired (and between the two 02:30s) the next one is a week later, not 01:30Z.
    expect(next(s, '2026-10-25T00:30:00Z')).toBe('2026-11-01T01:30:00.000Z');
    expect(next(s, '2026-10-25T01:00:00Z')).toBe('2026-11-01T01:30:00.000Z');
    const ny: WeeklySchedule = { weekday: 7, hour: 1, minute: 30, timeZone: 'America/New_York' };
    expect(next(ny, '2026-10-30T00:00:00Z')).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(next(ny, '2026-11-01T05:30:00Z')).toBe('2026-11-08T06:30:00.000Z'); // 01:30 EST
  });

  it('uses the local date, not the UTC one (Damascus, UTC+3)', () => {
    const s: WeeklySchedule = { weekday: 1, hour: 0, minute: 30, timeZone: 'Asia/Damascus' };
    // Sunday 21:00Z is Monday 00:00 in Damascus: due 30 minutes later, still "Sunday" in UTC.
    expect(next(s, '2027-01-03T21:00:00Z')).toBe('2027-01-03T21:30:00.000Z');
    const mon9: WeeklySchedule = { weekday: 1, hour: 9, minute: 0, timeZone: 'Asia/Damascus' };
    expect(next(mon9, '2026-03-24T00:00:00Z')).toBe('2026-03-30T06:00:00.000Z');
    expect(next(mon9, '2026-10-27T00:00:00Z')).toBe('2026-11-02T06:00:00.000Z');
  });
});

describe('previousOrCurrentWeeklyOccurrence', () => {
  const s: WeeklySchedule = { weekday: 5, hour: 18, minute: 0, timeZone: 'Europe/Berlin' };
  it('returns the due instant itself, or the latest one before', () => {
    const prev = (at: string): string => iso(previousOrCurrentWeeklyOccurrence(s, ms(at)));
    expect(prev('2026-04-03T16:00:00Z')).toBe('2026-04-03T16:00:00.000Z');
    expect(prev('2026-04-03T15:59:59Z')).toBe('2026-03-27T17:00:00.000Z');
    expect(prev('2026-04-08T10:00:00Z')).toBe('2026-04-03T16:00:00.000Z');
  });
  it('agrees with nextWeeklyOccurrence', () => {
    for (const at of ['2026-03-29T00:00:00Z', '2026-10-25T01:00:00Z', '2026-12-31T23:59:00Z']) {
      const p = previousOrCurrentWeeklyOccurrence(s, ms(at));
      expect(p).toBeLessThanOrEqual(ms(at));
      expect(nextWeeklyOccurrence(s, p)).toBeGreaterThan(ms(at));
    }
  });
  it('returns the first of a repeated time', () => {
    const r: WeeklySchedule = { weekday: 7, hour: 2, minute: 30, timeZone: 'Europe/Berlin' };
    expect(iso(previousOrCurrentWeeklyOccurrence(r, ms('2026-10-25T01:45:00Z')))).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('isoWeekKey', () => {
  it('numbers ordinary weeks', () => {
    expect(isoWeekKey(ms('2026-11-23T12:00:00Z'), 'UTC')).toBe('2026-W48');
    expect(isoWeekKey(ms('2026-12-01T17:30:00Z'), 'Europe/Berlin')).toBe('2026-W49');
    expect(isoWeekKey(ms('2026-01-01T12:00:00Z'), 'UTC')).toBe('2026-W01');
  });
  it('uses the ISO week-year at year boundaries', () => {
    expect(isoWeekKey(ms('2026-12-31T12:00:00Z'), 'UTC')).toBe('2026-W53');
    expect(isoWeekKey(ms('2027-01-01T12:00:00Z'), 'UTC')).toBe('2026-W53');
    expect(isoWeekKey(ms('2027-01-04T12:00:00Z'), 'UTC')).toBe('2027-W01');
    expect(isoWeekKey(ms('2024-12-30T12:00:00Z'), 'UTC')).toBe('2025-W01');
    expect(isoWeekKey(ms('2021-01-03T12:00:00Z'), 'UTC')).toBe('2020-W53');
    expect(isoWeekKey(ms('2027-12-31T12:00:00Z'), 'UTC')).toBe('2027-W52');
    expect(isoWeekKey(ms('2028-01-03T12:00:00Z'), 'UTC')).toBe('2028-W01');
  });
  it('takes the week in the user timezone (zone ahead of UTC)', () => {
    // Sunday 23:30 in Damascus (20:30Z) is still the last week of 2026.
    expect(isoWeekKey(ms('2027-01-03T20:30:00Z'), 'Asia/Damascus')).toBe('2026-W53');
    // Sunday 21:30Z: still Sunday in UTC, already Monday 00:30 in Damascus.
    expect(isoWeekKey(ms('2027-01-03T21:30:00Z'), 'UTC')).toBe('2026-W53');
    expect(isoWeekKey(ms('2027-01-03T21:30:00Z'), 'Asia/Damascus')).toBe('2027-W01');
  });
  it('takes the week in the user timezone (zone behind UTC)', () => {
    // Monday 03:00Z is Sunday 22:00 in New York.
    expect(isoWeekKey(ms('2027-01-04T03:00:00Z'), 'UTC')).toBe('2027-W01');
    expect(isoWeekKey(ms('2027-01-04T03:00:00Z'), 'America/New_York')).toBe('2026-W53');
  });
});

describe('week key helpers', () => {
  it('parses and validates keys', () => {
    expect(parseIsoWeekKey('2026-W53')).toEqual({ year: 2026, week: 53 });
    expect(parseIsoWeekKey('2027-W53')).toBeNull();
    expect(parseIsoWeekKey('2026-W00')).toBeNull();
    expect(parseIsoWeekKey('2026-W5')).toBeNull();
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2027)).toBe(52);
    expect(isoWeeksInYear(2020)).toBe(53);
  });
  it('adds weeks across year ends', () => {
    expect(addIsoWeeks('2026-W52', 1)).toBe('2026-W53');
    expect(addIsoWeeks('2026-W52', 2)).toBe('2027-W01');
    expect(addIsoWeeks('2027-W01', -1)).toBe('2026-W53');
    expect(addIsoWeeks('2025-W52', 1)).toBe('2026-W01');
    expect(addIsoWeeks('2026-W10', 0)).toBe('2026-W10');
    expect(() => addIsoWeeks('nope', 1)).toThrow(RangeError);
  });
});
