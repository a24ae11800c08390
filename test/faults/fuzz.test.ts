/**
 * Fuzzing every free-text command option with deterministic, hostile input: random Unicode
 * (astral planes, combining marks, right-to-left text and overrides), mentions (@everyone, @here,
 * roles, users), markdown and code fences, and the longest values Discord's client lets through.
 *
 * Options with a max_length are capped at it (Discord's client enforces it, and so does the fake);
 * `/guide post section` has none, so it also gets values up to Discord's 6,000 characters.
 *
 * For every reply: Discord's limits and schemas hold (the fake validates), it is private, it can
 * never ping anyone, and its text is well-formed Unicode. A failing case prints its seed and index.
 */
import { describe, expect, it } from 'vitest';
import type { Answer, FakeDiscord, InteractionHandle } from '../fake-discord/index.js';
import { startTestBot, TestClock, type TestBot } from '../support/bot.js';
import { prng } from './support.js';
import { QUOTED_MAX } from '../../src/discord/errors.js';

// Monday 23 Nov 2026, 09:00 UTC.
const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const SEED = 0x5eed_2026;
/** Discord's own limit for a string option's value. */

const HOSTILE_PIECES = [
  '@everyone',
  '@here',
  '<@&123456789012345678>',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<#123456789012345678>',
  '**bold**',
  '__underline__',
  '~~strike~~',
  '||spoiler||',
  '`code`',
  '```js console.log("x")```',
  '```',
  '> quote',
  '# Heading',
  '-# small',
  '[link](https://example.com)',
  'https://discord.gg/abcdef',
  '\u200f', // right-to-left mark
  '\u202e', // right-to-left override
  '\u2066', // left-to-right isolate (unclosed)
  '\u200b', // zero-width space
  '\u0301\u0301\u0301', // stacked combining marks
  'مرحبا بالعالم',
  'שלום',
  '👩🏽‍💻',
  '🇸🇾',
  '𝕄𝕦𝕣𝕤𝕙𝕚𝕕',
  '\u{20000}\u{2A6D6}',
  '{value}',
  '$& $1 $$',
  '\\',
  '"',
  "'",
  '<script>',
  '０１２٣٤',
];

/** Code point ranges to draw from: BMP scripts, combining marks, RTL, CJK, and astral planes. */
const RANGES: readonly [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0x2ff],
  [0x300, 0x36f],
  [0x590, 0x5ff],
  [0x600, 0x6ff],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  [0x4e00, 0x9fff],
  [0x1d400, 0x1d7ff],
  [0x1f300, 0x1faff],
  [0x20000, 0x2a6df],
];

