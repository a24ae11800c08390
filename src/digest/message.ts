import type { APIEmbed } from 'discord.js';
import { bullets, truncate } from '../text/format.js';
import { joinList, userText, type Lang, type Localized, type Translate } from '../i18n/index.js';
import type { Drawing } from '../pictures/drawing.js';
import { Frame, INK } from '../pictures/frame.js';
import { weekOf } from '../time/index.js';
import { STREAK_BUCKETS, type WeekCounts } from './tally.js';

/**
 * The weekly digest, composed from counts (pure). No number below `MIN_SHOWN` is shown: in a small
 * group it would say who did what. Shared wins are listed by the name their authors chose to share.
 */
export const MIN_SHOWN = 5;
/** Wins listed in the post itself; more go in a thread under it. */
export const INLINE_WINS = 5;
/** Wins per message in the thread. */
export const WINS_PER_MESSAGE = 15;
export const CHART_FILE = 'participation.png';

export interface SharedWin {
  name: string;
  text: string;
}

export interface DigestFacts {
  week: string;
  counts: WeekCounts;
  /** The last 12 weeks, oldest first, ending with `week`. */
  history: { week: string; counts: WeekCounts }[];
  wins: SharedWin[];
}

/** A count as shown: the number, or "fewer than 5" in the reader's words. */
const shown = (n: number): string | Localized => (n >= MIN_SHOWN ? String(n) : (phrase) => phrase('digest.fewer', { min: MIN_SHOWN }));

const participants = (counts: WeekCounts): number => counts.answered + counts.skipped + counts.paused;

const winLine = (t: Translate, win: SharedWin): string => t('digest.win', { name: win.name, text: userText(t, win.text) });

/** The wins in the thread under the post, a message's worth each. */
export function winPages(t: Translate, wins: readonly SharedWin[]): string[] {
  const pages: string[] = [];
  for (let i = 0; i < wins.length; i += WINS_PER_MESSAGE) pages.push(truncate(bullets(wins.slice(i, i + WINS_PER_MESSAGE).map((win) => truncate(winLine(t, win), 250))), 4000));
  return pages;
}

export function digestEmbed(t: Translate, facts: DigestFacts, marker: string): APIEmbed {
  const { counts, wins } = facts;
  const fields: NonNullable<APIEmbed['fields']> = [];
  let description: string;
  if (participants(counts) < MIN_SHOWN) {
    description = t('digest.too_few', { min: MIN_SHOWN });
  } else {
    description = [
      t('digest.checked_in', { count: shown(counts.answered) }),
      t('digest.skipped', { count: shown(counts.skipped) }),
      t('digest.paused', { count: shown(counts.paused) }),
    ].join('\n');
    fields.push({
      name: t('digest.streaks'),
      value: STREAK_BUCKETS.map((bucket) => t('digest.streak_bucket', { weeks: t(`digest.bucket.${bucket}`), count: shown(counts.streaks[bucket]) })).join('\n'),
      inline: true,
    });
    fields.push({
      name: t('digest.growth'),
      value: [
        t('digest.goals_done', { count: shown(counts.goalsDone) }),
        t('digest.sessions_held', { count: shown(counts.sessionsHeld) }),
        t('digest.mentorships_started', { count: shown(counts.mentorshipsStarted) }),
      ].join('\n'),
      inline: true,
    });
  }
  if (wins.length > 0 && wins.length <= INLINE_WINS) fields.push({ name: t('digest.wins'), value: truncate(bullets(wins.map((win) => truncate(winLine(t, win), 200)))) });
  else if (wins.length > INLINE_WINS) fields.push({ name: t('digest.wins'), value: t('count.digest_wins', { count: wins.length }) });
  return {
    title: t('digest.title', { week: weekOf(facts.week) }),
    description,
    color: 0x0072b2,
    fields,
    image: { url: `attachment://${CHART_FILE}` },
    footer: { text: marker },
  };
}

/** The chart's text alternative: each week's number of members who checked in (or "fewer than 5"). */
export function chartDescription(t: Translate, facts: DigestFacts): string {
  const weeks: Localized = (phrase, lang) =>
    joinList(facts.history.map(({ week, counts }) => phrase('digest.chart_week', { week: weekOf(week), count: shown(counts.answered) })), lang);
  return t('digest.chart_alt', { weeks });
}

/** The last 12 weeks' participation as a bar chart: members who checked in each week. */
export function participationChart(t: Translate, lang: Lang, facts: DigestFacts): Drawing {
  const width = 960;
  const height = 440;
  const frame = new Frame(width, lang === 'ar' ? 'rtl' : 'ltr');
  const pad = 40;
  frame.text(pad, 60, t('digest.chart_title'), { size: 28, bold: true, maxWidth: width - 2 * pad });
  const baseline = 350;
  const top = 120;
  const pitch = (width - 2 * pad) / facts.history.length;
  const bar = pitch * 0.62;
  const max = Math.max(MIN_SHOWN, ...facts.history.map(({ counts }) => (counts.answered >= MIN_SHOWN ? counts.answered : 0)));
  frame.path([[pad, baseline + 1], [width - pad, baseline + 1]], INK.rule, 2);
  facts.history.forEach(({ week, counts }, i) => {
    const x = pad + i * pitch + (pitch - bar) / 2;
    const centre = x + bar / 2;
    if (counts.answered >= MIN_SHOWN) {
      const h = Math.max(4, ((baseline - top) * counts.answered) / max);
      frame.rect(x, baseline - h, bar, h, { fill: '#56B4E9', radius: 6 });
      frame.text(centre, baseline - h - 10, String(counts.answered), { size: 20, bold: true, center: true });
    } else {
      // Too few to show: an empty outline, no height that would tell the number.
      frame.rect(x, baseline - 40, bar, 40, { stroke: INK.muted, lineWidth: 2, radius: 6 });
      frame.text(centre, baseline - 50, t('digest.chart_fewer', { min: MIN_SHOWN }), { size: 18, color: INK.muted, center: true });
    }
    if (i % 3 === 0) frame.text(x, baseline + 34, weekOf(week)(t, lang), { size: 18, color: INK.muted, maxWidth: pitch * 3 - 8 });
  });
  frame.text(pad, baseline + 72, t('digest.chart_note', { min: MIN_SHOWN }), { size: 18, color: INK.muted, maxWidth: width - 2 * pad });
  return { width, height, background: INK.background, ops: frame.ops };
}

/** A made-up server's last 12 weeks, for the README's picture of the chart and the benchmark. */
export function sampleDigestFacts(week: string, addWeeks: (week: string, n: number) => string): DigestFacts {
  const answered = [3, 6, 9, 12, 11, 14, 4, 13, 17, 16, 19, 21];
  const history = answered.map((n, i) => {
    const counts = { answered: n, skipped: Math.round(n / 4), paused: 1, goalsDone: Math.round(n / 2), sessionsHeld: Math.round(n / 3), mentorshipsStarted: Math.round(n / 4), streaks: { '1': 4, '2-3': 6, '4-7': 6, '8+': n - 16 > 0 ? n - 16 : 0 } };
    return { week: addWeeks(week, i - answered.length + 1), counts };
  });
  return { week, counts: history.at(-1)!.counts, history, wins: [{ name: 'Rana', text: 'Passed my first technical interview' }] };
}
