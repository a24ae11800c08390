import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { participationChart, sampleDigestFacts } from '../../src/digest/message.js';
import { loadUiStrings, translator, type Lang } from '../../src/i18n/index.js';
import { FONT_FAMILY, paint, type Drawing } from '../../src/pictures/drawing.js';
import { canvasHere, PictureRenderer } from '../../src/pictures/renderer.js';
import { progressCard, smallProgressCard } from '../../src/progress/card.js';
import { sampleFacts } from '../../src/progress/sample.js';
import { addIsoWeeks } from '../../src/time/index.js';

/** One kind of picture, rendered `renders` times in the worker. */
export interface PictureSeries {
  /** Time the worker spent drawing and encoding each, ms. */
  workerMs: number[];
  /** From asking to having the PNG on this thread, ms (includes queueing and the copy back). */
  roundTripMs: number[];
  bytes: number;
}

export interface PicturesResult {
  renders: number;
  series: Record<'card' | 'small' | 'chart', PictureSeries>;
  /** The full card drawn on this thread instead: how long the event loop would stall, ms. */
  inlineMs: number[];
  /** This thread's event-loop delay p99 while the worker drew the cards, ms. */
  loopDelayP99Ms: number;
  /** Process RSS (bytes): before the first picture, after the first (worker, Skia and font loaded), after all. */
  rss: { before: number; afterFirst: number; after: number };
  /** Murshid's reply latency (ms), sequential `/mentorship why` + `/platforms`, without and with `/checkin history` cards drawn alongside. */
  latency?: { quiet: number[]; rendering: number[]; cards: number };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Renders the progress card (both languages, alternating), the small card and the digest chart `renders` times each, in the worker. */
export async function measurePictures(renders: number): Promise<PicturesResult> {
  const ui = loadUiStrings();
  const facts = sampleFacts(Date.UTC(2026, 10, 27, 12, 0));
  const drawings = (lang: Lang) => {
    const t = translator(ui[lang], lang);
    return { card: progressCard(facts, t, lang), small: smallProgressCard(facts, t, lang), chart: participationChart(t, lang, sampleDigestFacts('2026-W48', addIsoWeeks)) };
  };
  const byLang = { en: drawings('en'), ar: drawings('ar') };
  const renderer = new PictureRenderer();
  gc();
  const before = process.memoryUsage().rss;
  await renderer.render(byLang.en.card);
  gc();
  const afterFirst = process.memoryUsage().rss;
  const series = { card: { workerMs: [], roundTripMs: [], bytes: 0 }, small: { workerMs: [], roundTripMs: [], bytes: 0 }, chart: { workerMs: [], roundTripMs: [], bytes: 0 } } as PicturesResult['series'];
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  for (let i = 0; i < renders; i++) {
    const set = i % 2 === 0 ? byLang.en : byLang.ar;
    for (const kind of ['card', 'small', 'chart'] as const) {
      const started = performance.now();
      const { png, ms } = await renderer.render(set[kind]);
      series[kind].roundTripMs.push(performance.now() - started);
      series[kind].workerMs.push(ms);
      series[kind].bytes = png.length;
    }
  }
  delay.disable();
  gc();
  const after = process.memoryUsage().rss;
  await renderer.close();
  const canvas = canvasHere();
  const inlineMs: number[] = [];
  for (let i = 0; i < Math.min(renders, 100); i++) {
    const drawing: Drawing = (i % 2 === 0 ? byLang.en : byLang.ar).card;
    const started = performance.now();
    paint(drawing, canvas, FONT_FAMILY);
    inlineMs.push(performance.now() - started);
  }
  return { renders, series, inlineMs, loopDelayP99Ms: delay.percentile(99) / 1e6, rss: { before, afterFirst, after } };
}

const q = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * p;
  return sorted[Math.floor(pos)]! + (sorted[Math.ceil(pos)]! - sorted[Math.floor(pos)]!) * (pos - Math.floor(pos));
};
const f = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const mib = (bytes: number): number => bytes / (1024 * 1024);

