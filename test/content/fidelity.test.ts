import { describe, expect, it } from 'vitest';
import { LANGS, loadContent, type Lang } from '../../src/content/load.js';
import { renderEntry, renderPlatforms, type RenderedMessage } from '../../src/content/render.js';
import type { EntryId } from '../../src/content/schema.js';

// The guide (guide/mentorship-guide.md in the project's shared brief) mapped to the content. Kept
// here on purpose: tests never read outside the repository.

/** Every heading of the guide → its entry. */
const HEADINGS: readonly [heading: string, id: EntryId][] = [
  ['Mentorship', 'intro'],
  ['Why it matters', 'why'],
  ['Where to find mentors', 'find'],
  ['Mentory', 'find-mentory'],
  ['ProHelpify (P8Y)', 'find-prohelpify'],
  ['How to be a good mentee', 'mentee'],
  ['Come Ready and Focused', 'mentee-ready'],
  ['Be Consistent and Reliable', 'mentee-consistent'],
  ['Listen Well and Ask Follow-Up Questions', 'mentee-listen'],
  ['Share Your Progress and Problems', 'mentee-progress'],
  ['Give Back When You Can', 'mentee-give-back'],
];

/** Every bold point of the guide → (entry, field key). */
const BOLD_POINTS: readonly [point: string, id: EntryId, key: string][] = [
  ["Learn from someone else's experience", 'why', 'learn-from-experience'],
  ['Get a learning plan made for you', 'why', 'learning-plan'],
  ['Understand how things really work', 'why', 'how-things-work'],
  ['Learn about career growth', 'why', 'career-growth'],
  ['Build confidence', 'why', 'build-confidence'],
  ['Ask specific questions', 'mentee-ready', 'specific-questions'],
  ['Share your work', 'mentee-ready', 'share-your-work'],
  ['Set clear goals', 'mentee-ready', 'set-clear-goals'],
  ['Keep your promises', 'mentee-consistent', 'keep-promises'],
  ['Do what your mentor suggests', 'mentee-consistent', 'follow-suggestions'],
  ['Communicate early', 'mentee-consistent', 'communicate-early'],
  ['Ask "why" questions', 'mentee-listen', 'ask-why'],
  ['Ask for clarification', 'mentee-listen', 'ask-clarification'],
  ['Take notes', 'mentee-listen', 'take-notes'],
  ['Share your wins', 'mentee-progress', 'share-wins'],
  ['Be honest about difficulties', 'mentee-progress', 'honest-difficulties'],
  ['Ask for changes', 'mentee-progress', 'ask-for-changes'],
  ['Share useful resources', 'mentee-give-back', 'share-resources'],
  ['Offer your skills', 'mentee-give-back', 'offer-skills'],
  ['Help others', 'mentee-give-back', 'help-others'],
];

/**
 * Ideas of the guide's paragraphs and examples that must survive the rewording, as words each
 * edition uses for them (checked in the entry's rendered message). The guide's closing line of
 * "Why it matters" is the `in-short` field.
 */
const IDEAS: Record<Lang, readonly [id: EntryId, where: string, words: readonly string[]][]> = {
  en: [
    ['intro', 'body', ['tutorials', 'first developer job', 'design your code', 'career', 'learn next', 'fast-changing', 'stuck and alone']],
    ['why', 'body', ['think like an experienced developer', 'good decisions', 'team']],
    ['why', 'in-short', ['years of experience', 'focused advice', 'specific needs']],
    ['why', 'how-things-work', ['real jobs', '*what*', '*why*']],
    ['find', 'body', ['global platforms', 'Syrian developers', 'challenges and opportunities', 'bridge between Syrian talent and the global tech ecosystem', 'faced the same challenges', 'Completely free']],
    ['find-mentory', 'body', ['Syrian developers', 'around the world', 'technical guidance', 'career advice', 'academic support', 'startup mentoring', 'major tech companies', 'Syrian context', 'cultural background']],
    ['find-prohelpify', 'body', ['Syrian-led', 'free consultation sessions with software experts', 'Meta', 'Tradinos', 'local and international opportunities', 'interview preparation', 'career planning', 'global tech jobs']],
    ['mentee', 'body', ['worth helping', 'both people', 'growth']],
    ['mentee-ready', 'body', ["mentor's time", 'homework', 'specific questions']],
    ['mentee-ready', 'specific-questions', ['What should I learn next?', 'React', 'state management', 'Context vs Redux']],
    ['mentee-ready', 'set-clear-goals', ['next few months', 'code reviews', 'senior developer role']],
    ['mentee-consistent', 'body', ['consistency', 'follow-through', 'work']],
    ['mentee-listen', 'body', ["Don't just collect advice", 'thinking behind it']],
    ['mentee-progress', 'body', ['successes and struggles', 'change their approach']],
    ['mentee-give-back', 'body', ['one-way', 'wider community']],
  ],
  ar: [
    ['intro', 'body', ['الدروس التعليمية', 'أول وظيفة', 'تصميم الكود', 'مسيرتك المهنية', 'ماذا تتعلّم', 'يتغيّر بسرعة', 'عالق ووحيد']],
    ['why', 'body', ['التفكير كمطوّر خبير', 'قرارات سليمة', 'فريق']],
    ['why', 'in-short', ['سنوات من الخبرة', 'نصائح مركّزة', 'احتياجاتك']],
    ['why', 'how-things-work', ['بيئة العمل الحقيقية', '«ماذا»', '«لماذا»']],
    ['find', 'body', ['منصات عالمية', 'مطوّرون سوريون', 'تحدّياتنا وفرصنا', 'جسر بين المواهب السورية ومنظومة التقنية العالمية', 'التحدّيات نفسها', 'مجانية تمامًا']],
    ['find-mentory', 'body', ['مطوّرون سوريون', 'حول العالم', 'التوجيه التقني', 'النصائح المهنية', 'الدعم الأكاديمي', 'الشركات الناشئة', 'كبرى شركات التقنية', 'السياق السوري', 'خلفيتك الثقافية']],
    ['find-prohelpify', 'body', ['يقوده سوريون', 'جلسات استشارية مجانية مع خبراء في البرمجيات', 'Meta', 'Tradinos', 'الفرص المحلية والدولية', 'التحضير للمقابلات', 'التخطيط المهني', 'وظائف تقنية عالمية']],
    ['mentee', 'body', ['جديرًا بالمساعدة', 'للطرفين', 'النمو']],
    ['mentee-ready', 'body', ['وقت مرشدك', 'حضّر جيدًا', 'أسئلة أو مشكلات محددة']],
    ['mentee-ready', 'specific-questions', ['ماذا أتعلّم بعد ذلك؟', 'React', 'إدارة الحالة', 'Context', 'Redux']],
    ['mentee-ready', 'set-clear-goals', ['الأشهر القليلة القادمة', 'مراجعة الكود', 'مطوّر خبير']],
    ['mentee-consistent', 'body', ['انتظام', 'تعد به', 'العمل']],
    ['mentee-listen', 'body', ['لا تكتفِ بجمع النصائح', 'طريقة التفكير']],
    ['mentee-progress', 'body', ['بنجاحاته وعثراته', 'تعديل أسلوبه']],
    ['mentee-give-back', 'body', ['اتجاه واحد', 'للمجتمع الأوسع']],
  ],
};

