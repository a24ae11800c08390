/**
 * Timezone names: validation, a canonical stored form, and autocomplete suggestions.
 *
 * Valid = `UTC` plus every name `Intl.DateTimeFormat` accepts (matched case-insensitively, as Intl
 * does). Node 20's `Intl.supportedValuesOf('timeZone')` is ICU's list of canonical ids, which
 * lacks `UTC`, `Etc/UTC` and the current spellings of renamed zones (`Europe/Kyiv`,
 * `Asia/Kolkata`, …) although `DateTimeFormat` accepts them all. So:
 * - `isValidTimeZone` asks `DateTimeFormat`, never the list;
 * - the suggestion list is that list plus `UTC`, with renamed zones shown under their current name
 *   (old names still match a query), and `canonicalTimeZone` returns names from the same list.
 * UTC-offset strings (`+03:00`, accepted by newer Node) are refused: a fixed offset would silently
 * ignore daylight saving, so users are steered to a place name.
 */
import { partsFormatter } from './zoned.js';

/** Current IANA name ← legacy name that ICU (Node 20) still treats as canonical. */
const RENAMED: ReadonlyArray<readonly [current: string, legacy: string]> = [
  ['Europe/Kyiv', 'Europe/Kiev'],
  ['Asia/Kolkata', 'Asia/Calcutta'],
  ['Asia/Ho_Chi_Minh', 'Asia/Saigon'],
  ['Asia/Kathmandu', 'Asia/Katmandu'],
  ['Asia/Yangon', 'Asia/Rangoon'],
  ['America/Nuuk', 'America/Godthab'],
  ['Pacific/Kanton', 'Pacific/Enderbury'],
  ['Atlantic/Faroe', 'Atlantic/Faeroe'],
  ['Pacific/Chuuk', 'Pacific/Truk'],
  ['Pacific/Pohnpei', 'Pacific/Ponape'],
  ['Africa/Asmara', 'Africa/Asmera'],
  ['America/Atikokan', 'America/Coral_Harbour'],
  ['America/Argentina/Buenos_Aires', 'America/Buenos_Aires'],
  ['America/Indiana/Indianapolis', 'America/Indianapolis'],
  ['America/Kentucky/Louisville', 'America/Louisville'],
];

/**
 * Shown for an empty query: where this bot's members (Syrian developer communities) mostly live.
 * Also searchable by the country's English and Arabic names.
 */
const POPULAR: ReadonlyArray<readonly [zone: string, keywords: readonly string[]]> = [
  ['Asia/Damascus', ['syria', 'سوريا', 'سورية', 'دمشق', 'حلب', 'aleppo']],
  ['Europe/Berlin', ['germany', 'deutschland', 'ألمانيا', 'المانيا', 'برلين']],
  ['Europe/Istanbul', ['turkey', 'türkiye', 'turkiye', 'تركيا', 'إسطنبول', 'اسطنبول']],
  ['Asia/Beirut', ['lebanon', 'لبنان', 'بيروت']],
  ['Asia/Amman', ['jordan', 'الأردن', 'الاردن', 'عمان']],
  ['Asia/Dubai', ['uae', 'emirates', 'الإمارات', 'الامارات', 'دبي']],
  ['Asia/Riyadh', ['saudi', 'ksa', 'السعودية', 'الرياض']],
  ['Asia/Qatar', ['qatar', 'قطر', 'الدوحة']],
  ['Asia/Baghdad', ['iraq', 'العراق', 'بغداد']],
  ['Africa/Cairo', ['egypt', 'مصر', 'القاهرة']],
  ['Europe/Stockholm', ['sweden', 'السويد']],
  ['Europe/Amsterdam', ['netherlands', 'holland', 'هولندا']],
  ['Europe/Vienna', ['austria', 'النمسا']],
  ['Europe/Paris', ['france', 'فرنسا']],
  ['Europe/London', ['uk', 'united kingdom', 'britain', 'بريطانيا']],
  ['America/Toronto', ['canada', 'كندا']],
  ['America/New_York', ['usa', 'united states', 'أمريكا', 'امريكا']],
  ['UTC', ['gmt', 'zulu', 'coordinated universal time']],
];

