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

  it('after downtime, sends a check-in up to 12 h late once, and records an older one as missed by the bot', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const { checkins, scheduler, members } = t.bot.services;
    const [onTime, tooLate] = [t.fake.user({ username: 'late11' }).id, t.fake.user({ username: 'late13' }).id];
    const hour = 3_600_000;
    await scheduler.tick(MONDAY);
    await checkins.subscribe(onTime, { weekday: 5, hour: 18, minute: 0, timeZone: 'Asia/Damascus' }, null, MONDAY);
    await checkins.subscribe(tooLate, { weekday: 5, hour: 6, minute: 0, timeZone: 'Asia/Damascus' }, null, MONDAY); // 03:00 UTC

    // The bot was down from Friday morning until 11 h after the 18:00 check-in (16 h after the 06:00 one).
    await scheduler.tick(FRIDAY_DUE + 11 * hour);
    await scheduler.tick(FRIDAY_DUE + 11 * hour + 60_000);
    expect(t.fake.dmMessagesFor(onTime)).toHaveLength(1);
    expect(t.fake.dmMessagesFor(tooLate)).toHaveLength(0);
    const { weeks, streak } = await checkins.history(tooLate);
    expect(weeks.map((week) => [week.week, week.status])).toEqual([['2026-W48', 'bot-missed']]);
    expect(streak.current).toBe(0);
    // Both are scheduled for next Friday, at their own times.
    expect((await members.profile(tooLate))?.checkin?.nextDueAt).toBe(Date.UTC(2026, 11, 4, 3, 0));
    expect((await members.profile(onTime))?.checkin?.nextDueAt).toBe(Date.UTC(2026, 11, 4, 15, 0));
    t.fake.assertClean();
  });
});
