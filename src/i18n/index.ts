import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../paths.js';

export const LANGUAGES = ['en', 'ar'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'en';

type English = typeof import('../../content/en/ui.json');
/** English is the reference edition: its keys are the type every other language must match. */
export type UiKey = { [K in keyof English]: English[K] extends string ? K : never }[keyof English];
/**
 * Counted strings: one form per plural category of the language, as `Intl.PluralRules` names them
 * (English one/other; Arabic zero/one/two/few/many/other). `vars.count` picks the form.
 */
export type CountKey = Exclude<keyof English, UiKey>;
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>>;
export type UiStrings = Record<UiKey, string> & Record<CountKey, PluralForms>;
/**
 * A value put into a message in the reader's language when the message is rendered: a field name
 * in an error, a count, a date. `t` here leaves out the line marks of a whole message.
 */
export type Localized = (t: Translate, lang: Lang) => string;
export type Vars = Record<string, string | number | Localized>;
export type Translate = (key: UiKey | CountKey, vars?: Vars) => string;

export class UiStringsError extends Error {
  override name = 'UiStringsError';
}

/** Which way a language's text runs. */
export const langDirection = (lang: Lang): 'ltr' | 'rtl' => (lang === 'ar' ? 'rtl' : 'ltr');

/**
 * In a right-to-left language, wraps a left-to-right fragment (a URL, a product name, a time) in
 * First Strong Isolate … Pop Directional Isolate, so Discord keeps the sentence in order.
 */
export const isolate = (lang: Lang, text: string): string => (langDirection(lang) === 'rtl' ? `\u2068${text}\u2069` : text);

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
/** Every placeholder a string (or any of its plural forms) uses, sorted, once each. */
const placeholdersOf = (entry: string | PluralForms): string[] =>
  [...new Set((typeof entry === 'string' ? [entry] : Object.values(entry)).flatMap((text) => placeholders(text ?? '')))].sort();

/** The plural categories a language's counted strings must spell out, e.g. `ar`: zero, one, two, few, many, other. */
export const pluralCategories = (lang: Lang): Intl.LDMLPluralRule[] => [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();

/**
 * Reads every language's `ui.json` and checks them against English: same keys, same placeholders,
 * and each counted string with exactly the plural forms its language has.
 * Problems are collected and reported together, naming each key.
 */
export function loadUiStrings(dir = projectPath('content')): Record<Lang, UiStrings> {
  const text = z.string().min(1);
  const file = z.record(z.string(), z.union([text, z.record(z.string(), text)]));
  const read = (lang: Lang) => file.parse(JSON.parse(readFileSync(`${dir}/${lang}/ui.json`, 'utf8')));
  const english = read('en');
  const problems: string[] = [];
  const editions = {} as Record<Lang, UiStrings>;
  for (const lang of LANGUAGES) {
    const strings = lang === 'en' ? english : read(lang);
    const categories = pluralCategories(lang).join(', ');
    for (const [key, reference] of Object.entries(english)) {
      const entry = strings[key];
      if (entry === undefined) problems.push(`${lang}/ui.json is missing "${key}"`);
      else if (typeof entry !== typeof reference) problems.push(`${lang}/ui.json "${key}" must be ${typeof reference === 'string' ? 'one string' : 'plural forms'}, as in English`);
      else {
        if (typeof entry === 'object' && Object.keys(entry).sort().join(', ') !== categories) {
          problems.push(`${lang}/ui.json "${key}" must have the forms ${categories}`);
        }
        if (placeholdersOf(entry).join() !== placeholdersOf(reference).join()) {
          problems.push(`${lang}/ui.json "${key}" must use the placeholders {${placeholdersOf(reference).join('}, {')}}`);
        }
      }
    }
    for (const key of Object.keys(strings)) {
      if (!(key in english)) problems.push(`${lang}/ui.json has "${key}", which English does not`);
    }
    editions[lang] = strings as UiStrings;
  }
  if (problems.length > 0) throw new UiStringsError(`UI strings are inconsistent:\n- ${problems.join('\n- ')}`);
  return editions;
}

/** Every string of an edition, a counted string's forms as `key#form` (`count.characters#few`). */
export function flatStrings(strings: UiStrings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(strings) as [string, string | PluralForms][]) {
    if (typeof entry === 'string') out[key] = entry;
    else for (const [form, text] of Object.entries(entry)) out[`${key}#${form}`] = text;
  }
  return out;
}

const RLM = '\u200f';
/** Markdown that only works at the start of a line: headings, subtext, list items, quotes. */
const LINE_MARKUP = /^(\s*(?:#{1,3} |-# |[-*] |\d+\. |>>> |> )?)(.*)$/s;

/**
 * Right-to-left marks at both ends of every line (after any line-start Markdown), so a line keeps
 * its order whatever direction the client gives the paragraph: Discord's desktop client lays
 * messages out left to right, where a trailing "." or a leading Latin word would otherwise go to
 * the wrong end. Latin inside the line must be isolated (see `isolate`) to sit right.
 */
export function rtlLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const [, markup = '', rest = ''] = LINE_MARKUP.exec(line) ?? [];
      const bare = rest.replace(/^\u200f+|\u200f+$/g, '');
      return bare.trim() === '' || bare.startsWith('```') ? line : `${markup}${RLM}${bare}${RLM}`;
    })
    .join('\n');
}

