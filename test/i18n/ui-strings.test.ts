import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flatStrings, LANGUAGES, loadUiStrings, translator, UiStringsError, type UiKey, type UiStrings, type Vars } from '../../src/i18n/index.js';
import { weekOf } from '../../src/time/format.js';
import { contentCopy } from '../support/temp.js';

const FSI = '\u2068';
const PDI = '\u2069';

const ui = loadUiStrings();
// Every string, a counted string's forms each on its own (`count.characters#few`).
const english = flatStrings(ui.en);
const arabic = flatStrings(ui.ar);
const keys = Object.keys(english);
const arabicKeys = Object.keys(arabic);

/** A throwaway copy of `content/` whose `ar/ui.json` has been edited. */
function contentWithArabic(edit: (strings: Record<string, string>) => void): string {
  // Counted strings are objects of forms; tests that edit them cast.
  const dir = contentCopy();
  const file = join(dir, 'ar', 'ui.json');
  const strings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  edit(strings);
  writeFileSync(file, `${JSON.stringify(strings, null, 2)}\n`);
  return dir;
}

function loadError(dir: string): UiStringsError {
  try {
    loadUiStrings(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(UiStringsError);
    return error as UiStringsError;
  }
  throw new Error('loadUiStrings accepted inconsistent strings');
}

const placeholderNames = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** The text a reader sees as prose: without {placeholders}, isolated fragments or slash commands. */
const prose = (text: string) =>
  text
    .replace(new RegExp(`${FSI}[^${PDI}]*${PDI}`, 'g'), ' ')
    .replace(/\{\w+\}/g, ' ')
    .replace(/\/[a-z][\w-]*(?: [a-z][\w-]*)?/g, ' ');

describe('loadUiStrings', () => {
  it('loads both languages with the same keys, in the same order, and the same placeholders', () => {
    expect(Object.keys(ui).sort()).toEqual([...LANGUAGES].sort());
    expect(keys.length).toBeGreaterThan(0);
    const plain = (all: string[]) => all.filter((key) => !key.includes('#'));
    expect(plain(arabicKeys)).toEqual(plain(keys));
    for (const key of plain(keys)) {
      expect(placeholderNames(arabic[key]!).sort(), key).toEqual(placeholderNames(english[key]!).sort());
    }
  });

  it('gives each counted string every plural form its language has, and no other', () => {
    const forms = (all: string[], key: string) => all.filter((k) => k.startsWith(`${key}#`)).map((k) => k.split('#')[1]).sort();
    expect(forms(keys, 'count.characters')).toEqual(['one', 'other']);
    expect(forms(arabicKeys, 'count.characters')).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
    const dir = contentWithArabic((s) => delete (s['count.characters'] as unknown as Record<string, string>).few);
    const error = loadError(dir);
    expect(error.message).toContain('"count.characters" must have the forms few, many, one, other, two, zero');
  });

  it('names a key missing from the Arabic edition', () => {
    const dir = contentWithArabic((s) => delete s['checkin.modal.wins']);
    const error = loadError(dir);
    expect(error.message).toContain('"checkin.modal.wins"');
    expect(error.message).toContain('missing');
  });

  it('names a key English does not have', () => {
    const dir = contentWithArabic((s) => (s['checkin.not_in_english'] = 'نص زائد'));
    expect(loadError(dir).message).toContain('"checkin.not_in_english"');
  });

  it('names a key whose placeholder was renamed', () => {
    const key = 'checkin.saved';
    expect(arabic[key]).toContain('{week}');
    const dir = contentWithArabic((s) => (s[key] = s[key]!.replace('{week}', '{weak}')));
    const error = loadError(dir);
    expect(error.message).toContain(`"${key}"`);
    expect(error.message).toContain('{week}');
  });
});

describe('the Arabic edition', () => {
  it('is mostly Arabic: at least 80% of the letters outside placeholders, commands and isolates', () => {
    const poor: string[] = [];
    for (const key of arabicKeys) {
      const letters = prose(arabic[key]!).match(/\p{L}/gu) ?? [];
      if (letters.length === 0) continue; // e.g. list.comma
      const arabicLetters = letters.filter((c) => /\p{Script=Arabic}/u.test(c)).length;
      if (arabicLetters / letters.length < 0.8) poor.push(`${key}: ${arabic[key]}`);
    }
    expect(poor).toEqual([]);
  });

  it('is translated: no string is left as the English text', () => {
    const same = keys.filter((key) => /\p{L}/u.test(english[key]!.replace(/\{\w+\}/g, '')) && arabic[key] === english[key]);
    expect(same).toEqual([]);
  });

  it('isolates literal Latin (commands, option values) but not {placeholders}, which the translator isolates', () => {
    for (const key of arabicKeys) {
      const text = arabic[key]!;
      expect(prose(text), `${key} has Latin outside U+2068…U+2069`).not.toMatch(/[A-Za-z]/);
      expect(text.replace(new RegExp(`${FSI}[^${PDI}]*${PDI}`, 'g'), ''), `${key} has a bare slash command`).not.toMatch(/\/[a-z]/);
      expect(text, `${key} wraps a placeholder in isolates`).not.toMatch(new RegExp(`${FSI}\\{\\w+\\}${PDI}`));
      // Every isolate is closed, and none nest.
      expect(text.replace(new RegExp(`${FSI}[^${FSI}${PDI}]*${PDI}`, 'g'), ''), `${key} has an unbalanced isolate`).not.toMatch(
        new RegExp(`[${FSI}${PDI}]`),
      );
    }
  });

  it('keeps the slash commands and **bold** markers of the English text', () => {
    const commands = (text: string) => [...text.matchAll(/\/[a-z]+ [a-z]+/g)].map((m) => m[0]).sort();
    const bold = (text: string) => (text.match(/\*\*/g) ?? []).length;
    for (const key of keys.filter((k) => !k.includes('#'))) {
      expect(commands(arabic[key]!), key).toEqual(commands(english[key]!));
      expect(bold(arabic[key]!) > 0, key).toBe(bold(english[key]!) > 0);
      expect(bold(arabic[key]!) % 2, key).toBe(0);
    }
  });
});

// Discord's component limits, counted on the text as sent (an Arabic translator adds isolates).
// The week with the longest name: its Monday falls in تشرين الثاني (November).
const SAMPLE_VARS: Vars = { week: weekOf('2026-W49') };
const rendered = (strings: UiStrings, lang: (typeof LANGUAGES)[number], key: UiKey) => {
  const vars: Vars = { ...SAMPLE_VARS };
  for (const name of placeholderNames(strings[key])) vars[name] ??= 'x'.repeat(10);
  return translator(strings, lang)(key, vars);
};

const MODAL_TEXT = ['checkin.modal.wins', 'checkin.modal.difficulties', 'checkin.modal.suggestions', 'checkin.modal.focus', 'session.notes.label'];
const isModalText = (key: string) => MODAL_TEXT.includes(key) || key === 'checkin.modal.title' || key.endsWith('.modal_title');
const isButton = (key: string) => key.includes('.button.') || key === 'checkin.forget.yes' || key === 'checkin.forget.no';
const isHint = (key: string) => key.endsWith('_hint') || key === 'session.notes.hint';

describe.each(LANGUAGES)('%s fits Discord limits', (lang) => {
  const strings = ui[lang];

  it('modal titles and text-input labels: at most 45 characters', () => {
    const modal = (keys as UiKey[]).filter(isModalText);
    expect(modal.length).toBeGreaterThanOrEqual(MODAL_TEXT.length + 2);
    for (const key of modal) expect(rendered(strings, lang, key).length, key).toBeLessThanOrEqual(45);
  });

  it('button labels: at most 80 characters', () => {
    const buttons = (keys as UiKey[]).filter(isButton);
    expect(buttons.length).toBeGreaterThan(0);
    for (const key of buttons) expect(rendered(strings, lang, key).length, key).toBeLessThanOrEqual(80);
  });

  it('text-input placeholders: at most 100 characters', () => {
    const hints = (keys as UiKey[]).filter(isHint);
    expect(hints.length).toBeGreaterThan(0);
    for (const key of hints) expect(rendered(strings, lang, key).length, key).toBeLessThanOrEqual(100);
  });
});