function isAcceptedByIntl(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** True for `UTC` and every IANA name `Intl.DateTimeFormat` accepts (any letter case). */
export function isValidTimeZone(name: string): boolean {
  if (typeof name !== 'string') return false;
  const n = name.trim();
  // Every IANA name (and UTC, GMT, EST5EDT…) starts with a letter; offsets and garbage do not.
  if (n.length === 0 || n.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(n)) return false;
  return isAcceptedByIntl(n);
}

interface ZoneEntry {
  name: string;
  /** Lower-case strings a query is matched against; the first is the name itself. */
  keys: string[];
  /** Lower-case last path segment ("new york" for America/New_York). */
  city: string;
}

interface ZoneIndex {
  entries: ZoneEntry[];
  byName: Map<string, ZoneEntry>; // keys: lower-cased names and legacy aliases
  popular: ZoneEntry[];
}

let index: ZoneIndex | undefined;

function searchKey(s: string): string {
  return s.toLowerCase().replace(/[_\s]+/g, ' ').trim();
}

function buildIndex(): ZoneIndex {
  const supported: string[] =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const names = new Set(supported);
  const aliasesOf = new Map<string, string[]>();
  for (const [current, legacy] of RENAMED) {
    if (!isAcceptedByIntl(current)) continue;
    if (names.delete(legacy) || !names.has(current)) names.add(current);
    if (isAcceptedByIntl(legacy)) aliasesOf.set(current, [legacy]);
  }
  names.add('UTC');
  const keywords = new Map<string, readonly string[]>(POPULAR);
  const entries: ZoneEntry[] = [];
  const byName = new Map<string, ZoneEntry>();
  for (const name of [...names].sort()) {
    const aliases = aliasesOf.get(name) ?? [];
    const keys = [name, ...aliases, ...(keywords.get(name) ?? [])].map(searchKey);
    const entry: ZoneEntry = { name, keys, city: searchKey(name.slice(name.lastIndexOf('/') + 1)) };
    entries.push(entry);
    byName.set(name.toLowerCase(), entry);
    for (const a of aliases) byName.set(a.toLowerCase(), entry);
  }
  const popular = POPULAR.map(([z]) => byName.get(z.toLowerCase())).filter(
    (e): e is ZoneEntry => e !== undefined,
  );
  return { entries, byName, popular };
}

function zoneIndex(): ZoneIndex {
  index ??= buildIndex();
  return index;
}

/**
 * The form to store and show for a valid name, or null when invalid. The result is one of the
 * names `suggestTimeZones` offers where possible (`europe/berlin` → `Europe/Berlin`, `Etc/UTC` and
 * `GMT` → `UTC`, `Europe/Kiev` → `Europe/Kyiv`, `US/Eastern` → `America/New_York`), else the id
 * `Intl.DateTimeFormat` resolves it to. Either way it is accepted again as input.
 */
export function canonicalTimeZone(name: string): string | null {
  if (!isValidTimeZone(name)) return null;
  const n = name.trim();
  const { byName } = zoneIndex();
  const resolved = partsFormatter(n).resolvedOptions().timeZone;
  // Prefer the resolved id (folds aliases like US/Eastern); newer Intl versions resolve to the
  // name as given, so look the input itself up too.
  const hit = byName.get(resolved.toLowerCase()) ?? byName.get(n.toLowerCase());
  return hit?.name ?? resolved;
}

/**
 * Up to `limit` (≤ 25, Discord's choice cap) zone names matching `query` for autocomplete.
 * Case-insensitive substring match on the name (spaces and underscores alike, so `new york` finds
 * America/New_York), on legacy names (`kiev` → Europe/Kyiv) and, for popular zones, on country
 * names (`syria`, `سوريا` → Asia/Damascus). Ranked: exact name; the city part starts with the
 * query; the name or a keyword starts with it; anywhere else; alphabetical within a rank. An
 * empty query gives the popular zones.
 */
export function suggestTimeZones(query: string, limit = 25): string[] {
  const max = Math.max(0, Math.min(25, Math.floor(limit)));
  const { entries, popular } = zoneIndex();
  const q = searchKey(query);
  if (q === '') return popular.slice(0, max).map((e) => e.name);
  const ranked: Array<{ rank: number; name: string }> = [];
  for (const e of entries) {
    let rank = -1;
    if (e.keys[0] === q) rank = 0;
    else if (e.city.startsWith(q)) rank = 1;
    else if (e.keys.some((k) => k.startsWith(q) || k.includes('/' + q))) rank = 2;
    else if (e.keys.some((k) => k.includes(q))) rank = 3;
    if (rank >= 0) ranked.push({ rank, name: e.name });
  }
  ranked.sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return ranked.slice(0, max).map((r) => r.name);
}
