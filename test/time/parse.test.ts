import { describe, expect, it } from 'vitest';
import {
  normalizeDigits,
  parseLocalDateTime,
  parseLocalTime,
  parseWeekday,
  weekdayName,
} from '../../src/time/parse.js';

describe('parseWeekday', () => {
  it('maps full and 3-letter English names, any case, to ISO weekdays', () => {
    expect(parseWeekday('monday')).toBe(1);
    expect(parseWeekday('Tuesday')).toBe(2);
    expect(parseWeekday('WED')).toBe(3);
    expect(parseWeekday(' thu ')).toBe(4);
    expect(parseWeekday('fri')).toBe(5);
    expect(parseWeekday('Saturday')).toBe(6);
    expect(parseWeekday('sun')).toBe(7);
  });
  it('accepts Arabic day names', () => {
    expect(parseWeekday('الاثنين')).toBe(1);
    expect(parseWeekday('الإثنين')).toBe(1);
    expect(parseWeekday('الجمعة')).toBe(5);
    expect(parseWeekday('الأحد')).toBe(7);
  });
  it('rejects anything else', () => {
    for (const s of ['', 'mo', 'mond', 'funday', '1', '0', 'monday!', 'm o n']) {
      expect(parseWeekday(s), s).toBeNull();
    }
  });
  it('names weekdays back', () => {
    expect(weekdayName(1)).toBe('monday');
    expect(weekdayName(7)).toBe('sunday');
    expect(parseWeekday(weekdayName(4))).toBe(4);
  });
});

describe('parseLocalTime', () => {
  it('parses HH:MM and H:MM on a 24 h clock', () => {
    expect(parseLocalTime('18:00')).toEqual({ hour: 18, minute: 0 });
    expect(parseLocalTime('8:05')).toEqual({ hour: 8, minute: 5 });
    expect(parseLocalTime('08:05')).toEqual({ hour: 8, minute: 5 });
    expect(parseLocalTime('00:00')).toEqual({ hour: 0, minute: 0 });
    expect(parseLocalTime(' 23:59 ')).toEqual({ hour: 23, minute: 59 });
  });
  it('accepts Arabic-Indic digits', () => {
    expect(parseLocalTime('١٨:٣٠')).toEqual({ hour: 18, minute: 30 });
    expect(normalizeDigits('۰۹:۴۵')).toBe('09:45');
  });
  it('rejects invalid times', () => {
    for (const s of ['24:00', '18:60', '18', '18:0', '6pm', '18:00:00', '-1:00', '123:00', '18.00', '']) {
      expect(parseLocalTime(s), s).toBeNull();
    }
  });
});

describe('parseLocalDateTime', () => {
  it('parses YYYY-MM-DD HH:MM', () => {
    expect(parseLocalDateTime('2026-12-01 18:30')).toEqual({ year: 2026, month: 12, day: 1, hour: 18, minute: 30 });
    expect(parseLocalDateTime('2026-12-01T9:05')).toEqual({ year: 2026, month: 12, day: 1, hour: 9, minute: 5 });
    expect(parseLocalDateTime('٢٠٢٦-١٢-٠١ ١٨:٣٠')).toEqual({ year: 2026, month: 12, day: 1, hour: 18, minute: 30 });
  });
  it('checks the date is real', () => {
    expect(parseLocalDateTime('2028-02-29 10:00')).toEqual({ year: 2028, month: 2, day: 29, hour: 10, minute: 0 });
    expect(parseLocalDateTime('2000-02-29 10:00')).not.toBeNull();
    for (const s of ['2026-02-29 10:00', '2100-02-29 10:00', '2026-04-31 10:00', '2026-13-01 10:00', '2026-00-10 10:00', '2026-01-00 10:00', '2026-01-01 24:00', '2026-1-1 10:00', '01/12/2026 18:30', '2026-12-01', 'tomorrow']) {
      expect(parseLocalDateTime(s), s).toBeNull();
    }
  });
});
