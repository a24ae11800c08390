import { describe, expect, it } from 'vitest';
import { counted, duration, joinList, loadUiStrings, rtlLines, translator, type Lang } from '../../src/i18n/index.js';

const ui = loadUiStrings();
const t = { en: translator(ui.en, 'en'), ar: translator(ui.ar, 'ar') };
/** The words a reader sees: without the invisible direction marks and isolates. */
const visible = (text: string) => text.replace(/[\u200e\u200f\u2066-\u2069]/g, '');

const COUNTS = [0, 1, 2, 3, 11, 100] as const;
const render = (each: (n: number) => string) => COUNTS.map((n) => visible(each(n)));

describe('counted strings, for 0, 1, 2, 3, 11 and 100', () => {
  it('streak: weeks', () => {
    const streak = (lang: Lang) => (n: number) => t[lang]('checkin.streak', { current: duration(n, 'week'), best: duration(n, 'week') });
    expect(render(streak('en'))).toEqual([
      'Streak: **0 weeks** in a row (best: 0 weeks).',
      'Streak: **1 week** in a row (best: 1 week).',
      'Streak: **2 weeks** in a row (best: 2 weeks).',
      'Streak: **3 weeks** in a row (best: 3 weeks).',
      'Streak: **11 weeks** in a row (best: 11 weeks).',
      'Streak: **100 weeks** in a row (best: 100 weeks).',
    ]);
    expect(render(streak('ar'))).toEqual([
      'سلسلة التزامك: **0 أسبوع** على التوالي (أطول سلسلة لك: 0 أسبوع).',
      'سلسلة التزامك: **أسبوع** على التوالي (أطول سلسلة لك: أسبوع).',
      'سلسلة التزامك: **أسبوعان** على التوالي (أطول سلسلة لك: أسبوعان).',
      'سلسلة التزامك: **3 أسابيع** على التوالي (أطول سلسلة لك: 3 أسابيع).',
      'سلسلة التزامك: **11 أسبوعًا** على التوالي (أطول سلسلة لك: 11 أسبوعًا).',
      'سلسلة التزامك: **100 أسبوع** على التوالي (أطول سلسلة لك: 100 أسبوع).',
    ]);
  });

  it('goals: open goals after /goal set, and what is left after /goal done', () => {
    const set = (lang: Lang) => (n: number) => t[lang]('goal.set', { text: 'x', count: counted('count.open_goals', n), max: 25 });
    expect(render(set('en')).map((s) => s.split('. ')[1])).toEqual([
      'You now have 0 open goals (at most 25).',
      'You now have 1 open goal (at most 25).',
      'You now have 2 open goals (at most 25).',
      'You now have 3 open goals (at most 25).',
      'You now have 11 open goals (at most 25).',
      'You now have 100 open goals (at most 25).',
    ]);
    expect(render(set('ar')).map((s) => s.split('. ')[1])).toEqual([
      'لديك الآن لا أهداف مفتوحة، والحد الأقصى 25.',
      'لديك الآن هدف مفتوح واحد، والحد الأقصى 25.',
      'لديك الآن هدفان مفتوحان، والحد الأقصى 25.',
      'لديك الآن 3 أهداف مفتوحة، والحد الأقصى 25.',
      'لديك الآن 11 هدفًا مفتوحًا، والحد الأقصى 25.',
      'لديك الآن 100 هدف مفتوح، والحد الأقصى 25.',
    ]);
    const done = (lang: Lang) => (n: number) => t[lang]('goal.done', { text: 'x', count: n });
    expect(render(done('en')).map((s) => s.split('! ')[1])).toEqual([
      '0 open goals left.',
      '1 open goal left.',
      '2 open goals left.',
      '3 open goals left.',
      '11 open goals left.',
      '100 open goals left.',
    ]);
    expect(render(done('ar')).map((s) => s.split('! ')[1])).toEqual([
      'لم يبقَ لديك أهداف مفتوحة.',
      'بقي لديك هدف مفتوح واحد.',
      'بقي لديك هدفان مفتوحان.',
      'بقيت لديك 3 أهداف مفتوحة.',
      'بقي لديك 11 هدفًا مفتوحًا.',
      'بقي لديك 100 هدف مفتوح.',
    ]);
  });

  it('sessions: the upcoming-sessions limit', () => {
    const limit = (lang: Lang) => (n: number) => t[lang]('session.too_many', { max: counted('count.upcoming_sessions', n) }).split(/[,،]/)[0]!;
    expect(render(limit('en'))).toEqual([
      'You already have 0 upcoming sessions',
      'You already have 1 upcoming session',
      'You already have 2 upcoming sessions',
      'You already have 3 upcoming sessions',
      'You already have 11 upcoming sessions',
      'You already have 100 upcoming sessions',
    ]);
    expect(render(limit('ar'))).toEqual([
      'لديك لا جلسات قادمة',
      'لديك جلسة قادمة واحدة',
      'لديك جلستان قادمتان',
      'لديك 3 جلسات قادمة',
      'لديك 11 جلسةً قادمة',
      'لديك 100 جلسة قادمة',
    ]);
  });

  it('characters: the length limit of a field', () => {
    const tooLong = (lang: Lang) => (n: number) => t[lang]('session.too_long', { field: 'x', max: counted('count.characters', n) });
    expect(render(tooLong('en'))).toEqual([
      '“x” is too long: at most 0 characters.',
      '“x” is too long: at most 1 character.',
      '“x” is too long: at most 2 characters.',
      '“x” is too long: at most 3 characters.',
      '“x” is too long: at most 11 characters.',
      '“x” is too long: at most 100 characters.',
    ]);
    expect(render(tooLong('ar'))).toEqual([
      '«x» طويل جدًا: الحد الأقصى 0 حرف.',
      '«x» طويل جدًا: الحد الأقصى حرف واحد.',
      '«x» طويل جدًا: الحد الأقصى حرفان.',
      '«x» طويل جدًا: الحد الأقصى 3 أحرف.',
      '«x» طويل جدًا: الحد الأقصى 11 حرفًا.',
      '«x» طويل جدًا: الحد الأقصى 100 حرف.',
    ]);
  });

  it('a counted string needs its count', () => {
    expect(() => t.en('goal.done', { text: 'x' })).toThrow(/needs \{count\}/);
  });
});

