import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysInMonth,
  epochDay,
  formatLocalTime,
  isoWeekdayOf,
  utcFields,
} from '../../src/time/civil.js';

describe('civil date arithmetic', () => {
  it('knows month lengths and leap years', () => {
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
  it('adds days across month and year ends', () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2028, month: 3, day: 1 }, -1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addDays({ year: 2026, month: 3, day: 29 }, 7)).toEqual({ year: 2026, month: 4, day: 5 });
  });
  it('computes ISO weekdays and epoch days', () => {
    expect(isoWeekdayOf({ year: 1970, month: 1, day: 1 })).toBe(4);
    expect(isoWeekdayOf({ year: 2026, month: 12, day: 1 })).toBe(2);
    expect(isoWeekdayOf({ year: 2027, month: 1, day: 3 })).toBe(7);
    expect(isoWeekdayOf({ year: 1969, month: 12, day: 29 })).toBe(1);
    expect(epochDay({ year: 1970, month: 1, day: 2 })).toBe(1);
    expect(epochDay({ year: 1969, month: 12, day: 31 })).toBe(-1);
  });
  it('does not map years below 100 to the 1900s', () => {
    expect(new Date(utcFields(50, 6, 1)).getUTCFullYear()).toBe(50);
  });
  it('formats HH:MM', () => {
    expect(formatLocalTime({ hour: 8, minute: 5 })).toBe('08:05');
    expect(formatLocalTime({ hour: 18, minute: 0 })).toBe('18:00');
  });
});
