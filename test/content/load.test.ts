import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  checkContent,
  ContentError,
  LANGS,
  loadContent,
  splitFrontMatter,
  urlsIn,
} from '../../src/content/load.js';
import { ENTRY_IDS, FOCUSES, HABITS } from '../../src/content/schema.js';
import { contentCopy } from '../support/temp.js';

const copyContent = contentCopy;

/** Rewrites an entry's front-matter and/or body. */
function editEntry(dir: string, rel: string, edit: (fm: Record<string, any>, body: string) => string | void): void {
  const file = join(dir, rel);
  const split = splitFrontMatter(readFileSync(file, 'utf8'))!;
  const fm = parse(split.frontMatter) as Record<string, any>;
  const body = edit(fm, split.body) ?? split.body;
  writeFileSync(file, `---\n${stringify(fm)}---\n${body}\n`);
}

function editYaml(dir: string, rel: string, edit: (data: Record<string, any>) => void): void {
  const file = join(dir, rel);
  const data = parse(readFileSync(file, 'utf8')) as Record<string, any>;
  edit(data);
  writeFileSync(file, stringify(data));
}

function problemsOf(dir: string): string[] {
  let thrown: unknown;
  try {
    loadContent(dir);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(ContentError);
  const err = thrown as ContentError;
  // The message lists every problem, one a line.
  for (const p of err.problems) expect(err.message).toContain(p);
  return [...err.problems];
}

describe('the real content', () => {
  it('loads cleanly', () => {
    expect(checkContent().problems).toEqual([]);
    expect(() => loadContent()).not.toThrow();
  });

  it('offers every entry in guide order, in every language', () => {
    const content = loadContent();
    expect(content.entryIds).toEqual([
      'intro',
      'why',
      'find',
      'find-mentory',
      'find-prohelpify',
      'mentee',
      'mentee-ready',
      'mentee-consistent',
      'mentee-listen',
      'mentee-progress',
      'mentee-give-back',
    ]);
    for (const lang of LANGS) {
      const entries = content.entries(lang);
      expect(entries.map((e) => e.id)).toEqual(content.entryIds);
      expect(entries.every((e) => e.lang === lang)).toBe(true);
      expect(entries.map((e) => e.order)).toEqual([...entries.map((e) => e.order)].sort((a, b) => a - b));
      expect(content.entry(lang, 'why').file).toBe(`content/${lang}/guide/why.md`);
      expect(content.children(lang, 'mentee').map((e) => e.id)).toEqual(HABITS.map((h) => `mentee-${h}`));
      expect(content.children(lang, 'find').map((e) => e.platform)).toEqual(['mentory', 'prohelpify']);
    }
  });

  it('maps habits to entries', () => {
    const content = loadContent();
    for (const habit of HABITS) expect(content.habitEntryId(habit)).toBe(`mentee-${habit}`);
    expect(content.entry('en', content.habitEntryId('give-back')).title).toMatch(/give back/i);
  });

  it('merges platform facts with each language and keeps the focus table', () => {
    const content = loadContent();
    expect(content.focuses).toEqual([...FOCUSES]);
    for (const lang of LANGS) {
      const [mentory, prohelpify] = content.platforms(lang);
      expect(mentory).toMatchObject({ id: 'mentory', url: 'https://mentory-sy.net/', focus: ['technical', 'career', 'academic', 'startup'] });
      expect(prohelpify).toMatchObject({ id: 'prohelpify', url: 'https://prohelpify.com/en', focus: ['technical', 'career', 'interview'] });
      expect(content.platformsFor(lang, 'academic').map((p) => p.id)).toEqual(['mentory']);
      expect(content.platformsFor(lang, 'interview').map((p) => p.id)).toEqual(['prohelpify']);
      expect(content.platformsFor(lang, 'technical').map((p) => p.id)).toEqual(['mentory', 'prohelpify']);
      const page = content.platformsPage(lang);
      expect(Object.keys(page.focusLabels).sort()).toEqual([...FOCUSES].sort());
      expect(page.filtered).toContain('{focus}');
    }
    expect(content.platform('en', 'mentory')?.name).toBe('Mentory');
    expect(content.platform('en', 'prohelpify')?.name).toBe('ProHelpify (P8Y)');
  });

  it('throws on an unknown entry id', () => {
    expect(() => loadContent().entry('en', 'nope')).toThrow(/nope/);
  });
});

describe('front-matter and URL parsing', () => {
  it('splits front-matter from the body (LF, CRLF, BOM)', () => {
    expect(splitFrontMatter('---\nid: why\n---\nHello\n')).toEqual({ frontMatter: 'id: why', body: 'Hello' });
    expect(splitFrontMatter('\uFEFF---\r\nid: why\r\n---\r\n\r\nHello\r\nthere\r\n')).toEqual({ frontMatter: 'id: why', body: 'Hello\nthere' });
    expect(splitFrontMatter('---\nid: why\n---')).toEqual({ frontMatter: 'id: why', body: '' });
    expect(splitFrontMatter('id: why\n---\nHello')).toBeUndefined();
    expect(splitFrontMatter('---\nid: why\nHello')).toBeUndefined();
  });

  it('finds URLs in Markdown', () => {
    expect(urlsIn('see [site](https://a.example/x) and <https://b.example/> or https://c.example/y.')).toEqual([
      'https://a.example/x',
      'https://b.example/',
      'https://c.example/y.',
    ]);
    expect(urlsIn('\u2068<https://mentory-sy.net/>\u2069')).toEqual(['https://mentory-sy.net/']);
    expect(urlsIn('no links here: 169 mentors')).toEqual([]);
  });
});

describe('broken content fails loudly, naming file and field', () => {
  it('a description over 4,096 characters', () => {
    const dir = copyContent();
    editEntry(dir, 'en/guide/why.md', () => 'x'.repeat(4097));
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(expect.stringMatching(/^content\/en\/guide\/why\.md: body \(embed description\): must be at most 4096 characters/));
  });

  it('a field value over 1,024 characters names the field key', () => {
    const dir = copyContent();
    editEntry(dir, 'ar/guide/mentee-listen.md', (fm) => {
      fm.fields[2].value = 'ب'.repeat(1025);
    });
    expect(problemsOf(dir)).toContainEqual(
      'content/ar/guide/mentee-listen.md: fields[2].value (key "take-notes"): must be at most 1024 characters',
    );
  });

  it('a title over 256 characters and a summary over 100', () => {
    const dir = copyContent();
    editEntry(dir, 'en/guide/intro.md', (fm) => {
      fm.title = 'T'.repeat(257);
      fm.summary = 's'.repeat(101);
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual('content/en/guide/intro.md: title: must be at most 256 characters');
    expect(problems).toContainEqual('content/en/guide/intro.md: summary: must be at most 100 characters');
  });

  it('more than 6,000 characters across the rendered embed, each piece within its own limit', () => {
    const dir = copyContent();
    editEntry(dir, 'en/guide/why.md', (fm) => {
      for (const f of fm.fields) f.value = 'v'.repeat(1000);
    });
    expect(problemsOf(dir)).toContainEqual(
      expect.stringMatching(/^content\/en\/guide\/why\.md: rendered: embeds have \d+ characters in all \(max 6000\)$/),
    );
  });

  it('an unknown id', () => {
    const dir = copyContent();
    writeFileSync(join(dir, 'en/guide/bogus.md'), '---\nid: bogus\norder: 12\ntitle: Bogus\nsummary: Not in the guide\n---\nBody\n');
    expect(problemsOf(dir)).toContainEqual('content/en/guide/bogus.md: id: unknown id "bogus"');
  });

  it('an id that does not match its file name', () => {
    const dir = copyContent();
    editEntry(dir, 'en/guide/why.md', (fm) => {
      fm.id = 'intro';
    });
    expect(problemsOf(dir)).toEqual(['content/en/guide/why.md: id: "intro" does not match the file name (expected intro.md)']);
  });

  it('a missing Arabic entry', () => {
    const dir = copyContent();
    unlinkSync(join(dir, 'ar/guide/mentee-progress.md'));
    expect(problemsOf(dir)).toEqual(['content/ar/guide/mentee-progress.md: missing entry "mentee-progress" (present in en)']);
  });

  it('a bad URL in the platform data and in a text', () => {
    const dir = copyContent();
    editYaml(dir, 'platforms.yaml', (data) => {
      data.platforms[0].url = 'https//mentory-sy.net/';
      data.platforms[1].url = 'http://prohelpify.com/en';
    });
    editEntry(dir, 'en/guide/find.md', (_fm, body) => `${body}\n\nMore: [here](https://not a url/)`);
    const problems = problemsOf(dir);
    expect(problems).toContainEqual('content/platforms.yaml: platforms[0].url: must be an https URL with a domain name');
    expect(problems).toContainEqual('content/platforms.yaml: platforms[1].url: must be an https URL with a domain name');
    expect(problems).toContainEqual(expect.stringMatching(/^content\/en\/guide\/find\.md: body: bad URL "https:\/\/not"/));
  });

  it('duplicate and out-of-guide order', () => {
    const dir = copyContent();
    editEntry(dir, 'en/guide/why.md', (fm) => {
      fm.order = 1;
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(expect.stringMatching(/^content\/en\/guide\/(why|intro)\.md: order: duplicate order 1/));
    expect(problems).toContainEqual('content/ar/guide/why.md: order: 2 differs from content/en/guide/why.md (1)');

    const dir2 = copyContent();
    editEntry(dir2, 'ar/guide/mentee.md', (fm) => {
      fm.order = 99;
    });
    expect(problemsOf(dir2)).toContainEqual(expect.stringMatching(/^content\/ar\/guide\/mentee\.md: order: 99 puts "mentee" out of guide order/));
  });

  it('a wrong parent, an unknown front-matter key, a duplicate field key', () => {
    const dir = copyContent();
    editEntry(dir, 'en/guide/mentee-ready.md', (fm) => {
      fm.parent = 'find';
      fm.colour = 'red';
      fm.fields[1].key = fm.fields[0].key;
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual('content/en/guide/mentee-ready.md: parent: must be "mentee"');
    expect(problems).toContainEqual('content/en/guide/mentee-ready.md: unknown key "colour"');
    expect(problems).toContainEqual('content/en/guide/mentee-ready.md: fields[1].key: duplicate key "specific-questions"');
  });

  it('files without front-matter or with broken YAML', () => {
    const dir = copyContent();
    writeFileSync(join(dir, 'en/guide/intro.md'), 'Just text\n');
    writeFileSync(join(dir, 'ar/guide/intro.md'), '---\nid: intro\ntitle: [unclosed\n---\nنص\n');
    const problems = problemsOf(dir);
    expect(problems).toContainEqual('content/en/guide/intro.md: must start with YAML front-matter between two "---" lines');
    expect(problems).toContainEqual(expect.stringMatching(/^content\/ar\/guide\/intro\.md: YAML: /));
  });

  it('an unknown platform, a missing focus label, a platform with a focus that does not exist', () => {
    const dir = copyContent();
    editYaml(dir, 'ar/platforms.yaml', (data) => {
      data.platforms.extra = { ...data.platforms.mentory };
      delete data.focusLabels.startup;
    });
    editYaml(dir, 'platforms.yaml', (data) => {
      data.platforms[0].focus.push('cooking');
    });
    editEntry(dir, 'en/guide/find-mentory.md', (fm) => {
      fm.platform = 'mentori';
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual('content/ar/platforms.yaml: platforms.extra: unknown platform "extra" (not in platforms.yaml)');
    expect(problems).toContainEqual(expect.stringMatching(/^content\/ar\/platforms\.yaml: focusLabels\.startup: /));
    expect(problems).toContainEqual(expect.stringMatching(/^content\/platforms\.yaml: platforms\[0\]\.focus\[4\]: /));
    expect(problems).toContainEqual('content/en/guide/find-mentory.md: platform: unknown platform "mentori" (not in content/platforms.yaml)');
  });

  it('lists every problem at once', () => {
    const dir = copyContent();
    unlinkSync(join(dir, 'ar/guide/why.md'));
    editEntry(dir, 'en/guide/mentee.md', (fm) => {
      fm.summary = '';
    });
    editYaml(dir, 'en/platforms.yaml', (data) => {
      delete data.platforms.prohelpify;
    });
    const problems = problemsOf(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        'content/ar/guide/why.md: missing entry "why" (present in en)',
        'content/en/guide/mentee.md: summary: must not be empty',
        'content/en/platforms.yaml: platforms: missing platform "prohelpify" (defined in platforms.yaml)',
      ]),
    );
  });

  it('a missing language folder', () => {
    const dir = copyContent();
    rmSync(join(dir, 'ar'), { recursive: true });
    const problems = problemsOf(dir);
    expect(problems[0]).toMatch(/^content\/ar: missing language folder/);
    for (const id of ENTRY_IDS) expect(problems).toContainEqual(`content/ar/guide/${id}.md: missing entry "${id}" (present in en)`);
  });
});
