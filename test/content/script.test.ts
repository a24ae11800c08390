import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { renderEntry, renderPlatforms, type RenderedMessage } from '../../src/content/render.js';

// Arabic is a full edition in Arabic script. Latin is allowed for URLs, code and a short list of
// technology and product names, each wrapped in U+2068 … U+2069 so Discord does not reorder it.

const ALLOWED_LATIN = ['ProHelpify', 'P8Y', 'Mentory', 'Meta', 'Tradinos', 'React', 'Context', 'Redux', 'code review', 'senior'];
const FSI = '\u2068';
const PDI = '\u2069';
const MAX_LATIN_RUN = 25;

const content = loadContent();

/** Removes URLs, code and placeholders: they are not prose. */
function stripUrlsAndCode(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\]\([^)\s]*\)/g, ']')
    .replace(/<[a-z][a-z0-9+.-]*:[^>\s]*>/gi, ' ')
    .replace(/\bhttps?:\/\/[^\s<>()\u2068\u2069]+/gi, ' ')
    .replace(/\{[a-z]+\}/g, ' '); // placeholders such as {focus}
}

/** Share of Arabic letters among all letters, outside URLs, code and the allowed names. */
function arabicShare(text: string): { arabic: number; letters: number; share: number } {
  let t = stripUrlsAndCode(text);
  for (const name of ALLOWED_LATIN) t = t.replaceAll(name, ' ');
  const letters = t.match(/\p{L}/gu)?.length ?? 0;
  const arabic = t.match(/\p{Script=Arabic}/gu)?.filter((c) => /\p{L}/u.test(c)).length ?? 0;
  return { arabic, letters, share: letters === 0 ? 1 : arabic / letters };
}

/** Latin letters left once URLs, code and isolated fragments are removed (should be none). */
function unisolatedLatin(text: string): string[] {
  const outside = stripUrlsAndCode(text).replace(/\u2068[^\u2068\u2069]*\u2069/g, ' ');
  return outside.match(/[A-Za-z][A-Za-z0-9 .()'-]*/g) ?? [];
}

function isolatesBalanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === FSI) depth++;
    if (ch === PDI && --depth < 0) return false;
  }
  return depth === 0;
}

function longestLatinRun(text: string): number {
  const runs = stripUrlsAndCode(text).match(/[A-Za-z][A-Za-z0-9 .()'-]*[A-Za-z0-9)]/g) ?? [];
  return Math.max(0, ...runs.map((r) => r.length));
}

function messageTexts(m: RenderedMessage): string[] {
  return [
    ...m.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '']),
    ...m.components.flatMap((r) => r.components.map((c) => ('label' in c ? (c.label ?? '') : ''))),
  ];
}

const arEntries = content.entries('ar');
const entryTexts = arEntries.map((e) => [e.id, [e.title, e.summary, e.body, ...e.fields.flatMap((f) => [f.name, f.value])]] as const);
const page = content.platformsPage('ar');
const platformTexts: readonly string[] = [
  page.title,
  page.intro,
  page.filtered,
  page.noMatch,
  page.note,
  ...Object.values(page.labels),
  ...Object.values(page.focusLabels),
  ...content.platforms('ar').flatMap((p) => [p.name, p.builtBy, p.summary, ...p.facts, p.button]),
];

describe('Arabic script', () => {
  it('measures what it should', () => {
    expect(arabicShare('مرحبا hello').share).toBeCloseTo(5 / 10);
    expect(arabicShare('مرحبا \u2068React\u2069 <https://example.com/long/path>').share).toBe(1);
    expect(unisolatedLatin('نص \u2068React\u2069 و Redux')).toEqual(['Redux']);
    expect(isolatesBalanced('\u2068a\u2069 \u2068b')).toBe(false);
  });

  it.each(entryTexts)('entry %s is at least 80 %% Arabic letters', (id, texts) => {
    const { share, letters } = arabicShare(texts.join('\n'));
    expect(letters, id).toBeGreaterThan(20);
    expect(share, id).toBeGreaterThanOrEqual(0.8);
  });

  it('each entry is in Arabic, not an English copy (every text, each at least 80 % Arabic)', () => {
    for (const [id, texts] of entryTexts) {
      for (const t of texts) expect(arabicShare(t).share, `${id}: ${t}`).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('the platforms texts are at least 80 % Arabic', () => {
    for (const t of platformTexts) {
      // A name on its own ("Mentory") is allowed to be Latin.
      if (arabicShare(t).letters === 0) continue;
      expect(arabicShare(t).share, t).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('every Latin fragment is isolated, isolates are balanced, and no Latin run is long', () => {
    const all: [string, string][] = [
      ...entryTexts.flatMap(([id, texts]) => texts.map((t): [string, string] => [id, t])),
      ...platformTexts.map((t): [string, string] => ['platforms', t]),
    ];
    for (const [where, t] of all) {
      expect(unisolatedLatin(t), `${where}: ${t}`).toEqual([]);
      expect(isolatesBalanced(t), `${where}: ${t}`).toBe(true);
      expect(longestLatinRun(t), `${where}: ${t}`).toBeLessThanOrEqual(MAX_LATIN_RUN);
    }
  });

  it('the rendered Arabic messages isolate their URLs and names too', () => {
    const messages = [
      ...content.entryIds.map((id) => renderEntry(content, 'ar', id)),
      ...[undefined, ...content.focuses].map((f) => renderPlatforms(content, 'ar', f)),
    ];
    for (const m of messages) {
      for (const t of messageTexts(m)) {
        expect(isolatesBalanced(t), t).toBe(true);
        // URLs are wrapped as FSI<url>PDI: remove the isolated spans first, then nothing Latin is left.
        expect(t.replace(/\u2068[^\u2068\u2069]*\u2069/g, ' ').match(/[A-Za-z]+/g) ?? [], t).toEqual([]);
      }
    }
  });

  it('English stays free of Arabic letters and isolate marks', () => {
    for (const e of content.entries('en')) {
      const t = [e.title, e.summary, e.body, ...e.fields.flatMap((f) => [f.name, f.value])].join('\n');
      expect(t, e.id).not.toMatch(/[\p{Script=Arabic}\u2068\u2069]/u);
    }
  });
});