/** A whole message's text laid out for its language: right-to-left lines in Arabic, unchanged otherwise. */
export const layout = (lang: Lang, text: string): string => (langDirection(lang) === 'rtl' ? rtlLines(text) : text);

const rulesByLang = new Map<Lang, Intl.PluralRules>();
/** One `Intl.PluralRules` per language: a translator is made for every interaction. */
function pluralRules(lang: Lang): Intl.PluralRules {
  let rules = rulesByLang.get(lang);
  if (!rules) rulesByLang.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules;
}

/**
 * A translator for one language. Values dropped into Arabic text are isolated so they keep their
 * order, and each line of the result is marked right-to-left (`layout`).
 */
export function translator(strings: UiStrings, lang: Lang): Translate {
  const rules = pluralRules(lang);
  const fill = (key: UiKey | CountKey, vars: Vars): string => {
    const entry: string | PluralForms = strings[key];
    let text: string;
    if (typeof entry === 'string') text = entry;
    else {
      if (typeof vars.count !== 'number') throw new Error(`ui string "${key}" is counted: it needs {count} as a number`);
      text = entry[rules.select(vars.count)] ?? entry.other!;
    }
    return text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = vars[name];
      if (value === undefined) throw new Error(`ui string "${key}" needs {${name}}`);
      // Line by line: an isolate ends at a line break.
      const text = typeof value === 'function' ? value(phrase, lang) : String(value);
      return text.split('\n').map((line) => isolate(lang, line)).join('\n');
    });
  };
  const phrase: Translate = (key, vars = {}) => fill(key, vars);
  return (key, vars = {}) => layout(lang, fill(key, vars));
}

/**
 * What a member wrote (a goal, an answer), set in a message of `t`'s language: in Arabic each line
 * is isolated (it keeps its own direction) and marked right-to-left (it sits right in the message).
 */
export const userText = (t: Translate, text: string): string => t('user.text', { text });

/** A ui string as a value: e.g. the localised name of a field an error is about. */
export const term =
  (key: UiKey): Localized =>
  (t) =>
    t(key);

/** A counted ui string as a value: `counted('count.open_goals', 3)` → "3 open goals". */
export const counted =
  (key: CountKey, count: number): Localized =>
  (t) =>
    t(key, { count });

/** The locale Intl formats with: British English ("a, b and c"); Syrian Arabic with Latin digits. */
const LOCALES: Record<Lang, string> = { en: 'en-GB', ar: 'ar-SY-u-nu-latn' };

const unitFormats = new Map<string, Intl.NumberFormat>();
/**
 * A duration in words with the language's plural forms, from Intl: `weeks` 1 → "1 week",
 * 2 → "2 weeks"; Arabic "أسبوع", "أسبوعان", "3 أسابيع", "11 أسبوعًا", "100 أسبوع".
 */
export const duration =
  (count: number, unit: 'week' | 'day' | 'hour'): Localized =>
  (_t, lang) => {
    const id = `${lang}:${unit}`;
    let format = unitFormats.get(id);
    if (!format) unitFormats.set(id, (format = new Intl.NumberFormat(LOCALES[lang], { style: 'unit', unit, unitDisplay: 'long' })));
    return format.format(count);
  };

/** "a", "a and b", "a, b and c" in the language's own words (Arabic: "أ وب وج", the و joined to the word). */
export function joinList(items: readonly string[], lang: Lang): string {
  return new Intl.ListFormat(LOCALES[lang], { type: 'conjunction' }).format(items);
}