describe('lists', () => {
  it('joins with the language\'s own "and": the Arabic و attached to the next word', () => {
    expect(joinList(['A'], 'en')).toBe('A');
    expect(joinList(['A', 'B'], 'en')).toBe('A and B');
    expect(joinList(['A', 'B', 'C'], 'en')).toBe('A, B and C');
    expect(joinList(['الأهداف'], 'ar')).toBe('الأهداف');
    expect(joinList(['الأهداف', 'الروابط'], 'ar')).toBe('الأهداف والروابط');
    expect(joinList(['الأهداف', 'المهام', 'الروابط'], 'ar')).toBe('الأهداف والمهام والروابط');
  });
});

describe('right-to-left lines', () => {
  const RLM = '\u200f';
  it('marks both ends of every line, after line-start Markdown, and leaves blank lines alone', () => {
    expect(rtlLines('سطر.\n\n- بند\n1. أول\n> اقتباس\n## عنوان')).toBe(
      [`${RLM}سطر.${RLM}`, '', `- ${RLM}بند${RLM}`, `1. ${RLM}أول${RLM}`, `> ${RLM}اقتباس${RLM}`, `## ${RLM}عنوان${RLM}`].join('\n'),
    );
  });
  it('does not mark a line twice', () => {
    expect(rtlLines(rtlLines('نص'))).toBe(`${RLM}نص${RLM}`);
  });
  it('marks every line of an Arabic ui string, and no English one', () => {
    for (const line of t.ar('session.reminder.checklist').split('\n')) expect(line).toMatch(/^\u200f.*\u200f$/);
    expect(t.en('session.reminder.checklist')).not.toContain(RLM);
  });
});
