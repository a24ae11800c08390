import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { loadUiStrings, translator, type Lang } from '../../src/i18n/index.js';
import { projectPath } from '../../src/paths.js';
import { FONT_FAMILY, paint, type Drawing } from '../../src/pictures/drawing.js';
import { canvasHere, PictureRenderer } from '../../src/pictures/renderer.js';
import { progressCard, smallProgressCard } from '../../src/progress/card.js';
import { sampleFacts } from '../../src/progress/sample.js';
import { participationChart, sampleDigestFacts } from '../../src/digest/message.js';
import { addIsoWeeks } from '../../src/time/index.js';

const ui = loadUiStrings();
const renderer = new PictureRenderer();
afterAll(() => renderer.close());

interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

async function pixels(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

/** The columns that hold ink (anything lighter than the dark background). */
function inkColumns({ width, height, data }: Pixels): number[] {
  const columns: number[] = [];
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      if (data[(y * width + x) * 4]! > 96) {
        columns.push(x);
        break;
      }
    }
  }
  return columns;
}

/** One line of text in the pictures' own painter (the worker runs the same function). */
const line = (text: string, dir: 'ltr' | 'rtl', width = 700): Drawing => ({
  width,
  height: 80,
  background: '#000000',
  ops: [{ op: 'text', x: dir === 'rtl' ? width - 10 : 10, y: 55, text, size: 40, color: '#ffffff', align: dir === 'rtl' ? 'right' : 'left', dir }],
});
const drawHere = (drawing: Drawing) => paint(drawing, canvasHere(), FONT_FAMILY);

describe('Arabic in pictures', () => {
  it('is shaped: a joined word is drawn narrower than its letters kept apart, and lam-alef is one ligature', async () => {
    // U+200C (zero-width non-joiner) between the letters makes a shaper draw each one unjoined:
    // without shaping both strings would look the same.
    const joined = inkColumns(await pixels(drawHere(line('لاعب مستمر', 'rtl'))));
    const apart = inkColumns(await pixels(drawHere(line('ل\u200cا\u200cع\u200cب م\u200cس\u200cت\u200cم\u200cر', 'rtl'))));
    const span = (columns: number[]) => columns.at(-1)! - columns[0]!;
    expect(span(joined)).toBeLessThan(span(apart) * 0.92);

    canvasHere(); // the bundled font, registered
    const ctx = createCanvas(10, 10).getContext('2d');
    ctx.font = `40px "${FONT_FAMILY}"`;
    expect(ctx.measureText('لا').width).toBeLessThan(ctx.measureText('ل').width + ctx.measureText('ا').width - 4);
  });

  it('runs right to left: the first word of an Arabic line sits at its right end, a Latin word after it to its left', async () => {
    // Drawn alone or followed by a Latin word, the first word is in the same place at the right edge.
    const whole = await pixels(drawHere(line('مرشد ABC', 'rtl')));
    const first = await pixels(drawHere(line('مرشد', 'rtl')));
    const firstColumns = inkColumns(first);
    const wholeColumns = inkColumns(whole);
    expect(wholeColumns[0]!).toBeLessThan(firstColumns[0]! - 40); // ABC went left
    let differing = 0;
    for (let x = firstColumns[0]!; x <= firstColumns.at(-1)!; x++) {
      for (let y = 0; y < whole.height; y++) {
        const i = (y * whole.width + x) * 4;
        if (Math.abs(whole.data[i]! - first.data[i]!) > 48) differing++;
      }
    }
    expect(differing).toBeLessThan(20);
    // A left-to-right line keeps Latin first, at the left.
    const ltr = inkColumns(await pixels(drawHere(line('ABC مرشد', 'ltr'))));
    const abc = inkColumns(await pixels(drawHere(line('ABC', 'ltr'))));
    expect(ltr[0]).toBe(abc[0]);
  });
});

describe('the picture worker', () => {
  it('draws on its own thread and returns a PNG', async () => {
    const { png, ms } = await renderer.render(line('مرحبًا Murshid', 'rtl'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(ms).toBeGreaterThan(0);
  });

  it.runIf(existsSync('/proc/self/task'))('runs at a lower CPU priority than the thread that answers Discord (Linux)', async () => {
    await renderer.render(line('ABC', 'ltr'));
    const { readdirSync } = await import('node:fs');
    // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value (after the command in parentheses).
    const nice = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const values = readdirSync('/proc/self/task').map(nice);
    expect(values).toContain(10);
    expect(nice(String(process.pid))).toBe(0);
  });

  it('fails a drawing it cannot draw and goes on drawing the next', async () => {
    const broken = { width: 10, height: 10, background: '#000', ops: [{ op: 'path', points: 5 }] } as unknown as Drawing;
    await expect(renderer.render(broken)).rejects.toThrow(/picture not drawn/);
    const { png } = await renderer.render(line('ABC', 'ltr'));
    expect((await pixels(png)).width).toBe(700);
  });
});

/*
 * Golden images: the README's pictures (docs/progress-card-*.png) are the reference, so they always
 * show what the bot draws. After an intended change, `UPDATE_GOLDEN=1 npx vitest run
 * test/pictures/render.test.ts` rewrites them; look at them before committing.
 */
describe('the progress card and the digest chart, against the README pictures', () => {
  const facts = sampleFacts(Date.UTC(2026, 10, 27, 12, 0));
  const cases = (['en', 'ar'] as const).flatMap((lang: Lang) => {
    const t = translator(ui[lang], lang);
    return [
      { file: `progress-card-${lang}.png`, drawing: progressCard(facts, t, lang) },
      { file: `progress-card-small-${lang}.png`, drawing: smallProgressCard(facts, t, lang) },
      { file: `digest-chart-${lang}.png`, drawing: participationChart(t, lang, sampleDigestFacts('2026-W48', addIsoWeeks)) },
    ];
  });

  it.each(cases)('$file matches within a small tolerance', async ({ file, drawing }) => {
    const path = projectPath('docs', file);
    const { png } = await renderer.render(drawing);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, png);
    const [got, want] = await Promise.all([pixels(png), pixels(readFileSync(path))]);
    expect([got.width, got.height]).toEqual([want.width, want.height]);
    let differing = 0;
    for (let i = 0; i < got.data.length; i += 4) {
      const delta = Math.max(Math.abs(got.data[i]! - want.data[i]!), Math.abs(got.data[i + 1]! - want.data[i + 1]!), Math.abs(got.data[i + 2]! - want.data[i + 2]!));
      if (delta > 48) differing++;
    }
    // Anti-aliasing may differ in a few pixels between Skia builds; a changed word or cell does not.
    expect(differing / (got.width * got.height)).toBeLessThan(0.002);
  });
});
