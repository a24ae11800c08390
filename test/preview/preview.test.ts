import { describe, expect, it } from 'vitest';
import mentorship from '../../commands/mentorship.js';
import platforms from '../../commands/platforms.js';
import type { Content } from '../../src/content/load.js';
import { HABITS } from '../../src/content/schema.js';
import { parseArgs, runPreview, UsageError } from '../../src/preview/cli.js';
import { formatReport, makeStyle, summarizeUiWarnings } from '../../src/preview/format.js';
import { allItems, itemProblems, loadSources, MENTORSHIP_SUBCOMMANDS, type PreviewItem, type PreviewSources } from '../../src/preview/items.js';
import { messageLimitProblems, modalLimitProblems } from '../../src/preview/limits.js';

const sources = loadSources();
const run = (...argv: string[]) => runPreview(argv, { sources });
const plain = makeStyle(false);

/** The five reasons of "Why it matters", as the guide names them. */
const FIVE_REASONS = [
  "Learn from someone else's experience",
  'Get a learning plan made for you',
  'Understand how things really work',
  'Learn about career growth',
  'Build confidence',
];

describe('single previews', () => {
  it('`mentorship why` shows the title and the five reasons as fields, with counts against the limits', () => {
    const r = run('mentorship', 'why');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Why it matters');
    for (const reason of FIVE_REASONS) expect(r.stdout).toContain(reason);
    expect(r.stdout).toMatch(/title\s+14\/256/);
    expect(r.stdout).toMatch(/fields\s+\d+\/25/);
    expect(r.stdout).toMatch(/embeds\s+\d+\/6000 characters in all/);
    expect(r.stdout).toMatch(/limits\s+OK/);
  });

  it('`--lang ar` prints the Arabic title, as-is', () => {
    const r = run('mentorship', 'why', '--lang', 'ar');
    const arabic = sources.content.entry('ar', 'why').title;
    expect(arabic).toMatch(/\p{Script=Arabic}/u);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(arabic);
    expect(r.stdout).not.toContain('Why it matters');
    expect(r.stdout.split('\n')[0]).toContain('· ar');
    expect(run('mentorship', 'why', '--lang=ar').stdout).toBe(r.stdout);
  });

  it('shows buttons with their URL or custom_id', () => {
    const find = run('platforms', '--focus', 'career');
    expect(find.code).toBe(0);
    for (const p of sources.content.platformsFor('en', 'career')) expect(find.stdout).toContain(`[${p.button}]`);
    expect(find.stdout).toMatch(/→ https:\/\//);

    const dm = run('checkin', 'dm');
    expect(dm.code).toBe(0);
    expect(dm.stdout).toMatch(/custom_id \d+\/100 checkin:answer:\d{4}-W\d{2}/);
    expect(dm.stdout).toContain('Not now?'); // the first-time variant says how to stop
  });

  it('`guide post --section` previews that entry; `mentorship mentee --habit` the habit', () => {
    const post = run('guide', 'post', '--section', 'find-mentory');
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(sources.content.entry('en', 'find-mentory').title);
    const habit = run('mentorship', 'mentee', '--habit', 'listen');
    expect(habit.stdout).toContain(sources.content.entry('en', 'mentee-listen').title);
  });

  it('`checkin modal` lists each label with its length against 45', () => {
    const r = run('checkin', 'modal');
    expect(r.code).toBe(0);
    for (const key of ['wins', 'difficulties', 'suggestions', 'focus'] as const) {
      const label = sources.ui.en[`checkin.modal.${key}`];
      expect(r.stdout).toContain(`label        ${label.length}/45  ${label}`);
    }
  });

  it('prints no colour codes unless asked', () => {
    expect(run('platforms').stdout).not.toContain('\u001b[');
    expect(runPreview(['platforms'], { sources, color: true }).stdout).toContain('\u001b[');
  });
});

describe('usage errors', () => {
  it('an unknown command gives one line listing the commands, exit code 2', () => {
    const r = run('mentor');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('unknown command "mentor"');
    for (const command of ['mentorship', 'platforms', 'guide', 'checkin', '--all']) expect(r.stderr).toContain(command);
  });

  it.each([
    [['mentorship', 'how'], 'intro, why, find, mentee'],
    [['mentorship', 'why', '--habit', 'ready'], 'available: --lang'],
    [['mentorship', 'mentee', '--habit', 'lazy'], HABITS.join(', ')],
    [['platforms', '--focus', 'fun'], 'technical, career'],
    [['guide', 'post'], 'find-mentory'],
    [['guide', 'post', '--section', 'nope'], 'mentee-give-back'],
    [['checkin', 'dm', '--colour'], '--longest'],
    [['checkin', 'email'], 'dm, modal'],
    [['--lang', 'fr', 'platforms'], 'en, ar'],
    [[], 'mentorship, platforms, guide, checkin'],
  ])('%j → exit 2 naming what is available', (argv, listed) => {
    const r = run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(listed);
  });

  it('--help prints the usage and exits 0', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('checkin modal');
  });

  it('covers every subcommand and choice the real command definitions offer', () => {
    const known = { sections: sources.content.entryIds, focuses: sources.content.focuses };
    const subs = (mentorship.definition.options ?? []).map((o) => o.name);
    expect([...MENTORSHIP_SUBCOMMANDS]).toEqual(subs);
    const mentee = mentorship.definition.options.find((o) => o.name === 'mentee');
    const habits = (mentee && 'options' in mentee ? (mentee.options?.[0]?.choices ?? []) : []).map((c) => c.value);
    expect(habits).toEqual([...HABITS]);
    const focuses = (platforms.definition.options[0]?.choices ?? []).map((c) => c.value);
    expect([...known.focuses].sort()).toEqual([...focuses].sort());
    for (const focus of focuses) expect(() => parseArgs(['platforms', '--focus', focus], known)).not.toThrow();
    expect(() => parseArgs(['nope'], known)).toThrow(UsageError);
  });
});

