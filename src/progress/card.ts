import type { Drawing } from '../pictures/drawing.js';
import { Frame, INK } from '../pictures/frame.js';
import { duration, langDirection, type Lang, type Translate, type UiKey } from '../i18n/index.js';
import { weekOf } from '../time/index.js';
import { CELL_STATES, SMALL_CARD_WEEKS, stateCounts, type CellState, type ProgressFacts } from './facts.js';

/*
 * The progress card, laid out as data (pure; drawn by the picture worker). Each week state has a
 * colour from the Okabe–Ito palette, which stays distinct with the common colour-vision
 * deficiencies, and a mark of its own (✓, –, ·, ✕, ‖, an outline), so cells differ without colour too.
 */

interface CellStyle {
  fill?: string;
  stroke?: string;
  mark?: 'check' | 'dash' | 'dot' | 'cross' | 'pause';
}

export const CELL_STYLES: Record<CellState, CellStyle> = {
  answered: { fill: '#56B4E9', mark: 'check' },
  skipped: { fill: '#E69F00', mark: 'dash' },
  'bot-missed': { fill: '#CC79A7', mark: 'dot' },
  missed: { fill: '#D55E00', mark: 'cross' },
  open: { stroke: '#F0E442' },
  paused: { fill: '#6d7079', mark: 'pause' },
  'before-start': { fill: '#2b2d31' },
};

/** The legend's words for each state. */
export const STATE_LABELS: Record<CellState, UiKey> = {
  answered: 'picture.state.answered',
  skipped: 'picture.state.skipped',
  'bot-missed': 'picture.state.bot-missed',
  missed: 'picture.state.missed',
  open: 'picture.state.open',
  paused: 'picture.state.paused',
  'before-start': 'picture.state.before-start',
};

const MARK_INK = '#14161a';

function cell(frame: Frame, x: number, y: number, size: number, state: CellState): void {
  const style = CELL_STYLES[state];
  const line = Math.max(2, Math.round(size / 12));
  frame.rect(x, y, size, size, { radius: Math.round(size / 6), ...(style.fill ? { fill: style.fill } : {}), ...(style.stroke ? { stroke: style.stroke, lineWidth: line + 1 } : {}) });
  // Marks keep their shape in a right-to-left picture (a check mark is not mirrored).
  const at = (fx: number, fy: number) => [x + (frame.dir === 'rtl' ? 1 - fx : fx) * size, y + fy * size] as const;
  switch (style.mark) {
    case 'check':
      return frame.path([at(0.27, 0.52), at(0.43, 0.68), at(0.74, 0.33)], MARK_INK, line);
    case 'dash':
      return frame.path([at(0.28, 0.5), at(0.72, 0.5)], MARK_INK, line);
    case 'dot':
      return frame.rect(x + size * 0.4, y + size * 0.4, size * 0.2, size * 0.2, { fill: MARK_INK, radius: size * 0.1 });
    case 'cross':
      frame.path([at(0.3, 0.3), at(0.7, 0.7)], MARK_INK, line);
      return frame.path([at(0.7, 0.3), at(0.3, 0.7)], MARK_INK, line);
    case 'pause':
      frame.path([at(0.4, 0.3), at(0.4, 0.7)], MARK_INK, line);
      return frame.path([at(0.6, 0.3), at(0.6, 0.7)], MARK_INK, line);
    default:
      return;
  }
}

const WIDTH = 960;
const PAD = 40;
const COLUMNS = 13; // a quarter of a year a row
const CELL = 48;
const PITCH = 56;
const ROW_LABEL = 150;

/** The full card: the last 52 weeks, the streaks, goals and sessions, and a legend. At most 1200 px wide. */
export function progressCard(facts: ProgressFacts, t: Translate, lang: Lang): Drawing {
  const frame = new Frame(WIDTH, langDirection(lang));
  frame.text(PAD, 64, t('picture.card.title'), { size: 32, bold: true, maxWidth: WIDTH - 2 * PAD });

  const stats: [string, string][] = [
    [t('picture.card.current'), duration(facts.streak.current, 'week')(t, lang)],
    [t('picture.card.best'), duration(facts.streak.best, 'week')(t, lang)],
    [t('picture.card.goals'), `${facts.goals.done} · ${facts.goals.open}`],
    [t('picture.card.sessions'), String(facts.sessionsHeld)],
  ];
  stats.forEach(([label, value], i) => {
    const x = PAD + i * 220;
    frame.text(x, 150, value, { size: 38, bold: true, maxWidth: 205 });
    frame.text(x, 182, label, { size: 19, color: INK.muted, maxWidth: 205 });
  });

  const rows = Math.ceil(facts.weeks.length / COLUMNS);
  const top = 222;
  for (let row = 0; row < rows; row++) {
    const weeks = facts.weeks.slice(row * COLUMNS, (row + 1) * COLUMNS);
    const y = top + row * 60;
    if (weeks[0]) frame.text(PAD, y + 32, t('picture.card.row', { week: weekOf(weeks[0].week) }), { size: 19, color: INK.muted, maxWidth: ROW_LABEL - 12 });
    weeks.forEach((week, column) => cell(frame, PAD + ROW_LABEL + column * PITCH, y, CELL, week.state));
  }

  const legendTop = top + rows * 60 + 24;
  CELL_STATES.forEach((state, i) => {
    const x = PAD + (i % 4) * 220;
    const y = legendTop + Math.floor(i / 4) * 40;
    cell(frame, x, y, 28, state);
    frame.text(x + 38, y + 21, t(STATE_LABELS[state]), { size: 19, maxWidth: 172 });
  });
  return { width: WIDTH, height: legendTop + 2 * 40 + 16, background: INK.background, ops: frame.ops };
}

/** The small card under a saved check-in: the streak and the last 12 weeks. */
export function smallProgressCard(facts: ProgressFacts, t: Translate, lang: Lang): Drawing {
  const width = 760;
  const frame = new Frame(width, langDirection(lang));
  const weeks = facts.weeks.slice(-SMALL_CARD_WEEKS);
  frame.text(PAD, 54, t('picture.small.title', { current: duration(facts.streak.current, 'week'), best: duration(facts.streak.best, 'week') }), {
    size: 28,
    bold: true,
    maxWidth: width - 2 * PAD,
  });
  frame.text(PAD, 86, t('picture.small.weeks'), { size: 18, color: INK.muted, maxWidth: width - 2 * PAD });
  weeks.forEach((week, i) => cell(frame, PAD + i * 56, 104, 46, week.state));
  return { width, height: 104 + 46 + 28, background: INK.background, ops: frame.ops };
}

/** A card's text alternative (the attachment's `description`, at most 1,024 characters): the full card's, or the small one's. */
export function progressDescription(facts: ProgressFacts, t: Translate, size: 'full' | 'small' = 'full'): string {
  const weeks = size === 'full' ? facts.weeks : facts.weeks.slice(-SMALL_CARD_WEEKS);
  const counts = stateCounts(weeks);
  return t(size === 'full' ? 'picture.card.alt' : 'picture.small.alt', {
    weeks: weeks.length,
    answered: counts.answered,
    skipped: counts.skipped,
    missed: counts.missed,
    botMissed: counts['bot-missed'],
    paused: counts.paused,
    current: duration(facts.streak.current, 'week'),
    best: duration(facts.streak.best, 'week'),
    done: facts.goals.done,
    open: facts.goals.open,
    sessions: facts.sessionsHeld,
  });
}
