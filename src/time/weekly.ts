/**
 * Weekly schedules (check-ins and guide posts) and ISO week keys. A schedule is wall-clock local:
 * "Friday 18:00 Europe/Berlin" is 17:00Z in winter and 16:00Z in summer. On a day when the local
 * time does not exist it fires the gap's length later (02:30 → 03:30); on a day when it occurs
 * twice it fires once, at the first (see `zonedWallClockToInstant`).
 */
import {
  type IsoWeekday,
  type LocalDate,
  type LocalTime,
  addDays,
  epochDay,
  isoWeekdayOf,
  pad2,
} from './civil.js';
import { instantToZoned, zonedWallClockToInstant } from './zoned.js';

export interface WeeklySchedule extends LocalTime {
  weekday: IsoWeekday;
  /** An IANA name accepted by `isValidTimeZone` (store the `canonicalTimeZone` form). */
  timeZone: string;
}

// Real answers come within 3 steps; the bound only turns a broken timezone database into an error.
const MAX_STEPS = 8;

function occurrenceOn(date: LocalDate, s: WeeklySchedule): number {
  return zonedWallClockToInstant({ ...date, hour: s.hour, minute: s.minute }, s.timeZone);
}

/** The schedule's weekday on or before the local date that holds `ms`. */
function anchorDate(s: WeeklySchedule, ms: number): LocalDate {
  const z = instantToZoned(ms, s.timeZone);
  const back = (z.weekday - s.weekday + 7) % 7;
  return addDays(z, -back);
}

/**
 * The first due instant strictly after `afterMs`. Feed it the instant that just fired to get the
 * next one: a repeated local time (autumn) therefore fires only at its first occurrence.
 */
export function nextWeeklyOccurrence(s: WeeklySchedule, afterMs: number): number {
  // Start a week before the anchor: a gap shift can push an occurrence past midnight.
  let date = addDays(anchorDate(s, afterMs), -7);
  for (let i = 0; i < MAX_STEPS; i++) {
    const at = occurrenceOn(date, s);
    if (at > afterMs) return at;
    date = addDays(date, 7);
  }
  throw new RangeError(`No weekly occurrence found after ${afterMs}`);
}

/**
 * The latest due instant at or before `atMs` (`atMs` itself when it is exactly due). With the
 * missed-run rule: the occurrence a tick at `now` may still owe is this one.
 */
export function previousOrCurrentWeeklyOccurrence(s: WeeklySchedule, atMs: number): number {
  let date = addDays(anchorDate(s, atMs), 7);
  for (let i = 0; i < MAX_STEPS; i++) {
    const at = occurrenceOn(date, s);
    if (at <= atMs) return at;
    date = addDays(date, -7);
  }
  throw new RangeError(`No weekly occurrence found at or before ${atMs}`);
}

/** A week key such as `2026-W48` (ISO week-numbering year, two-digit week). */
export type IsoWeekKey = `${number}-W${number}`;

/** The ISO week (week-year and week 1..53) holding a calendar date. */
export function isoWeekOfDate(d: LocalDate): { year: number; week: number } {
  // The ISO week belongs to the year of its Thursday.
  const thursday = addDays(d, 4 - isoWeekdayOf(d));
  const jan1 = epochDay({ year: thursday.year, month: 1, day: 1 });
  const week = Math.floor((epochDay(thursday) - jan1) / 7) + 1;
  return { year: thursday.year, week };
}

export function formatIsoWeekKey(year: number, week: number): IsoWeekKey {
  return `${String(year).padStart(4, '0')}-W${pad2(week)}` as IsoWeekKey;
}

/**
 * The key of the ISO week, in `timeZone`, holding instant `ms`. For a check-in, pass the due
 * instant: the week is the one that holds the due time, whenever the answer comes.
 */
export function isoWeekKey(ms: number, timeZone: string): IsoWeekKey {
  const { year, week } = isoWeekOfDate(instantToZoned(ms, timeZone));
  return formatIsoWeekKey(year, week);
}

const WEEK_KEY_RE = /^(\d{4})-W(\d{2})$/;

/** `2026-W48` → {year: 2026, week: 48}; null if malformed or the year has no such week. */
export function parseIsoWeekKey(key: string): { year: number; week: number } | null {
  const m = WEEK_KEY_RE.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > isoWeeksInYear(year)) return null;
  return { year, week };
}

/** 52 or 53: the number of ISO weeks in ISO week-year `year`. */
export function isoWeeksInYear(year: number): number {
  // 28 December is always in the last ISO week of its year.
  return isoWeekOfDate({ year, month: 12, day: 28 }).week;
}

/** The Monday of ISO week `key`. Throws on a malformed key. */
export function isoWeekMonday(key: string): LocalDate {
  const p = parseIsoWeekKey(key);
  if (!p) throw new RangeError(`Invalid ISO week key: ${key}`);
  // Monday of week 1 = the Monday on or before 4 January.
  const jan4 = { year: p.year, month: 1, day: 4 };
  return addDays(jan4, 1 - isoWeekdayOf(jan4) + (p.week - 1) * 7);
}

/** The key `n` weeks after `key` (n may be negative). Throws on a malformed key. */
export function addIsoWeeks(key: string, n: number): IsoWeekKey {
  const w = isoWeekOfDate(addDays(isoWeekMonday(key), n * 7));
  return formatIsoWeekKey(w.year, w.week);
}