describe('--all', () => {
  it('reports every item OK for the real content, in every language', () => {
    const r = run('--all');
    expect(r.stdout).not.toContain('FAIL');
    expect(r.code).toBe(0);
    for (const lang of ['en', 'ar']) {
      for (const id of sources.content.entryIds) expect(r.stdout).toContain(`OK    ${lang}  guide post --section ${id}`);
      for (const focus of sources.content.focuses) expect(r.stdout).toContain(`OK    ${lang}  platforms --focus ${focus}`);
      expect(r.stdout).toContain(`OK    ${lang}  platforms\n`);
      for (const item of ['checkin dm', 'checkin dm --longest', 'checkin modal', 'ui strings']) expect(r.stdout).toContain(`OK    ${lang}  ${item}`);
    }
    for (const item of allItems(sources)) expect(itemProblems(item), `${item.lang} ${item.name}`).toEqual([]);
    expect(sources.contentProblems).toEqual([]);
  });

  it('names the item and the limit when a message is over it, and fails', () => {
    const huge: PreviewItem = { name: 'test too-long title', lang: 'en', kind: 'message', message: { embeds: [{ title: 'x'.repeat(257) }] } };
    const report = formatReport([...allItems(sources), huge], plain);
    expect(report.failed).toBe(1);
    expect(report.text).toContain('FAIL  en  test too-long title');
    expect(report.text).toContain('embeds[0].title has 257 characters (max 256)');
    expect(report.text).toContain('1 of');
  });

  it('exits 1 when the content renders over a limit, naming the item and the limit', () => {
    const real = sources.content;
    // 4,095 letters and a right-to-left mark at each end: one character over.
    const content: Content = {
      ...real,
      entry: (lang, id) => (lang === 'ar' && id === 'why' ? { ...real.entry(lang, id), body: 'ب'.repeat(4095) } : real.entry(lang, id)),
    };
    const ui = { ...sources.ui, en: { ...sources.ui.en, 'checkin.modal.suggestions': 'Which of your mentor’s suggestions did you try this week?' } };
    const broken: PreviewSources = { ...sources, content, ui };
    const r = runPreview(['--all'], { sources: broken });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}ar {2}guide post --section why.*\n\s+- embeds\[0\]\.description has 4097 characters \(max 4096\)/);
    expect(r.stdout).toMatch(/FAIL {2}en {2}checkin modal.*\n\s+- components\[2\]\.components\[0\]\.label has 57 characters \(max 45\)/);
    expect(r.stdout).toContain('OK    en  guide post --section why');
    // The single preview of that item says the same and exits 1 too.
    const one = runPreview(['checkin', 'modal'], { sources: broken });
    expect(one.code).toBe(1);
    expect(one.stdout).toContain('57/45 OVER');
  });

  it('--all --lang ar covers Arabic only', () => {
    const r = run('--all', '--lang', 'ar');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^OK {4}en/m);
    expect(r.stdout).toMatch(/^OK {4}ar {2}checkin modal/m);
  });

  it('folds missing UI keys into one warning line per file', () => {
    expect(summarizeUiWarnings(['ar/ui.json is missing "a"', 'ar/ui.json is missing "b"', 'ar/ui.json has "z", which English does not'], 1)).toEqual([
      'ar/ui.json is missing 2 keys: a, … and 1 more',
      'ar/ui.json has "z", which English does not',
    ]);
  });
});

