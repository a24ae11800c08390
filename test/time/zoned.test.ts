import { describe, expect, it } from 'vitest';
import {
  formatUtcOffset,
  instantToZoned,
  utcOffsetMs,
  zonedWallClockToInstant,
} from '../../src/time/zoned.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const at = (
  tz: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): string => iso(zonedWallClockToInstant({ year, month, day, hour, minute }, tz));

describe('zonedWallClockToInstant', () => {
  it('converts ordinary times with the offset in force', () => {
    expect(at('Europe/Berlin', 2026, 1, 15, 18, 0)).toBe('2026-01-15T17:00:00.000Z');
    expect(at('Europe/Berlin', 2026, 7, 15, 18, 0)).toBe('2026-07-15T16:00:00.000Z');
    expect(at('America/New_York', 2026, 1, 15, 18, 0)).toBe('2026-01-15T23:00:00.000Z');
    expect(at('America/New_York', 2026, 7, 15, 18, 0)).toBe('2026-07-15T22:00:00.000Z');
    expect(at('UTC', 2026, 12, 1, 18, 30)).toBe('2026-12-01T18:30:00.000Z');
    expect(at('Asia/Kolkata', 2026, 12, 1, 18, 30)).toBe('2026-12-01T13:00:00.000Z');
  });

  describe('Europe/Berlin spring gap (29 Mar 2026, 02:00 → 03:00)', () => {
    it('keeps the last minute before the gap and the first after it', () => {
      expect(at('Europe/Berlin', 2026, 3, 29, 1, 59)).toBe('2026-03-29T00:59:00.000Z');
      expect(at('Europe/Berlin', 2026, 3, 29, 3, 0)).toBe('2026-03-29T01:00:00.000Z');
    });
    it('shifts a missing local time forward by the gap', () => {
      // 02:30 does not exist: it becomes 03:30 CEST.
      expect(at('Europe/Berlin', 2026, 3, 29, 2, 30)).toBe('2026-03-29T01:30:00.000Z');
      expect(at('Europe/Berlin', 2026, 3, 29, 2, 0)).toBe('2026-03-29T01:00:00.000Z');
      expect(at('Europe/Berlin', 2026, 3, 29, 2, 59)).toBe('2026-03-29T01:59:00.000Z');
      const z = instantToZoned(zonedWallClockToInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin'), 'Europe/Berlin');
      expect(z).toEqual({ year: 2026, month: 3, day: 29, hour: 3, minute: 30, weekday: 7 });
    });
  });

  describe('Europe/Berlin autumn repeat (25 Oct 2026, 03:00 → 02:00)', () => {
    it('resolves a repeated local time to the first (CEST) instant', () => {
      expect(at('Europe/Berlin', 2026, 10, 25, 2, 30)).toBe('2026-10-25T00:30:00.000Z');
      expect(at('Europe/Berlin', 2026, 10, 25, 2, 0)).toBe('2026-10-25T00:00:00.000Z');
      expect(at('Europe/Berlin', 2026, 10, 25, 2, 59)).toBe('2026-10-25T00:59:00.000Z');
    });
    it('converts the times around the repeat unambiguously', () => {
      expect(at('Europe/Berlin', 2026, 10, 25, 1, 59)).toBe('2026-10-24T23:59:00.000Z');
      expect(at('Europe/Berlin', 2026, 10, 25, 3, 0)).toBe('2026-10-25T02:00:00.000Z');
    });
    it('reads both instants of the repeated hour back as the same wall time', () => {
      const first = instantToZoned(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Berlin');
      const second = instantToZoned(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Berlin');
      expect(first).toEqual({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, weekday: 7 });
      expect(second).toEqual(first);
    });
  });

  describe('America/New_York', () => {
    it('spring gap (8 Mar 2026, 02:00 → 03:00): 02:30 → 03:30 EDT', () => {
      expect(at('America/New_York', 2026, 3, 8, 1, 59)).toBe('2026-03-08T06:59:00.000Z');
      expect(at('America/New_York', 2026, 3, 8, 2, 30)).toBe('2026-03-08T07:30:00.000Z');
      expect(at('America/New_York', 2026, 3, 8, 3, 0)).toBe('2026-03-08T07:00:00.000Z');
    });
    it('autumn repeat (1 Nov 2026, 02:00 → 01:00): 01:30 → the EDT one', () => {
      expect(at('America/New_York', 2026, 11, 1, 1, 30)).toBe('2026-11-01T05:30:00.000Z');
      expect(at('America/New_York', 2026, 11, 1, 0, 59)).toBe('2026-11-01T04:59:00.000Z');
      expect(at('America/New_York', 2026, 11, 1, 2, 0)).toBe('2026-11-01T07:00:00.000Z');
    });
  });

  it('Asia/Damascus is UTC+3 all year (no DST since 2022)', () => {
    expect(at('Asia/Damascus', 2026, 1, 15, 18, 0)).toBe('2026-01-15T15:00:00.000Z');
    expect(at('Asia/Damascus', 2026, 3, 27, 0, 30)).toBe('2026-03-26T21:30:00.000Z');
    expect(at('Asia/Damascus', 2026, 7, 15, 18, 0)).toBe('2026-07-15T15:00:00.000Z');
    expect(at('Asia/Damascus', 2026, 10, 30, 0, 30)).toBe('2026-10-29T21:30:00.000Z');
    for (const month of [1, 3, 4, 6, 9, 10, 11, 12]) {
      expect(utcOffsetMs(Date.UTC(2026, month - 1, 15), 'Asia/Damascus')).toBe(3 * 3_600_000);
    }
  });

  it('rejects impossible dates and unknown zones', () => {
    expect(() => zonedWallClockToInstant({ year: 2026, month: 2, day: 29, hour: 0, minute: 0 }, 'UTC')).toThrow(RangeError);
    expect(() => zonedWallClockToInstant({ year: 2026, month: 1, day: 1, hour: 24, minute: 0 }, 'UTC')).toThrow(RangeError);
    expect(() => zonedWallClockToInstant({ year: 2026, month: 1, day: 1, hour: 0, minute: 0 }, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('instantToZoned', () => {
  it('gives the local wall time and ISO weekday', () => {
    // 2026-12-01 is a Tuesday.
    expect(instantToZoned(Date.parse('2026-12-01T17:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026, month: 12, day: 1, hour: 18, minute: 30, weekday: 2,
    });
    // Sunday 21:30 UTC is already Monday in Damascus.
    expect(instantToZoned(Date.parse('2027-01-03T21:30:00Z'), 'Asia/Damascus')).toEqual({
      year: 2027, month: 1, day: 4, hour: 0, minute: 30, weekday: 1,
    });
    expect(instantToZoned(Date.parse('2027-01-01T00:00:00Z'), 'UTC')).toEqual({
      year: 2027, month: 1, day: 1, hour: 0, minute: 0, weekday: 5,
    });
  });
});

describe('utcOffsetMs / formatUtcOffset', () => {
  it('reports the offset in force', () => {
    expect(formatUtcOffset(Date.parse('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe('UTC+01:00');
    expect(formatUtcOffset(Date.parse('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe('UTC+02:00');
    expect(formatUtcOffset(Date.parse('2026-07-15T12:00:00Z'), 'America/New_York')).toBe('UTC-04:00');
    expect(formatUtcOffset(Date.parse('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe('UTC+05:30');
    expect(formatUtcOffset(Date.parse('2026-07-15T12:00:00Z'), 'UTC')).toBe('UTC+00:00');
    // Sub-second instants keep the same offset.
    expect(utcOffsetMs(Date.parse('2026-07-15T12:00:00.999Z'), 'Asia/Damascus')).toBe(10_800_000);
    // Instants before 1970 work too.
    expect(utcOffsetMs(Date.parse('1960-07-01T12:00:00.500Z'), 'UTC')).toBe(0);
  });
});
