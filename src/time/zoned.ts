/**
 * Converting between instants (epoch milliseconds) and wall-clock time in an IANA timezone, using
 * only the platform's `Intl` (Node 20 has no Temporal). Every function takes the instant it works
 * on as an argument; nothing here reads the clock.
 *
 * An unknown timezone makes these functions throw a `RangeError` (from `Intl.DateTimeFormat`):
 * validate user input first with `isValidTimeZone` / `canonicalTimeZone` (./zones.js).
 */
import {
  DAY_MS,
  type IsoWeekday,
  type LocalDateTime,
  isValidLocalDate,
  isValidLocalTime,
  isoWeekdayOf,
  utcFields,
} from './civil.js';

/** A wall-clock reading in some timezone, with its ISO weekday (1 = Monday … 7 = Sunday). */
export interface ZonedDateTime extends LocalDateTime {
  weekday: IsoWeekday;
}

// Formatters are costly to build and are reused for every conversion. The key is the name exactly as
// passed (callers pass stored canonical names); the cap only guards against odd inputs piling up.
const FORMATTER_CACHE_LIMIT = 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A cached `en-US` formatter giving numeric Y/M/D h:m:s parts in `timeZone` (throws RangeError). */
export function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size >= FORMATTER_CACHE_LIMIT) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallFields(ms: number, timeZone: string): WallFields {
  const out: WallFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let bc = false;
  for (const p of partsFormatter(timeZone).formatToParts(ms)) {
    switch (p.type) {
      case 'year':
        out.year = Number(p.value);
        break;
      case 'month':
        out.month = Number(p.value);
        break;
      case 'day':
        out.day = Number(p.value);
        break;
      case 'hour':
        out.hour = Number(p.value) % 24; // some ICU builds say "24" for midnight
        break;
      case 'minute':
        out.minute = Number(p.value);
        break;
      case 'second':
        out.second = Number(p.value);
        break;
      case 'era':
        bc = /^B/i.test(p.value);
        break;
      default:
        break;
    }
  }
  if (bc) out.year = 1 - out.year;
  return out;
}

/**
 * The timezone's UTC offset at instant `ms`, in milliseconds (positive east of Greenwich:
 * Asia/Damascus → +3 h). Second-precision, which covers every real offset.
 */
export function utcOffsetMs(ms: number, timeZone: string): number {
  const w = wallFields(ms, timeZone);
  const floored = ms - (((ms % 1000) + 1000) % 1000);
  return utcFields(w.year, w.month, w.day, w.hour, w.minute, w.second) - floored;
}

/** `"UTC+03:00"`, `"UTC-04:00"`, `"UTC+05:30"`: the offset in force at `ms`. */
export function formatUtcOffset(ms: number, timeZone: string): string {
  const off = Math.round(utcOffsetMs(ms, timeZone) / 60_000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The wall-clock reading (and ISO weekday) in `timeZone` at instant `ms`. */
export function instantToZoned(ms: number, timeZone: string): ZonedDateTime {
  const w = wallFields(ms, timeZone);
  const date = { year: w.year, month: w.month, day: w.day };
  return { ...date, hour: w.hour, minute: w.minute, weekday: isoWeekdayOf(date) };
}

/**
 * The instant at which the wall clock in `timeZone` reads `local`, with Temporal's "compatible"
 * disambiguation:
 * - a local time that does not exist (skipped by a spring-forward gap) is moved forward by the
 *   length of the gap: 02:30 on Europe/Berlin's spring-forward day → 03:30 CEST;
 * - a local time that occurs twice (autumn fall-back) resolves to the earlier instant.
 *
 * Method: read the offsets in force a day before and a day after the wall time (any transition is
 * between them); each offset that maps the wall time to an instant carrying that same offset is a
 * real reading. Two → repeated time, take the earlier; none → gap, use the pre-gap offset, which
 * lands the gap's length later. Throws `RangeError` on an invalid date/time or unknown timezone.
 */
export function zonedWallClockToInstant(local: LocalDateTime, timeZone: string): number {
  if (!isValidLocalDate(local) || !isValidLocalTime(local)) {
    throw new RangeError(`Invalid local date-time: ${JSON.stringify(local)}`);
  }
  const wall = utcFields(local.year, local.month, local.day, local.hour, local.minute);
  const before = utcOffsetMs(wall - DAY_MS, timeZone);
  const after = utcOffsetMs(wall + DAY_MS, timeZone);
  const candidates: number[] = [];
  for (const off of before === after ? [before] : [before, after]) {
    const instant = wall - off;
    if (utcOffsetMs(instant, timeZone) === off) candidates.push(instant);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  // A gap: read the wall time with the offset in force before it, which lands the gap's length
  // later (02:30 at +01:00 = 01:30Z = 03:30 at +02:00).
  return wall - before;
}