class Fuzzer {
  private readonly random: () => number;
  constructor(seed: number) {
    this.random = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  codePoint(): string {
    const [lo, hi] = this.pick(RANGES);
    return String.fromCodePoint(lo + this.int(hi - lo + 1));
  }
  /** Roughly `length` UTF-16 units of hostile text (never a lone surrogate). */
  text(length: number): string {
    let out = '';
    while (out.length < length) out += this.chance(0.3) ? this.pick(HOSTILE_PIECES) : this.codePoint();
    return capTo(out, length);
  }
  /** A value for an option with these bounds: often short, sometimes exactly the maximum. */
  value(min: number, max: number): string {
    const length = this.chance(0.25) ? max : 1 + this.int(Math.min(max, 60));
    return padTo(this.text(length), min);
  }
}

/** Cuts to at most `max` UTF-16 units without splitting a code point. */
function capTo(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

/** Discord's client refuses values shorter than min_length (and the fake with it). */
const padTo = (text: string, min: number): string => (text.length >= min ? text : text + 'x'.repeat(min - text.length));

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every string sent to Discord in a request body. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => stringsIn(item, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => stringsIn(item, out));
  return out;
}

interface Case {
  label: string;
  run: () => Promise<InteractionHandle>;
  /** Answered with autocomplete choices or a modal, not a message. */
  autocomplete?: boolean;
}

/** Runs each case and collects every problem (with the case that caused it) instead of stopping. */
async function runCases(t: TestBot, cases: readonly Case[], options: { wellFormed: boolean }): Promise<string[]> {
  const problems: string[] = [];
  for (const [index, fuzzCase] of cases.entries()) {
    const tag = `#${index} ${fuzzCase.label}`;
    const violationsBefore = t.fake.violations.length;
    const requestsBefore = t.fake.requests.length;
    let answer: Answer;
    try {
      answer = await (await fuzzCase.run()).answer(10_000);
    } catch (error) {
      problems.push(`${tag}: no answer: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    for (const violation of t.fake.violations.slice(violationsBefore)) problems.push(`${tag}: ${violation.slice(0, 300)}`);
    // Every request the case caused (the reply, edits, follow-ups, public posts) is well-formed text.
    for (const request of options.wellFormed ? t.fake.requests.slice(requestsBefore) : []) {
      if (stringsIn(request.body).some((text) => LONE_SURROGATE.test(text))) {
        problems.push(`${tag}: ${request.route} carries a lone UTF-16 surrogate (a code point cut in half)`);
      }
    }
    if (fuzzCase.autocomplete) {
      if (answer.callbackType !== 8 && answer.callbackType !== 9) problems.push(`${tag}: answered with callback type ${answer.callbackType}`);
      continue;
    }
    if (!answer.ephemeral) problems.push(`${tag}: the reply is public: ${JSON.stringify(answer.text.slice(0, 120))}`);
    const mentions = answer.allowedMentions ?? answer.request.body?.allowed_mentions;
    const safe = mentions && Array.isArray(mentions.parse) && mentions.parse.length === 0 && !mentions.users?.length && !mentions.roles?.length;
    if (!safe) problems.push(`${tag}: allowed_mentions ${JSON.stringify(mentions)} could ping`);
  }
  if (t.fake.unsafeMentions().length > 0) problems.push(`public posts that could ping: ${JSON.stringify(t.fake.unsafeMentions())}`);
  return problems;
}

/** A pool of members, so goals and sessions pile up (and hit their limits) for some of them. */
function members(fake: FakeDiscord, count: number): string[] {
  return Array.from({ length: count }, (_, i) => fake.user({ username: `fuzz${i}`, globalName: `‮Fuzz ${i} @everyone` }).id);
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function optionCases(t: TestBot, f: Fuzzer): Case[] {
  const { fake } = t;
  const users = members(fake, 8);
  const moderator = fake.defaults.moderator;
  const sections = t.bot.services.content.entryIds;
  const cases: Case[] = [];
  const add = (label: string, run: () => Promise<InteractionHandle>, autocomplete = false) => cases.push({ label, run, autocomplete });

  // /guide post section (no max_length; the long values are in the separate test below).
  for (let i = 0; i < 24; i++) {
    const section = i % 6 === 0 ? f.pick(sections) : f.value(1, 100);
    add(`/guide post section=${JSON.stringify(section)}`, () => fake.command({ name: 'guide', subcommand: 'post', user: moderator, options: { section } }));
  }
  // /checkin start: weekday is a fixed choice; time (3–5) and timezone (≤ 64) are free text.
  for (let i = 0; i < 30; i++) {
    const options = {
      weekday: f.pick(WEEKDAYS),
      time: i % 5 === 0 ? '18:00' : f.value(3, 5),
      timezone: i % 5 === 1 ? f.pick(['UTC', 'Asia/Damascus', 'Europe/Kyiv']) : f.value(1, 64),
    };
    add(`/checkin start ${JSON.stringify(options)}`, () => fake.command({ name: 'checkin', subcommand: 'start', user: f.pick(users), options }));
  }
  // /goal set text (1–200): succeeds until a member has 25 open goals, then a private refusal.
  const goalTexts: { user: string; text: string }[] = [];
  for (let i = 0; i < 36; i++) {
    const user = f.pick(users);
    const text = f.value(1, 200);
    goalTexts.push({ user, text });
    add(`/goal set text=${JSON.stringify(text)}`, () => fake.command({ name: 'goal', subcommand: 'set', user, options: { text } }));
  }
  // /goal done goal (≤ 200, autocompleted): unknown values, and the exact text of a real goal.
  for (let i = 0; i < 20; i++) {
    const known = i % 3 === 0 ? f.pick(goalTexts) : undefined;
    const user = known?.user ?? f.pick(users);
    const goal = known?.text ?? f.value(1, 200);
    add(`/goal done goal=${JSON.stringify(goal)}`, () => fake.command({ name: 'goal', subcommand: 'done', user, options: { goal } }));
  }
  // /session add when (8–20) timezone (≤ 64) [with ≤ 100] [topic ≤ 200].
  for (let i = 0; i < 36; i++) {
    const valid = i % 2 === 0;
    const options: Record<string, string> = {
      when: valid ? `2026-12-${String(1 + f.int(28)).padStart(2, '0')} 18:30` : f.value(8, 20),
      timezone: valid || i % 4 === 1 ? f.pick(['UTC', 'Asia/Damascus']) : f.value(1, 64),
    };
    if (f.chance(0.8)) options.with = f.value(1, 100);
    if (f.chance(0.8)) options.topic = f.value(1, 200);
    add(`/session add ${JSON.stringify(options)}`, () => fake.command({ name: 'session', subcommand: 'add', user: f.pick(users), options }));
  }
  // /session cancel session (≤ 100, autocompleted).
  for (let i = 0; i < 14; i++) {
    const session = f.value(1, 100);
    add(`/session cancel session=${JSON.stringify(session)}`, () => fake.command({ name: 'session', subcommand: 'cancel', user: f.pick(users), options: { session } }));
  }
  // What was stored is shown back: lists and history render the hostile text.
  for (const user of users) {
    add(`/goal list (${user})`, () => fake.command({ name: 'goal', subcommand: 'list', user }));
    add(`/session list (${user})`, () => fake.command({ name: 'session', subcommand: 'list', user }));
  }
  // Autocomplete with hostile partial input: the choices must respect Discord's limits too.
  const focused: { name: string; subcommand: string; focus: string; user?: string; options?: Record<string, string> }[] = [
    { name: 'guide', subcommand: 'post', focus: 'section', user: moderator.id },
    { name: 'checkin', subcommand: 'start', focus: 'timezone', options: { weekday: 'monday', time: '18:00' } },
    { name: 'goal', subcommand: 'done', focus: 'goal' },
    { name: 'session', subcommand: 'cancel', focus: 'session' },
  ];
  for (let i = 0; i < 20; i++) {
    const spec = focused[i % focused.length]!;
    const value = i % 5 === 4 ? '' : f.value(1, 40);
    add(
      `autocomplete /${spec.name} ${spec.subcommand} ${spec.focus}=${JSON.stringify(value)}`,
      () => fake.autocompleteHandle({ name: spec.name, subcommand: spec.subcommand, focused: spec.focus, value, user: spec.user ?? f.pick(users), options: spec.options ?? {} }),
      true,
    );
  }
  return cases;
}

describe('fuzzing the commands’ free-text options', () => {
  it(`~200 hostile inputs (seed ${SEED.toString(16)}): every reply valid, private, never pinging`, async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const cases = optionCases(t, new Fuzzer(SEED));
    expect(cases.length).toBeGreaterThanOrEqual(190);
    const problems = await runCases(t, cases, { wellFormed: true });
    expect(problems).toEqual([]);
    // Nothing the fuzzing stored broke a record's schema, and the bot still answers.
    const why = await (await t.fake.command({ name: 'mentorship', subcommand: 'why' })).answer();
    expect(why.embeds.length).toBeGreaterThan(0);
    t.fake.assertClean();
  }, 60_000);
});

describe('an unknown /guide post section, as long as Discord lets a moderator type it', () => {
  // The option is capped at 100 characters, and an error quotes at most 100 characters of what
  // was typed (whole characters only), so the reply always fits Discord's 2,000.
  it('gets a valid private answer naming the problem', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const definition = t.fake.registeredCommands(t.fake.defaults.guildId).find((command) => command.name === 'guide');
    const section = definition.options.find((option: { name: string }) => option.name === 'post').options[0];
    expect(section.max_length).toBe(100);
    const f = new Fuzzer(SEED + 1);
    const moderator = t.fake.defaults.moderator;
    const cases: Case[] = [1, 50, 99, 100].map((length) => {
      const value = f.text(length).slice(0, length);
      return { label: `/guide post section=<${value.length} characters>`, run: () => t.fake.command({ name: 'guide', subcommand: 'post', user: moderator, options: { section: value } }) };
    });
    const problems = await runCases(t, cases, { wellFormed: true });
    expect(problems).toEqual([]);
    t.fake.assertClean();
  });
});

describe('quoted text is never cut in the middle of a character', () => {
  // A character outside the BMP (emoji, 𝕄) straddling a cut would leave a lone surrogate in the
  // JSON sent to Discord. Errors quote user input through UserError, and /checkin history cuts
  // answers, both with `truncate()`, which keeps characters whole.
  it('replies quoting text with astral characters carry no lone surrogate', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    const astralAt = (index: number, tail = 10) => `${'a'.repeat(index)}𝕄${'b'.repeat(tail)}`;
    // /checkin history shows "**Wins:** <wins>\n**Focus:** <focus>" cut to 600 units: put 𝕄 on units 599–600.
    const ui = t.bot.services.ui.en;
    const before = `**${ui['checkin.modal.wins']}:** `.length + 1 + `**${ui['checkin.modal.focus']}:** `.length;
    const wins = 'w'.repeat(599 - before);
    const cases: Case[] = [
      { label: '/goal set (setup)', run: () => t.fake.command({ name: 'goal', subcommand: 'set', user, options: { text: astralAt(98) } }) },
      { label: `/goal done goal=<𝕄 at ${QUOTED_MAX - 1}>`, run: () => t.fake.command({ name: 'goal', subcommand: 'done', user, options: { goal: astralAt(QUOTED_MAX - 1) } }) },
      // The session option stops at 100 characters: 𝕄 as its last character.
      { label: `/session cancel session=<𝕄 last>`, run: () => t.fake.command({ name: 'session', subcommand: 'cancel', user, options: { session: astralAt(QUOTED_MAX - 2, 0) } }) },
      {
        label: 'autocomplete /goal done goal=""',
        run: () => t.fake.autocompleteHandle({ name: 'goal', subcommand: 'done', focused: 'goal', value: '', user }),
        autocomplete: true,
      },
      { label: '/checkin now (setup)', run: () => t.fake.command({ name: 'checkin', subcommand: 'now', user }), autocomplete: true },
      {
        label: `check-in answer: wins=<${wins.length} units>, focus=<𝕄 first>`,
        run: () => t.fake.modalSubmit({ user, customId: 'checkin:submit:2026-W48', fields: { wins, difficulties: '', suggestions: '', focus: astralAt(0) } }),
      },
      { label: '/checkin history', run: () => t.fake.command({ name: 'checkin', subcommand: 'history', user }) },
    ];
    expect(wins.length).toBeLessThanOrEqual(1000);
    const problems = await runCases(t, cases, { wellFormed: true });
    expect(problems).toEqual([]);
  });
});
