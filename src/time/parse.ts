/**
 * Parsing what users type: weekdays, `HH:MM` times and `YYYY-MM-DD HH:MM` date-times. Arabic-Indic
 * (٠–٩) and Persian (۰–۹) digits are accepted as well as ASCII ones, since Arabic keyboards type them.
 * Every parser returns null for anything it does not fully accept.
 */
import {
  type IsoWeekday,
  type LocalDateTime,
  type LocalTime,
  isValidLocalDate,
  isValidLocalTime,
} from './civil.js';

/** Lower-case English names, index 0 = Monday (ISO 1). */
export const WEEKDAY_NAMES = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

const WEEKDAYS = new Map<string, IsoWeekday>();
WEEKDAY_NAMES.forEach((name, i) => {
  const iso = (i + 1) as IsoWeekday;
  WEEKDAYS.set(name, iso);
  WEEKDAYS.set(name.slice(0, 3), iso);
});
// Arabic, with and without hamza on the alef.
const ARABIC_WEEKDAYS: ReadonlyArray<readonly [string, IsoWeekday]> = [
  ['الاثنين', 1],
  ['الإثنين', 1],
  ['الثلاثاء', 2],
  ['الأربعاء', 3],
  ['الاربعاء', 3],
  ['الخميس', 4],
  ['الجمعة', 5],
  ['السبت', 6],
  ['الأحد', 7],
  ['الاحد', 7],
];
for (const [name, iso] of ARABIC_WEEKDAYS) WEEKDAYS.set(name, iso);

/** `monday`…`sunday`, `mon`…`sun` (any case) or the Arabic day name → ISO weekday 1..7; else null. */
export function parseWeekday(input: string): IsoWeekday | null {
  return WEEKDAYS.get(input.trim().toLowerCase()) ?? null;
}

/** The English name of an ISO weekday: 1 → `monday`. */
export function weekdayName(weekday: IsoWeekday): WeekdayName {
  return WEEKDAY_NAMES[weekday - 1] as WeekdayName;
}

/** Arabic-Indic and Persian digits → ASCII; everything else unchanged. */
export function normalizeDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (c) => {
    const code = c.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

const TIME_RE = /^(\d{1,2}):(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:\s+|T)(\d{1,2}):(\d{2})$/;

/** `18:00`, `8:05`, `08:05` (24 h) → {hour, minute}; null for `24:00`, `18:60`, `6pm`, …. */
export function parseLocalTime(input: string): LocalTime | null {
  const m = TIME_RE.exec(normalizeDigits(input.trim()));
  if (!m) return null;
  const t = { hour: Number(m[1]), minute: Number(m[2]) };
  return isValidLocalTime(t) ? t : null;
}

/**
 * `2026-12-01 18:30` (also with `T`, or `H:MM`) → the fields; null unless the date really exists
 * (`2026-02-29` and `2026-04-31` are refused, `2028-02-29` is fine) and the time is valid.
 */
export function parseLocalDateTime(input: string): LocalDateTime | null {
  const m = DATE_TIME_RE.exec(normalizeDigits(input.trim()));
  if (!m) return null;
  const v = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
  };
  return isValidLocalDate(v) && isValidLocalTime(v) ? v : null;
}