describe('limit checks', () => {
  const button = (i: number, customId = `b:${i}`) => ({ type: 2, style: 1, label: `B${i}`, custom_id: customId });

  it('message: content 2,000, 25 fields, 6,000 across embeds, 5 buttons a row, 5 rows, custom_id 100', () => {
    expect(messageLimitProblems({ content: 'x'.repeat(2000) })).toEqual([]);
    expect(messageLimitProblems({ content: 'x'.repeat(2001) })).toEqual(['content has 2001 characters (max 2000)']);
    const fields = Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    expect(messageLimitProblems({ embeds: [{ title: 't', fields }] })).toContain('embeds[0] has 26 fields (max 25)');
    const big = { description: 'd'.repeat(4000) };
    expect(messageLimitProblems({ embeds: [big, big] })).toContain('embeds have 8000 characters in all (max 6000)');
    const six = { type: 1, components: Array.from({ length: 6 }, (_, i) => button(i)) };
    expect(messageLimitProblems({ content: 'x', components: [six] })).toContain('components[0] has 6 buttons (max 5)');
    const row = { type: 1, components: [button(0)] };
    expect(messageLimitProblems({ content: 'x', components: Array.from({ length: 6 }, () => row) })).toContain('6 action rows (max 5)');
    const longId = { type: 1, components: [button(0, 'c'.repeat(101))] };
    expect(messageLimitProblems({ content: 'x', components: [longId] })).toEqual(['components[0].components[0].custom_id has 101 characters (max 100)']);
    const badLink = { type: 1, components: [{ type: 2, style: 5, label: 'Go', url: 'http://example.com' }] };
    expect(messageLimitProblems({ content: 'x', components: [badLink] })[0]).toContain('is not a valid https URL');
  });

  it('modal: title and labels 45, custom_id 100, 1–5 components', () => {
    const input = (label: string, customId = 'a') => ({ type: 1, components: [{ type: 4, custom_id: customId, label, style: 1 }] });
    expect(modalLimitProblems({ custom_id: 'm', title: 'T', components: [input('x'.repeat(45))] })).toEqual([]);
    expect(modalLimitProblems({ custom_id: 'm', title: 'T', components: [input('x'.repeat(46))] })).toEqual(['components[0].components[0].label has 46 characters (max 45)']);
    expect(modalLimitProblems({ custom_id: 'm', title: 't'.repeat(46), components: [input('L')] })).toEqual(['title has 46 characters (max 45)']);
    const six = Array.from({ length: 6 }, (_, i) => input('L', `i${i}`));
    expect(modalLimitProblems({ custom_id: 'm'.repeat(101), title: 'T', components: six })).toEqual([
      'modal.custom_id has 101 characters (max 100)',
      '6 components (must be 1–5)',
    ]);
    const label = { type: 18, label: 'y'.repeat(46), component: { type: 4, custom_id: 'a', style: 2 } };
    expect(modalLimitProblems({ custom_id: 'm', title: 'T', components: [label] })).toEqual(['components[0].component.label has 46 characters (max 45)']);
  });

  it('UI strings: each at most 2,000 characters', () => {
    const item: PreviewItem = { name: 'ui strings', lang: 'en', kind: 'strings', file: 'en/ui.json', strings: { ok: 'fine', long: 'x'.repeat(2001) } };
    expect(itemProblems(item)).toEqual(['en/ui.json "long" has 2001 characters (max 2000)']);
  });
});
