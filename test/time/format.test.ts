import { describe, expect, it } from 'vitest';
import { formatInstant, weekdayLabel, weekOf } from '../../src/time/format.js';

const ms = (s: string): number => Date.parse(s);

describe('formatInstant', () => {
  it('English: short names, 24 h clock, the zone named', () => {
    expect(formatInstant(ms('2026-12-01T17:30:00Z'), 'Europe/Berlin', 'en')).toBe('Tue 1 Dec 2026, 18:30 (Europe/Berlin)');
    expect(formatInstant(ms('2026-09-06T06:05:00Z'), 'Asia/Damascus', 'en')).toBe('Sun 6 Sep 2026, 09:05 (Asia/Damascus)');
    expect(formatInstant(ms('2027-01-01T00:00:00Z'), 'UTC', 'en')).toBe('Fri 1 Jan 2027, 00:00 (UTC)');
  });
  it('shows the wall time on the far side of a DST change', () => {
    expect(formatInstant(ms('2026-03-29T01:30:00Z'), 'Europe/Berlin', 'en')).toBe('Sun 29 Mar 2026, 03:30 (Europe/Berlin)');
    expect(formatInstant(ms('2026-11-01T05:30:00Z'), 'America/New_York', 'en')).toBe('Sun 1 Nov 2026, 01:30 (America/New_York)');
  });
  it('Arabic: Syrian month names, Latin digits, the zone named and isolated, the line marked right-to-left', () => {
    // RLM … RLM around the line, FSI … PDI around the zone: it stays at the end in a left-to-right client.
    const line = (text: string) => `\u200f${text.replace(/\((.+)\)/, '(\u2068$1\u2069)')}\u200f`;
    expect(formatInstant(ms('2026-12-01T17:30:00Z'), 'Europe/Berlin', 'ar')).toBe(line('الثلاثاء 1 كانون الأول 2026، 18:30 (Europe/Berlin)'));
    expect(formatInstant(ms('2026-02-05T06:05:00Z'), 'Asia/Damascus', 'ar')).toBe(line('الخميس 5 شباط 2026، 09:05 (Asia/Damascus)'));
    expect(formatInstant(ms('2026-10-20T12:00:00Z'), 'UTC', 'ar')).toBe(line('الثلاثاء 20 تشرين الأول 2026، 12:00 (UTC)'));
  });
});

describe('weekOf: a week named by its Monday, never by its ISO code', () => {
  const t = (() => '') as never;
  it('names the Monday of the ISO week in each language', () => {
    expect(weekOf('2026-W49')(t, 'en')).toBe('30 Nov');
    expect(weekOf('2026-W49')(t, 'ar')).toBe('30 تشرين الثاني');
    // ISO week 1 of 2027 starts on Monday 4 January; week 53 of 2026 on 28 December.
    expect(weekOf('2027-W01')(t, 'en')).toBe('4 Jan');
    expect(weekOf('2026-W53')(t, 'ar')).toBe('28 كانون الأول');
  });
});

describe('weekdayLabel', () => {
  it('names the ISO weekday in each language', () => {
    expect(weekdayLabel(1, 'en')).toBe('Monday');
    expect(weekdayLabel(7, 'en')).toBe('Sunday');
    expect(weekdayLabel(1, 'ar')).toBe('الاثنين');
    expect(weekdayLabel(5, 'ar')).toBe('الجمعة');
    expect(weekdayLabel(7, 'ar')).toBe('الأحد');
  });
});
