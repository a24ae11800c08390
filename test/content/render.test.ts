import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { LANGS, loadContent } from '../../src/content/load.js';
import { layout } from '../../src/i18n/index.js';
import {
  ACCENT_COLOR,
  embedLength,
  messageProblems,
  normalizeForSearch,
  renderEntry,
  renderPlatforms,
  searchEntries,
  truncate,
  type RenderedMessage,
} from '../../src/content/render.js';

const content = loadContent();

/** Discord's limits, checked independently of the renderer's own `messageProblems`. */
function expectWithinLimits(m: RenderedMessage, label: string): void {
  expect(m.embeds.length, label).toBeGreaterThanOrEqual(1);
  expect(m.embeds.length, label).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of m.embeds) {
    expect(e.title?.length ?? 0, `${label} title`).toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0, `${label} description`).toBeLessThanOrEqual(4096);
    expect(e.fields?.length ?? 0, `${label} fields`).toBeLessThanOrEqual(25);
    expect(e.footer?.text.length ?? 0, `${label} footer`).toBeLessThanOrEqual(2048);
    for (const f of e.fields ?? []) {
      expect(f.name.length, `${label} field name`).toBeGreaterThan(0);
      expect(f.name.length, `${label} field name`).toBeLessThanOrEqual(256);
      expect(f.value.length, `${label} field value`).toBeGreaterThan(0);
      expect(f.value.length, `${label} field value`).toBeLessThanOrEqual(1024);
    }
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
    total += (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(e.color, label).toBe(ACCENT_COLOR);
  }
  expect(total, `${label} total`).toBeLessThanOrEqual(6000);
  expect(m.components.length, `${label} rows`).toBeLessThanOrEqual(5);
  for (const row of m.components) {
    expect(row.type).toBe(1);
    expect(row.components.length, `${label} buttons per row`).toBeGreaterThan(0);
    expect(row.components.length, `${label} buttons per row`).toBeLessThanOrEqual(5);
    for (const b of row.components) {
      expect(b).toMatchObject({ type: 2, style: 5 });
      expect('url' in b && /^https:\/\//.test(b.url)).toBe(true);
      expect('label' in b ? (b.label?.length ?? 0) : 0).toBeGreaterThan(0);
      expect('label' in b ? (b.label?.length ?? 0) : 0).toBeLessThanOrEqual(80);
      expect('custom_id' in b).toBe(false);
    }
  }
  expect(messageProblems(m), label).toEqual([]);
}

const urlsOf = (m: RenderedMessage) => m.components.flatMap((r) => r.components.map((c) => ('url' in c ? c.url : '')));

describe.each(LANGS)('rendering (%s)', (lang) => {
  it.each(content.entryIds)('entry %s stays within Discord limits', (id) => {
    const m = renderEntry(content, lang, id);
    expectWithinLimits(m, `${lang}/${id}`);
    const entry = content.entry(lang, id);
    // Arabic text comes out with each line marked right-to-left (`layout`); English as written.
    expect(m.embeds[0]?.title).toBe(layout(lang, entry.title));
    expect(m.embeds[0]?.description).toBe(layout(lang, entry.body));
  });

  it.each([undefined, ...content.focuses])('/platforms focus:%s stays within Discord limits', (focus) => {
    const m = renderPlatforms(content, lang, focus);
    expectWithinLimits(m, `${lang} /platforms ${focus}`);
    expect(m.embeds).toHaveLength(1);
    const expected = focus ? content.platformsFor(lang, focus) : content.platforms(lang);
    expect(m.embeds[0]?.fields?.map((f) => f.name)).toEqual(expected.map((p) => layout(lang, p.name)));
    expect(urlsOf(m)).toEqual(expected.map((p) => p.url));
    expect(m.embeds[0]?.footer?.text).toBe(layout(lang, content.platformsPage(lang).note));
    if (focus) expect(m.embeds[0]?.description).toContain(content.platformsPage(lang).focusLabels[focus]);
  });

  it('filters /platforms by the focus table', () => {
    const ids = (focus?: Parameters<typeof renderPlatforms>[2]) => urlsOf(renderPlatforms(content, lang, focus));
    expect(ids()).toEqual(['https://mentory-sy.net/', 'https://prohelpify.com/en']);
    expect(ids('technical')).toEqual(['https://mentory-sy.net/', 'https://prohelpify.com/en']);
    expect(ids('career')).toEqual(['https://mentory-sy.net/', 'https://prohelpify.com/en']);
    expect(ids('academic')).toEqual(['https://mentory-sy.net/']);
    expect(ids('startup')).toEqual(['https://mentory-sy.net/']);
    expect(ids('interview')).toEqual(['https://prohelpify.com/en']);
  });

  it('gives link buttons to find and the platform entries only', () => {
    for (const id of content.entryIds) {
      const urls = urlsOf(renderEntry(content, lang, id));
      if (id === 'find') expect(urls).toEqual(['https://mentory-sy.net/', 'https://prohelpify.com/en']);
      else if (id === 'find-mentory') expect(urls).toEqual(['https://mentory-sy.net/']);
      else if (id === 'find-prohelpify') expect(urls).toEqual(['https://prohelpify.com/en']);
      else expect(urls, id).toEqual([]);
    }
  });

  it('lists the five habits under mentee and names the parent of a habit', () => {
    const mentee = renderEntry(content, lang, 'mentee').embeds[0]!;
    expect(mentee.fields?.map((f) => f.name)).toEqual(content.children(lang, 'mentee').map((c) => layout(lang, c.title)));
    const ready = renderEntry(content, lang, 'mentee-ready').embeds[0]!;
    expect(ready.footer?.text).toBe(layout(lang, content.entry(lang, 'mentee').title));
    expect(ready.fields?.map((f) => f.name)).toEqual(content.entry(lang, 'mentee-ready').fields.map((f) => layout(lang, f.name)));
  });

  it('is pure: the same input gives the same output, and the content is not changed', () => {
    const before = JSON.stringify(content.entries(lang));
    expect(renderEntry(content, lang, 'find')).toEqual(renderEntry(content, lang, 'find'));
    renderEntry(content, lang, 'find').embeds[0]!.fields!.push({ name: 'x', value: 'y' });
    expect(JSON.stringify(content.entries(lang))).toBe(before);
    expect(renderEntry(content, lang, 'why').embeds[0]!.fields).toHaveLength(content.entry(lang, 'why').fields.length);
  });
});

