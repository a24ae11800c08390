/**
 * One bad record must not block everyone: a record that fails its schema, or a timezone the running
 * Node no longer knows, is set aside (kept as it is, logged by key) while the rest go out, and the
 * member hears about it on their next command.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROFILE, WEEK } from '../../src/members/members.js';
import { startTestBot, TestClock } from '../support/bot.js';

const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const FRIDAY_DUE = Date.UTC(2026, 10, 27, 15, 0); // Friday 18:00 in Damascus, week 2026-W48
const schedule = { weekday: 5, hour: 18, minute: 0, timeZone: 'Asia/Damascus' } as const;

describe('a record that cannot be read', () => {
  it('is set aside untouched while everyone else gets their check-in, and its member is told', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const { checkins, scheduler, store } = t.bot.services;
    const fine = Array.from({ length: 5 }, (_, i) => t.fake.user({ username: `fine${i}` }).id);
    const badWeek = t.fake.user({ username: 'badweek' }).id;
    const badZone = t.fake.user({ username: 'badzone' }).id;
    for (const user of [...fine, badWeek, badZone]) await checkins.subscribe(user, schedule, null, MONDAY);
    await scheduler.tick(MONDAY);

    // Written as a later version, or by hand: values the schemas refuse.
    const raw = { users: store.collection(PROFILE.namespace, z.any()), weeks: store.collection(WEEK.namespace, z.any()) };
    const broken = { version: 7, week: '2026-W48', status: 'from-the-future' };
    await raw.weeks.set(WEEK.key(badWeek, '2026-W48'), broken);
    await raw.users.set(badWeek, { ...(await raw.users.get(badWeek)), weeks: ['2026-W48'] });
    const zoned = await raw.users.get(badZone);
    await raw.users.set(badZone, { ...zoned, checkin: { ...zoned.checkin, timeZone: 'Mars/Olympus_Mons' } });

    /** The private notice that follows a member's next command. */
    const noticeFor = async (user: string) => {
      const handle = await t.fake.command({ name: 'goal', subcommand: 'list', user });
      await handle.answer();
      const notice = await handle.followUp(0);
      expect(notice.ephemeral).toBe(true);
      return notice;
    };

    t.clock.ms = FRIDAY_DUE;
    const report = await scheduler.tick(FRIDAY_DUE);
    expect(report.retried).toBe(0); // nobody is re-queued every minute
    for (const user of fine) expect(t.fake.dmMessagesFor(user)).toHaveLength(1);
    expect(t.fake.dmMessagesFor(badZone)).toHaveLength(0);
    // The bad week record is neither overwritten nor deleted.
    expect(await raw.weeks.get(WEEK.key(badWeek, '2026-W48'))).toEqual(broken);

    expect((await noticeFor(badZone)).content).toContain('no longer recognise the timezone');
    expect((await noticeFor(badWeek)).content).toContain('could not be read');
    // A command that needs the record names it, privately, and deletes nothing.
    const history = await (await t.fake.command({ name: 'checkin', subcommand: 'history', user: badWeek })).answer();
    expect(history.ephemeral).toBe(true);
    expect(history.content).toContain('your weekly check-ins');
    const exported = await (await t.fake.command({ name: 'checkin', subcommand: 'export', user: badWeek })).answer();
    expect(JSON.parse(exported.files[0]!.data.toString('utf8')).checkins[0]).toMatchObject({ unreadable: true, stored: broken });
  });
});
