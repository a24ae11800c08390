import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkContent, ContentError, LANGS, loadContent, REFERENCE_LANG, splitFrontMatter } from '../../src/content/load.js';
import { renderEntry, renderPlatforms } from '../../src/content/render.js';
import { contentCopy } from '../support/temp.js';

const content = loadContent();
const others = LANGS.filter((l) => l !== REFERENCE_LANG);

const copyContent = contentCopy;

function editEntry(dir: string, rel: string, edit: (fm: Record<string, any>) => void): void {
  const file = join(dir, rel);
  const split = splitFrontMatter(readFileSync(file, 'utf8'))!;
  const fm = parse(split.frontMatter) as Record<string, any>;
  edit(fm);
  writeFileSync(file, `---\n${stringify(fm)}---\n${split.body}\n`);
}

function links(message: ReturnType<typeof renderEntry>): string[] {
  return message.components.flatMap((r) => r.components.map((c) => `${c.type}/${'style' in c ? c.style : ''}/${'url' in c ? c.url : ''}`));
}

describe.each(others)('%s has the same structure as English', (lang) => {
  it('every entry, with the same order, parent, platform and field keys', () => {
    expect(content.entries(lang).map((e) => e.id)).toEqual(content.entries(REFERENCE_LANG).map((e) => e.id));
    for (const id of content.entryIds) {
      const e = content.entry(lang, id);
      const r = content.entry(REFERENCE_LANG, id);
      expect(e.lang, id).toBe(lang);
      expect(e.file).toBe(`content/${lang}/guide/${id}.md`);
      expect({ order: e.order, parent: e.parent, platform: e.platform, keys: e.fields.map((f) => f.key) }, id).toEqual({
        order: r.order,
        parent: r.parent,
        platform: r.platform,
        keys: r.fields.map((f) => f.key),
      });
      expect(e.title, `${id} is translated`).not.toBe(r.title);
      expect(e.body, `${id} is translated`).not.toBe(r.body);
    }
  });

  it('every platform, with the same link, focus, number of facts and a button label', () => {
    const mine = content.platforms(lang);
    const ref = content.platforms(REFERENCE_LANG);
    expect(mine.map((p) => [p.id, p.url, p.focus, p.facts.length])).toEqual(ref.map((p) => [p.id, p.url, p.focus, p.facts.length]));
    for (const p of mine) {
      expect(p.button.trim()).not.toBe('');
      expect(p.summary).not.toBe(ref.find((r) => r.id === p.id)!.summary);
    }
  });

  it('every focus label and page text', () => {
    const page = content.platformsPage(lang);
    const ref = content.platformsPage(REFERENCE_LANG);
    expect(Object.keys(page.focusLabels).sort()).toEqual(Object.keys(ref.focusLabels).sort());
    expect(Object.keys(page.labels).sort()).toEqual(Object.keys(ref.labels).sort());
    for (const f of content.focuses) expect(page.focusLabels[f]).not.toBe(ref.focusLabels[f]);
    expect(page.filtered).toContain('{focus}');
  });

  it('every rendered message has the same shape and links', () => {
    for (const id of content.entryIds) {
      const mine = renderEntry(content, lang, id);
      const ref = renderEntry(content, REFERENCE_LANG, id);
      expect(mine.embeds.map((e) => e.fields?.length ?? 0), id).toEqual(ref.embeds.map((e) => e.fields?.length ?? 0));
      expect(links(mine), id).toEqual(links(ref));
    }
    for (const focus of [undefined, ...content.focuses]) {
      const mine = renderPlatforms(content, lang, focus);
      const ref = renderPlatforms(content, REFERENCE_LANG, focus);
      expect(mine.embeds[0]?.fields?.length, String(focus)).toBe(ref.embeds[0]?.fields?.length);
      expect(links(mine), String(focus)).toEqual(links(ref));
    }
  });
});

describe('a missing or extra key fails with its name', () => {
  it('an Arabic field removed', () => {
    const dir = copyContent();
    editEntry(dir, 'ar/guide/why.md', (fm) => {
      fm.fields = fm.fields.filter((f: { key: string }) => f.key !== 'build-confidence');
    });
    expect(() => loadContent(dir)).toThrow(ContentError);
    expect(() => loadContent(dir)).toThrow(
      'content/ar/guide/why.md: fields: missing key "build-confidence" (present in content/en/guide/why.md)',
    );
    expect(checkContent(dir).problems).toEqual([
      'content/ar/guide/why.md: fields: missing key "build-confidence" (present in content/en/guide/why.md)',
    ]);
  });

  it('an extra Arabic field, and keys in another order', () => {
    const dir = copyContent();
    editEntry(dir, 'ar/guide/mentee-ready.md', (fm) => {
      fm.fields.push({ key: 'bring-snacks', name: 'أحضر شيئًا', value: 'نص' });
    });
    editEntry(dir, 'ar/guide/mentee-listen.md', (fm) => {
      fm.fields.reverse();
    });
    const { problems } = checkContent(dir);
    expect(problems).toContain('content/ar/guide/mentee-ready.md: fields: extra key "bring-snacks" (not in content/en/guide/mentee-ready.md)');
    expect(problems).toContainEqual(expect.stringMatching(/^content\/ar\/guide\/mentee-listen\.md: fields: keys are in a different order/));
  });

  it('a key renamed in English only', () => {
    const dir = copyContent();
    editEntry(dir, 'en/guide/mentee-progress.md', (fm) => {
      fm.fields[0].key = 'share-successes';
    });
    const { problems } = checkContent(dir);
    expect(problems).toContain('content/ar/guide/mentee-progress.md: fields: missing key "share-successes" (present in content/en/guide/mentee-progress.md)');
    expect(problems).toContain('content/ar/guide/mentee-progress.md: fields: extra key "share-wins" (not in content/en/guide/mentee-progress.md)');
  });

  it('a platform or a focus label missing in Arabic', () => {
    const dir = copyContent();
    const file = join(dir, 'ar/platforms.yaml');
    const data = parse(readFileSync(file, 'utf8')) as Record<string, any>;
    delete data.platforms.prohelpify;
    delete data.focusLabels.interview;
    writeFileSync(file, stringify(data));
    const { problems } = checkContent(dir);
    expect(problems).toContain('content/ar/platforms.yaml: platforms: missing platform "prohelpify" (defined in platforms.yaml)');
    expect(problems).toContainEqual(expect.stringMatching(/^content\/ar\/platforms\.yaml: focusLabels\.interview: /));
  });

  it('a fact missing in Arabic', () => {
    const dir = copyContent();
    const file = join(dir, 'ar/platforms.yaml');
    const data = parse(readFileSync(file, 'utf8')) as Record<string, any>;
    data.platforms.mentory.facts.pop();
    writeFileSync(file, stringify(data));
    expect(checkContent(dir).problems).toEqual(['content/ar/platforms.yaml: platforms.mentory.facts: has 2 items, en has 3']);
  });

  it('an entry whose platform differs between languages', () => {
    const dir = copyContent();
    editEntry(dir, 'ar/guide/find-mentory.md', (fm) => {
      fm.platform = 'prohelpify';
    });
    expect(checkContent(dir).problems).toContain(
      'content/ar/guide/find-mentory.md: platform: "prohelpify" differs from content/en/guide/find-mentory.md ("mentory")',
    );
  });
});