describe('searchEntries (autocomplete)', () => {
  it('offers every entry in guide order for an empty query', () => {
    for (const lang of LANGS) {
      const choices = searchEntries(content, lang, '');
      expect(choices.map((c) => c.value)).toEqual(content.entryIds);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('matches id, title or summary, case-insensitively, best first', () => {
    expect(searchEntries(content, 'en', 'WHY')[0]?.value).toBe('why');
    expect(searchEntries(content, 'en', 'mentee-g').map((c) => c.value)).toEqual(['mentee-give-back']);
    expect(searchEntries(content, 'en', 'clear goals').map((c) => c.value)).toEqual(['mentee-ready']);
    expect(searchEntries(content, 'en', 'prohelpify')[0]?.value).toBe('find-prohelpify');
    expect(searchEntries(content, 'en', 'zzz-nothing')).toEqual([]);
  });

  it('matches Arabic with or without diacritics and hamza forms, and English names in Arabic', () => {
    expect(searchEntries(content, 'ar', 'لماذا يهم الارشاد')[0]?.value).toBe('why');
    expect(searchEntries(content, 'ar', 'مسترشدا').map((c) => c.value)).toContain('mentee');
    expect(searchEntries(content, 'ar', 'Mentory')[0]?.value).toBe('find-mentory');
    expect(searchEntries(content, 'ar', 'give back')[0]?.value).toBe('mentee-give-back');
    for (const c of searchEntries(content, 'ar', 'ا')) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('normalizes and truncates safely', () => {
    expect(normalizeForSearch('  إرشادٌ  \u2068React\u2069 ')).toBe('ارشاد react');
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });
});

describe('messageProblems', () => {
  const big = (n: number) => 'x'.repeat(n);
  it('reports each limit it breaks', () => {
    const embed: APIEmbed = {
      title: big(257),
      description: big(4097),
      fields: Array.from({ length: 26 }, () => ({ name: 'n', value: big(50) })),
      footer: { text: 'f' },
    };
    const button = { type: 2 as const, style: 5 as const, label: 'go', url: 'https://example.com/' };
    const m = {
      embeds: [embed, { fields: [{ name: big(257), value: big(1025) }, { name: ' ', value: '' }] }],
      components: [{ type: 1 as const, components: Array.from({ length: 6 }, () => button) }],
    } as unknown as RenderedMessage;
    expect(messageProblems(m)).toEqual([
      'embeds[0].title has 257 characters (max 256)',
      'embeds[0].description has 4097 characters (max 4096)',
      'embeds[0] has 26 fields (max 25)',
      'embeds[1].fields[0].name has 257 characters (max 256)',
      'embeds[1].fields[0].value has 1025 characters (max 1024)',
      'embeds[1].fields[1].name is empty',
      'embeds[1].fields[1].value is empty',
      `embeds have ${embedLength(embed) + 257 + 1025 + 1} characters in all (max 6000)`,
      'components[0] has 6 buttons (max 5)',
    ]);
  });

  it('counts title, description, fields and footer toward the 6,000 total', () => {
    expect(embedLength({ title: 'ab', description: 'cde', fields: [{ name: 'f', value: 'gh' }], footer: { text: 'ij' } })).toBe(10);
  });
});
