/**
 * Calendar ("civil") dates and wall-clock times with no timezone attached, and the small amount of
 * proleptic-Gregorian arithmetic the rest of `src/time` needs. Everything here is pure.
 */

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A wall-clock time of day, 24 h: hour 0..23, minute 0..59. */
export interface LocalTime {
  hour: number;
  minute: number;
}

/** A calendar date: month 1..12, day 1..31. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** A calendar date and wall-clock time with no timezone (what a user types). */
export interface LocalDateTime extends LocalDate, LocalTime {}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1..12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isValidLocalDate(d: LocalDate): boolean {
  return (
    Number.isInteger(d.year) &&
    Number.isInteger(d.month) &&
    Number.isInteger(d.day) &&
    d.year >= 1 &&
    d.year <= 9999 &&
    d.month >= 1 &&
    d.month <= 12 &&
    d.day >= 1 &&
    d.day <= daysInMonth(d.year, d.month)
  );
}

export function isValidLocalTime(t: LocalTime): boolean {
  return (
    Number.isInteger(t.hour) &&
    Number.isInteger(t.minute) &&
    t.hour >= 0 &&
    t.hour <= 23 &&
    t.minute >= 0 &&
    t.minute <= 59
  );
}

/**
 * Epoch milliseconds of the given fields read as if they were UTC (seconds and ms default to 0).
 * Unlike a bare `Date.UTC`, years 0..99 are not mapped to 1900..1999.
 */
export function utcFields(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** Whole days since 1970-01-01 for a calendar date. */
export function epochDay(d: LocalDate): number {
  return Math.round(utcFields(d.year, d.month, d.day) / DAY_MS);
}

/** The calendar date `epochDay` days after 1970-01-01. */
export function dateFromEpochDay(days: number): LocalDate {
  const d = new Date(days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The calendar date `n` days after `d` (n may be negative). */
export function addDays(d: LocalDate, n: number): LocalDate {
  return dateFromEpochDay(epochDay(d) + n);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekdayOf(d: LocalDate): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4).
  const r = (((epochDay(d) + 3) % 7) + 7) % 7; // 0 = Monday
  return (r + 1) as IsoWeekday;
}

/** `7` → `"07"`; for HH:MM rendering. */
export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `{hour: 8, minute: 5}` → `"08:05"`. */
export function formatLocalTime(t: LocalTime): string {
  return `${pad2(t.hour)}:${pad2(t.minute)}`;
}