const MENTORY_URL = 'https://mentory-sy.net/';
const PROHELPIFY_URL = 'https://prohelpify.com/en';

const content = loadContent();

/** Text a member sees, without the invisible isolate marks. */
const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');

function embedText(message: RenderedMessage): string {
  return plain(
    message.embeds
      .map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].join('\n'))
      .join('\n'),
  );
}

function buttonUrls(message: RenderedMessage): string[] {
  return message.components.flatMap((row) => row.components.flatMap((c) => ('url' in c && c.url ? [c.url] : [])));
}

describe.each(LANGS)('fidelity to the guide (%s)', (lang) => {
  it.each(HEADINGS)('heading "%s" is entry %s', (_heading, id) => {
    const entry = content.entry(lang, id);
    expect(entry.lang).toBe(lang);
    expect(entry.title.trim()).not.toBe('');
    expect(entry.summary.trim()).not.toBe('');
    expect(entry.body.trim()).not.toBe('');
  });

  it('covers every heading and no other', () => {
    expect([...content.entryIds].sort()).toEqual(HEADINGS.map(([, id]) => id).sort());
  });

  it.each(BOLD_POINTS)('bold point "%s" is %s › %s', (_point, id, key) => {
    const field = content.entry(lang, id).fields.find((f) => f.key === key);
    expect(field, `${lang}/${id} field ${key}`).toBeDefined();
    expect(field!.name.trim()).not.toBe('');
    expect(field!.value.trim()).not.toBe('');
  });

  it('keeps the ideas and examples of every paragraph', () => {
    for (const [id, where, words] of IDEAS[lang]) {
      const entry = content.entry(lang, id);
      const text = plain(where === 'body' ? entry.body : (entry.fields.find((f) => f.key === where)?.value ?? ''));
      for (const w of words) expect(text, `${lang}/${id} ${where}`).toContain(w);
    }
  });

  it('states the figures and both URLs verbatim in the platform data', () => {
    const [mentory, prohelpify] = content.platforms(lang);
    expect(mentory?.url).toBe(MENTORY_URL);
    expect(prohelpify?.url).toBe(PROHELPIFY_URL);
    const facts = mentory!.facts.join('\n');
    expect(facts).toMatch(/(^|\D)169(\D|$)/);
    expect(facts).toMatch(/(^|\D)27(\D|$)/);
    if (lang === 'en') expect(facts).toContain('169 expert mentors from 27 countries');
    if (lang === 'ar') expect(facts).toContain('169 مرشدًا خبيرًا من 27 دولة');
    expect(plain(prohelpify!.facts.join('\n'))).toMatch(/Meta.*Tradinos/);
    expect(content.platformsPage(lang).note.trim()).not.toBe('');
  });

  it('shows the figures, URLs and the "as published" note in /platforms and in find', () => {
    const page = content.platformsPage(lang);
    for (const message of [renderPlatforms(content, lang), renderEntry(content, lang, 'find')]) {
      const text = embedText(message);
      expect(text).toContain('169');
      expect(text).toContain('27');
      expect(text).toContain(MENTORY_URL);
      expect(text).toContain(PROHELPIFY_URL);
      expect(text).toContain(plain(page.note));
      expect(buttonUrls(message)).toEqual([MENTORY_URL, PROHELPIFY_URL]);
    }
    const mentory = renderEntry(content, lang, 'find-mentory');
    expect(embedText(mentory)).toContain('169');
    expect(embedText(mentory)).toContain('27');
    expect(embedText(mentory)).toContain(MENTORY_URL);
    expect(buttonUrls(mentory)).toEqual([MENTORY_URL]);
    const prohelpify = renderEntry(content, lang, 'find-prohelpify');
    expect(embedText(prohelpify)).toContain(PROHELPIFY_URL);
    expect(buttonUrls(prohelpify)).toEqual([PROHELPIFY_URL]);
  });

  it('names each platform as the guide does', () => {
    expect(plain(content.platform(lang, 'mentory')!.name)).toBe('Mentory');
    expect(plain(content.platform(lang, 'prohelpify')!.name)).toBe('ProHelpify (P8Y)');
  });
});
