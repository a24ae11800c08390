/**
 * Showing an instant to a user, in their timezone, always naming the zone.
 *
 * Rule: English → `Tue 1 Dec 2026, 18:30 (Europe/Berlin)` (fixed English names, 24 h clock).
 * Arabic → the `ar-SY` locale's Levantine names, which Syrian readers use (كانون الأول, not
 * ديسمبر), with Latin digits (`numberingSystem: 'latn'`) so dates and times read exactly as in
 * the English text and in the zone name: `الثلاثاء 1 كانون الأول 2026، 18:30 (Europe/Berlin)`.
 * The layout is assembled here from `formatToParts`, so ICU's connecting words never change it.
 */
import { type IsoWeekday, pad2 } from './civil.js';
import { instantToZoned } from './zoned.js';

import type { Lang } from '../i18n/index.js';

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
    return `${weekdays[z.weekday - 1]} ${z.day} ${months[z.month - 1]} ${z.year}، ${time} (${timeZone})`;
  }
  return `${EN_WEEKDAYS_SHORT[z.weekday - 1]} ${z.day} ${EN_MONTHS[z.month - 1]} ${z.year}, ${time} (${timeZone})`;
}
