import { describe, expect, it } from 'vitest';
import { loadUiStrings, translator, type Lang } from '../../src/i18n/index.js';
import type { Op } from '../../src/pictures/drawing.js';
import { CELL_STYLES, progressCard, progressDescription, smallProgressCard } from '../../src/progress/card.js';
import { CELL_STATES } from '../../src/progress/facts.js';
import { sampleFacts } from '../../src/progress/sample.js';

const ui = loadUiStrings();
const t = (lang: Lang) => translator(ui[lang], lang);
const NOW = Date.UTC(2026, 10, 27, 12, 0);
const facts = sampleFacts(NOW);

const texts = (ops: Op[]) => ops.filter((op): op is Extract<Op, { op: 'text' }> => op.op === 'text');
/** The grid's week cells: the 48 px squares, in drawing order (oldest first). */
const weekSquares = (ops: Op[]) => ops.filter((op): op is Extract<Op, { op: 'rect' }> => op.op === 'rect' && op.w === 48);
const FSI_SPAN = /\u2068[^\u2069]*\u2069/g;

describe('the progress card layout', () => {
  it('fits Discord and phones: at most 1200 px wide, every text inside the card', () => {
    for (const lang of ['en', 'ar'] as const) {
      for (const card of [progressCard(facts, t(lang), lang), smallProgressCard(facts, t(lang), lang)]) {
        expect(card.width).toBeLessThanOrEqual(1200);
        for (const text of texts(card.ops)) {
          expect(text.x).toBeGreaterThanOrEqual(0);
          expect(text.x).toBeLessThanOrEqual(card.width);
          expect(text.y).toBeLessThanOrEqual(card.height);
          expect(text.size).toBeGreaterThanOrEqual(18); // readable when Discord scales it to a phone
        }
      }
    }
  });

  it('draws one cell per week, and each state with its own colour and mark', () => {
    const card = progressCard(facts, t('en'), 'en');
    expect(weekSquares(card.ops)).toHaveLength(52);
    const looks = CELL_STATES.map((state) => JSON.stringify(CELL_STYLES[state]));
    expect(new Set(looks).size).toBe(CELL_STATES.length);
    const colours = CELL_STATES.map((state) => CELL_STYLES[state].fill ?? CELL_STYLES[state].stroke);
    expect(new Set(colours).size).toBe(CELL_STATES.length);
    const marks = CELL_STATES.map((state) => CELL_STYLES[state].mark ?? (CELL_STYLES[state].fill ? 'none' : 'outline'));
    expect(new Set(marks).size).toBe(CELL_STATES.length); // tells states apart without colour
    // The legend names every state.
    const words = texts(card.ops).map((text) => text.text);
    for (const label of ['checked in', 'skipped', 'not sent by the bot', 'missed', 'open', 'paused, nothing due', 'before you started']) expect(words).toContain(label);
  });

  it('in Arabic, mirrors the layout: right-aligned right-to-left text, the newest week at the left end', () => {
    const en = progressCard(facts, t('en'), 'en');
    const ar = progressCard(facts, t('ar'), 'ar');
    const enCells = weekSquares(en.ops);
    const arCells = weekSquares(ar.ops);
    enCells.forEach((cell, i) => expect(arCells[i]!.x).toBe(en.width - cell.x - cell.w));
    // The first row reads from its oldest week at the right to its newest at the left.
    expect(arCells[0]!.x).toBeGreaterThan(arCells[12]!.x);
    for (const text of texts(ar.ops)) {
      expect(text.dir).toBe('rtl');
      expect(text.align).toBe('right');
      expect(text.text.replace(FSI_SPAN, '')).not.toMatch(/[A-Za-z]/);
    }
    expect(texts(ar.ops).map((text) => text.text).join(' ')).toMatch(/[\u0600-\u06ff]/);
    for (const text of texts(en.ops)) expect([text.dir, text.align]).toEqual(['ltr', 'left']);
  });

  it('shows the streaks, goals and sessions, and says them again in the text alternative', () => {
    const words = texts(progressCard(facts, t('en'), 'en').ops).map((text) => text.text);
    expect(words).toEqual(expect.arrayContaining(['11 weeks', '20 weeks', '4 · 2', '3']));
    expect(progressDescription(facts, t('en'))).toBe(
      'Your check-in card. The last 52 weeks: 31 checked in, 3 skipped, 1 missed, 1 not sent by the bot, 3 paused. Current streak: 11 weeks; best: 20 weeks. Goals: 4 done, 2 open. Mentor sessions in the last 30 days: 3.',
    );
    expect(progressDescription(facts, t('en'), 'small')).toBe('Your streak: 11 weeks; best: 20 weeks. The last 12 weeks: 9 checked in, 1 skipped, 0 missed, 1 not sent by the bot, 0 paused.');
    expect(progressDescription(facts, t('ar'))).toContain('11 أسبوعًا');
  });
});
