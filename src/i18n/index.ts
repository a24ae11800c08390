import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../paths.js';

export const LANGUAGES = ['en', 'ar'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'en';

/** English is the reference edition: its keys are the type every other language must match. */
export type UiKey = keyof typeof import('../../content/en/ui.json');
export type UiStrings = Record<UiKey, string>;
export type Vars = Record<string, string | number>;
export type Translate = (key: UiKey, vars?: Vars) => string;

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

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

/**
 * Reads every language's `ui.json` and checks them against English: same keys, same placeholders.
 * Problems are collected and reported together, naming each key.
 */
export function loadUiStrings(dir = projectPath('content')): Record<Lang, UiStrings> {
  const file = z.record(z.string(), z.string().min(1));
  const read = (lang: Lang) => file.parse(JSON.parse(readFileSync(`${dir}/${lang}/ui.json`, 'utf8')));
  const english = read('en');
  const problems: string[] = [];
  const editions = {} as Record<Lang, UiStrings>;
  for (const lang of LANGUAGES) {
    const strings = lang === 'en' ? english : read(lang);
    for (const key of Object.keys(english)) {
      if (!(key in strings)) problems.push(`${lang}/ui.json is missing "${key}"`);
      else if (placeholders(strings[key]!).join() !== placeholders(english[key]!).join()) {
        problems.push(`${lang}/ui.json "${key}" must use the placeholders {${placeholders(english[key]!).join('}, {')}}`);
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

/** A translator for one language. Values dropped into Arabic text are isolated so they keep their order. */
export function translator(strings: UiStrings, lang: Lang): Translate {
  return (key, vars = {}) =>
    strings[key].replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = vars[name];
      if (value === undefined) throw new Error(`ui string "${key}" needs {${name}}`);
      return isolate(lang, String(value));
    });
}

/** "a", "a and b", "a, b and c" in the language's own words. */
export function joinList(items: readonly string[], t: Translate): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(t('list.comma'))} ${t('list.and')} ${items.at(-1)}`;
}
