/**
 * Showing an instant to a user, in their timezone, always naming the zone.
 *
 * Rule: English → `Tue 1 Dec 2026, 18:30 (Europe/Berlin)` (fixed English names, 24 h clock).
 * Arabic → the `ar-SY` locale's Levantine names, which Syrian readers use (كانون الأول, not
 * ديسمبر), with Latin digits (`numberingSystem: 'latn'`) so dates and times read exactly as in
 * the English text and in the zone name: `الثلاثاء 1 كانون الأول 2026، 18:30 (Europe/Berlin)`.
 * The layout is assembled here from `formatToParts`, so ICU's connecting words never change it.
 * In Arabic the zone is isolated and the line marked right-to-left, so it reads right on its own
 * (a field value) in a left-to-right client too.
 *
 * Members read weeks as dates, never as ISO week codes: `weekOf('2026-W49')` → "30 Nov",
 * «30 تشرين الثاني». The codes stay in custom_ids and stored keys.
 */
import { type IsoWeekday, pad2 } from './civil.js';
import { isoWeekMonday } from './weekly.js';
import { instantToZoned } from './zoned.js';

import { isolate, layout, type Lang, type Localized } from '../i18n/index.js';

const EN_WEEKDAYS_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const EN_WEEKDAYS_LONG = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

let arNames: { weekdays: string[]; months: string[] } | undefined;

/** ar-SY weekday (Monday first) and month names, read once from Intl. */
function arabicNames(): { weekdays: string[]; months: string[] } {
  if (arNames) return arNames;
  const f = new Intl.DateTimeFormat('ar-SY', {
    timeZone: 'UTC',
    weekday: 'long',
    month: 'long',
    numberingSystem: 'latn',
  });
  const part = (ms: number, type: 'weekday' | 'month'): string =>
    f.formatToParts(ms).find((p) => p.type === type)?.value ?? '';
  const weekdays: string[] = [];
  // 2024-01-01 was a Monday.
  for (let i = 0; i < 7; i++) weekdays.push(part(Date.UTC(2024, 0, 1 + i), 'weekday'));
  const months: string[] = [];
  for (let m = 0; m < 12; m++) months.push(part(Date.UTC(2024, m, 15), 'month'));
  arNames = { weekdays, months };
  return arNames;
}

/** The weekday's name for display: `en` → `Monday`, `ar` → `الاثنين`. */
export function weekdayLabel(weekday: IsoWeekday, lang: Lang): string {
  const names = lang === 'ar' ? arabicNames().weekdays : EN_WEEKDAYS_LONG;
  return names[weekday - 1] ?? '';
}

/** `ms` as the user's wall clock in `timeZone`, naming the zone (see the rule above). */
export function formatInstant(ms: number, timeZone: string, lang: Lang): string {
  const z = instantToZoned(ms, timeZone);
  const time = `${pad2(z.hour)}:${pad2(z.minute)}`;
  if (lang === 'ar') {
    const { weekdays, months } = arabicNames();
    return layout(lang, `${weekdays[z.weekday - 1]} ${z.day} ${months[z.month - 1]} ${z.year}، ${time} (${isolate(lang, timeZone)})`);
  }
  return `${EN_WEEKDAYS_SHORT[z.weekday - 1]} ${z.day} ${EN_MONTHS[z.month - 1]} ${z.year}, ${time} (${timeZone})`;
}

/** An instant as a value rendered in the reader's language (see `formatInstant`). */
export const instantIn =
  (ms: number, timeZone: string): Localized =>
  (_t, lang) =>
    formatInstant(ms, timeZone, lang);

/**
 * The Monday that names ISO week `key`, as a value: "30 Nov", «30 تشرين الثاني». UI strings put
 * it in a phrase ("the week of {week}", «أسبوع {week}»).
 */
export const weekOf =
  (key: string): Localized =>
  (_t, lang) => {
    const monday = isoWeekMonday(key);
    return `${monday.day} ${lang === 'ar' ? arabicNames().months[monday.month - 1] : EN_MONTHS[monday.month - 1]}`;
  };
