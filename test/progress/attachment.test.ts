import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { startTestBot, TestClock, type TestBot } from '../support/bot.js';

// Monday 23 Nov 2026, 09:00 UTC (week 2026-W48).
const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const WEEK = 7 * 24 * 60 * 60_000;

async function checkIn(t: TestBot, user: string, week: string) {
  await (await t.fake.command({ name: 'checkin', subcommand: 'now', user })).answer();
  return (await t.fake.modalSubmit({ user, customId: `checkin:submit:${week}`, fields: { wins: 'Shipped it', difficulties: '', suggestions: '', focus: 'Tests' } })).answer();
}

async function size(png: Buffer) {
  const image = await loadImage(png);
  return { width: image.width, height: image.height };
}

/** The share of pixels that differ between two PNGs of the same size. */
async function difference(a: Buffer, b: Buffer): Promise<number> {
  const read = async (png: Buffer) => {
    const image = await loadImage(png);
    const canvas = createCanvas(image.width, image.height);
    canvas.getContext('2d').drawImage(image, 0, 0);
    return canvas.getContext('2d').getImageData(0, 0, image.width, image.height).data;
  };
  const [x, y] = await Promise.all([read(a), read(b)]);
  let differing = 0;
  for (let i = 0; i < x.length; i += 4) if (Math.abs(x[i]! - y[i]!) > 48) differing++;
  return differing / (x.length / 4);
}

describe('the progress card in replies', () => {
  it('/checkin history attaches the card as a PNG with a text alternative, inside the embed, and keeps the text', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY - WEEK) });
    const user = t.fake.defaults.member.id;
    await checkIn(t, user, '2026-W47');
    t.clock.advance(WEEK);
    await checkIn(t, user, '2026-W48');

    const history = await (await t.fake.command({ name: 'checkin', subcommand: 'history', user })).answer();
    expect(history.ephemeral).toBe(true);
    expect(history.files).toHaveLength(1);
    const [file] = history.files;
    expect(file!.filename).toBe('checkins.png');
    expect(file!.contentType).toBe('image/png');
    expect(await size(file!.data)).toEqual({ width: 960, height: expect.any(Number) });
    // The text alternative travels with the attachment, and the embed shows the picture.
    const meta = (history.data.attachments as { id: string; description?: string }[])[0]!;
    expect(meta.description).toBe(
      'Your check-in card. The last 52 weeks: 2 checked in, 0 skipped, 0 missed, 0 not sent by the bot, 0 paused. Current streak: 2 weeks; best: 2 weeks. Goals: 0 done, 0 open. Mentor sessions in the last 30 days: 0.',
    );
    expect(history.embeds[0]!.image?.url).toBe('attachment://checkins.png');
    expect(history.text).toContain('Week of 23 Nov · checked in');
    expect(history.text).toContain('Streak: **2 weeks** in a row');
    t.fake.assertClean(); // the multipart body and its payload passed Discord's schemas and limits

    // In Arabic: the same weeks, in Arabic words, drawn right to left (a different picture).
    await (await t.fake.command({ name: 'language', user, options: { language: 'ar' } })).answer();
    const arabic = await (await t.fake.command({ name: 'checkin', subcommand: 'history', user })).answer();
    const arabicMeta = (arabic.data.attachments as { description?: string }[])[0]!;
    expect(arabicMeta.description).toContain('بطاقة متابعاتك');
    expect(arabicMeta.description!.replace(/\u2068[^\u2069]*\u2069/g, '')).not.toMatch(/[A-Za-z]/);
    expect(await difference(arabic.files[0]!.data, file!.data)).toBeGreaterThan(0.01);
    t.fake.assertClean();
  });

  it('shows no picture before the first check-in', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const history = await (await t.fake.command({ name: 'checkin', subcommand: 'history' })).answer();
    expect(history.files).toHaveLength(0);
    expect(history.text).toContain('No check-ins yet');
  });

  it('a saved check-in shows the small card: the streak and the last 12 weeks', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const saved = await checkIn(t, t.fake.defaults.member.id, '2026-W48');
    expect(saved.content).toContain('Saved your check-in');
    expect(saved.files).toHaveLength(1);
    expect(await size(saved.files[0]!.data)).toEqual({ width: 760, height: expect.any(Number) });
    expect((saved.data.attachments as { description?: string }[])[0]!.description).toBe(
      'Your streak: 1 week; best: 1 week. The last 12 weeks: 1 checked in, 0 skipped, 0 missed, 0 not sent by the bot, 0 paused.',
    );
    t.fake.assertClean();
  });

  it('a picture that cannot be drawn (its worker dies mid-drawing) leaves the text reply whole; the next one is drawn again', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await checkIn(t, user, '2026-W48');
    const { pictures } = t.bot.services;
    await pictures.close(); // the next picture starts a fresh worker, which takes a moment to load

    const asked = t.fake.command({ name: 'checkin', subcommand: 'history', user });
    const drawing = () => (pictures as unknown as { waiting: Map<number, unknown> }).waiting.size > 0;
    for (const deadline = Date.now() + 10_000; !drawing(); ) {
      if (Date.now() > deadline) throw new Error('the card was never sent to the worker');
      await new Promise((resolve) => setImmediate(resolve));
    }
    await pictures.close(); // the worker thread dies with the card in it
    const history = await (await asked).answer();
    expect(history.files).toHaveLength(0);
    expect(history.embeds[0]!.image).toBeUndefined();
    expect(history.text).toContain('Week of 23 Nov · checked in');
    t.fake.assertClean();

    const again = await (await t.fake.command({ name: 'checkin', subcommand: 'history', user })).answer();
    expect(again.files).toHaveLength(1);
  });
});