/** The pictures section of bench/RESULTS.md, and its rows for the summary ([target, result, met?]). */
export function picturesReport(result: PicturesResult | undefined): { lines: string[]; summary: Array<[string, string, boolean | undefined]> } {
  if (!result) return { lines: ['## Pictures', '', 'Not measured.', ''], summary: [] };
  const { series, rss, renders } = result;
  const names = { card: 'progress card (960 px)', small: 'small card (760 px)', chart: 'digest chart (960 px)' } as const;
  const perRender = (rss.after - rss.afterFirst) / (renders * 3);
  const lines = [
    '## Pictures',
    '',
    `Each picture ${renders} times (English and Arabic alternating) on the picture worker thread, in the bench process; ms.`,
    '"worker" is the time the worker spent drawing and encoding the PNG; "round trip" adds queueing and the copy back.',
    '',
    '| picture | worker p50 | worker p99 | round trip p50 | round trip p99 | PNG size |',
    '| --- | --- | --- | --- | --- | --- |',
    ...(['card', 'small', 'chart'] as const).map(
      (kind) =>
        `| ${names[kind]} | ${f(q(series[kind].workerMs, 0.5))} | ${f(q(series[kind].workerMs, 0.99))} | ${f(q(series[kind].roundTripMs, 0.5))} | ${f(q(series[kind].roundTripMs, 0.99))} | ${f(series[kind].bytes / 1024, 0)} KiB |`,
    ),
    '',
    `Drawn on the main thread instead, the progress card would stop the event loop for ${f(q(result.inlineMs, 0.5))} ms (p50), ` +
      `${f(q(result.inlineMs, 0.99))} ms (p99) each time; with the worker, the main thread's event-loop delay stayed at ${f(result.loopDelayP99Ms)} ms p99 while it drew.`,
    '',
    `Memory: the first picture costs ${f(mib(rss.afterFirst - rss.before))} MB of RSS once (the worker thread, Skia and the font); after that, ` +
      `${renders * 3} more pictures changed RSS by ${f(mib(rss.after - rss.afterFirst))} MB, ${f(perRender / 1024)} KB a picture (GC forced before each reading).`,
    '',
  ];
  const summary: Array<[string, string, boolean | undefined]> = [
    ['Progress card render p50 / p99 (worker thread)', `${f(q(series.card.workerMs, 0.5))} / ${f(q(series.card.workerMs, 0.99))} ms`, undefined],
    ['Event-loop delay while cards render (p99)', `${f(result.loopDelayP99Ms)} ms (target < 50 ms)`, result.loopDelayP99Ms < 50],
    ['Memory per picture', `${f(mib(rss.afterFirst - rss.before))} MB once, then ${f(perRender / 1024)} KB a picture`, undefined],
  ];
  if (result.latency) {
    const { quiet, rendering, cards } = result.latency;
    const d50 = q(rendering, 0.5) - q(quiet, 0.5);
    const d99 = q(rendering, 0.99) - q(quiet, 0.99);
    lines.push(
      'Murshid\'s reply latency (`/mentorship why` and `/platforms`, one at a time, the fake\'s `latencyMs`) without and with a second lane',
      `asking \`/checkin history\` back to back (${cards} progress cards drawn during the measurement), ms:`,
      '',
      '| | p50 | p99 |',
      '| --- | --- | --- |',
      `| without cards | ${f(q(quiet, 0.5), 3)} | ${f(q(quiet, 0.99), 3)} |`,
      `| while cards render | ${f(q(rendering, 0.5), 3)} | ${f(q(rendering, 0.99), 3)} |`,
      `| difference | ${f(d50, 3)} | ${f(d99, 3)} |`,
      '',
    );
    summary.push(['Latency while cards render, p50 / p99 difference', `${f(d50, 3)} / ${f(d99, 3)} ms (targets ≤ 0.5 / 1.5 ms)`, d50 <= 0.5 && d99 <= 1.5]);
  }
  return { lines, summary };
}
