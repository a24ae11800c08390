import { describe, expect, it } from 'vitest';
import { startTestBot, TestClock } from '../support/bot.js';

const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const FRIDAY_DUE = Date.UTC(2026, 10, 27, 15, 0); // Friday 18:00 in Damascus

describe('CheckinJob', () => {
  it('reads the store about once per due user, however many others are subscribed', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const { checkins, scheduler, store } = t.bot.services;
    const due = Array.from({ length: 40 }, (_, i) => t.fake.user({ username: `due${i}` }).id);
    const later = Array.from({ length: 200 }, (_, i) => t.fake.user({ username: `later${i}` }).id);
    for (const user of due) await checkins.subscribe(user, { weekday: 5, hour: 18, minute: 0, timeZone: 'Asia/Damascus' }, null, MONDAY);
    for (const user of later) await checkins.subscribe(user, { weekday: 6, hour: 9, minute: 0, timeZone: 'UTC' }, null, MONDAY);
    await scheduler.tick(FRIDAY_DUE - 60_000);

    const before = store.stats.reads;
    await scheduler.tick(FRIDAY_DUE);
    const reads = store.stats.reads - before;
    expect(due.every((user) => t.fake.dmMessagesFor(user).length === 1)).toBe(true);
    expect(reads).toBeLessThanOrEqual(due.length + 12);

    const idle = store.stats.reads;
    await scheduler.tick(FRIDAY_DUE + 60_000);
    expect(store.stats.reads - idle).toBeLessThanOrEqual(2);
    t.fake.assertClean();
  });
});
