/**
 * The database unavailable for a while: another process holds SQLite's EXCLUSIVE lock on the file
 * (root ignores file permissions, so a read-only file would prove nothing on CI). The bot's busy
 * timeout is 5 s; Discord's first-response window is 3 s. A user must always get an answer, and
 * the data must be intact once the lock is gone.
 */
import { describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../fake-discord/index.js';
import { startTestBot, TestClock, type TestBot } from '../support/bot.js';
import { holdExclusiveLock, querySqlite, waitFor } from './support.js';

// Monday 23 Nov 2026, 09:00 UTC.
const MONDAY = Date.UTC(2026, 10, 23, 9, 0);

const startOptions = { weekday: 'friday', time: '18:00', timezone: 'Asia/Damascus' };

/** Violations of the 3-second window (10062) and double acknowledgements (40060). */
const lateOrDouble = (fake: FakeDiscord) => fake.violations.filter((violation) => /10062|40060/.test(violation));

/** Data written before the lock: a subscription and a goal. */
async function writeSomeData(t: TestBot, user: string): Promise<void> {
  const started = await (await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: startOptions })).answer();
  expect(started.content).toContain('Asia/Damascus');
  const goal = await (await t.fake.command({ name: 'goal', subcommand: 'set', user, options: { text: 'Finish the SQLite chapter' } })).answer();
  expect(goal.ephemeral).toBe(true);
}

async function expectIntactAfterRelease(t: TestBot, user: string): Promise<void> {
  const record = await t.bot.services.members.profile(user);
  expect(record?.checkin).toMatchObject({ weekday: 5, hour: 18, minute: 0, timeZone: 'Asia/Damascus', status: 'active' });
  expect((await t.bot.services.goals.list(user)).map((goal) => goal.text)).toEqual(['Finish the SQLite chapter']);
  expect(await querySqlite(t.databaseFile, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  // And the command that failed while locked works again.
  const again = await (await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: { ...startOptions, weekday: 'monday' } })).answer(15_000);
  expect(again.ephemeral).toBe(true);
  expect(again.content).toContain('Monday');
  expect((await t.bot.services.members.profile(user))?.checkin?.weekday).toBe(1);
}

describe('the database locked by another process', () => {
  it('a member the bot has just served: /checkin start gets a private error, the guide commands answer, data intact afterwards', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await writeSomeData(t, user); // also puts the member's language in the bot's short-lived cache

    const lock = await holdExclusiveLock(t.databaseFile);
    try {
      // Writing needs the store: after the busy timeout the user is told, privately, that it failed.
      const start = await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: { ...startOptions, weekday: 'monday' } });
      const failed = await start.answer(20_000);
      expect(failed.ephemeral).toBe(true);
      expect(failed.content).toMatch(/something went wrong/i);
      // Acknowledged within Discord's window (a deferral at 2 s), answered after.
      expect(start.callbacks[0]!.status).toBeLessThan(300);

      // Reading the guide needs no store (the member's language is cached).
      const why = await (await t.fake.command({ name: 'mentorship', subcommand: 'why', user })).answer(15_000);
      expect(why.embeds.length).toBeGreaterThan(0);
      const platforms = await (await t.fake.command({ name: 'platforms', user })).answer(15_000);
      expect(platforms.embeds.length).toBeGreaterThan(0);
      expect(lateOrDouble(t.fake)).toEqual([]);
    } finally {
      await lock.release();
    }
    await expectIntactAfterRelease(t, user);
    t.fake.assertClean();
  });
});

describe('with the database locked, a member the bot has not seen recently still gets an answer', () => {
  // The language lookup reads the store. With the file locked it waits out the 5 s busy timeout:
  // the deferral must already be on its way, and the lookup's failure must fall back to English,
  // or Discord shows "The application did not respond" even for commands that need no store.
  it('/mentorship why and /platforms from members not seen recently are answered within the 3-second window', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const regular = t.fake.defaults.member.id;
    await writeSomeData(t, regular);

    const lock = await holdExclusiveLock(t.databaseFile);
    try {
      const handles = [
        await t.fake.command({ name: 'mentorship', subcommand: 'why', user: t.fake.user({ username: 'newcomer' }).id }),
        await t.fake.command({ name: 'platforms', user: t.fake.user({ username: 'another' }).id }),
      ];
      // Wait for the bot's first response to each, accepted or refused as late (~10 s apiece today,
      // one after the other: a connection busy-waiting on the lock serialises every query).
      await waitFor(
        () => handles.every((handle) => t.fake.requests.some((request) => request.path.startsWith(`/interactions/${handle.id}/`))),
        () => 'a callback for each interaction',
        40_000,
      );
      expect(lateOrDouble(t.fake)).toEqual([]);
      for (const handle of handles) expect((await handle.answer(15_000)).embeds.length).toBeGreaterThan(0);
    } finally {
      await lock.release();
    }
    await expectIntactAfterRelease(t, regular);
  }, 60_000);
});
