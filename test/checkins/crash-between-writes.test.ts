import { describe, expect, it } from 'vitest';
import { checkinJob, PROFILE } from '../../src/members/members.js';
import { minuteOf } from '../../src/scheduler/due-index.js';
import type { Collection } from '../../src/store/store.js';
import { startTestBot, TestClock } from '../support/bot.js';

const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const FRIDAY_DUE = Date.UTC(2026, 10, 27, 15, 0); // Friday 18:00 in Damascus
const schedule = { weekday: 5, hour: 18, minute: 0, timeZone: 'Asia/Damascus' } as const;

/** Makes the next write to a collection fail, as if the process died at that moment. */
function failNextWrite(collection: Collection<unknown>): void {
  const original = collection.set.bind(collection);
  collection.set = async () => {
    collection.set = original;
    throw new Error('simulated crash');
  };
}

describe('Keyv has no transactions: a crash between two writes loses nothing', () => {
  it('an index entry written without its record is dropped by the tick, and opting in again works', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    const { checkins, scheduler, index, members } = t.bot.services;
    failNextWrite(members.collection(PROFILE) as Collection<unknown>);
    await expect(checkins.subscribe(user, schedule, null, MONDAY)).rejects.toThrow('simulated crash');
    expect((await index.jobsUntil(minuteOf(FRIDAY_DUE), FRIDAY_DUE)).jobs).toEqual([checkinJob(user)]);

    await scheduler.tick(FRIDAY_DUE); // the orphan entry: nothing to send, nothing breaks
    expect(t.fake.dmMessagesFor(user)).toHaveLength(0);

    await checkins.subscribe(user, schedule, null, FRIDAY_DUE + 60_000); // next Friday
    await scheduler.tick(FRIDAY_DUE + 7 * 24 * 3_600_000);
    expect(t.fake.dmMessagesFor(user)).toHaveLength(1);
  });

  it('a DM sent but not yet recorded on the user is not sent again, and the schedule moves on', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    const { checkins, scheduler, members } = t.bot.services;
    await checkins.subscribe(user, schedule, null, MONDAY);
    await members.profile(user); // DM channel not cached yet: the job opens it and saves it first
    const users = members.collection(PROFILE) as Collection<unknown>;
    // Let the week record and the DM channel id be saved, then fail the write that advances nextDueAt.
    const original = users.set.bind(users);
    let writes = 0;
    users.set = async (key, value) => {
      writes += 1;
      if ((value as { welcomed?: boolean }).welcomed) {
        users.set = original;
        throw new Error('simulated crash');
      }
      return original(key, value);
    };
    await scheduler.tick(FRIDAY_DUE);
    expect(writes).toBeGreaterThan(0);
    expect(t.fake.dmMessagesFor(user)).toHaveLength(1);
    expect((await members.profile(user))?.checkin?.nextDueAt).toBe(FRIDAY_DUE);

    await scheduler.tick(FRIDAY_DUE + 60_000); // the retry
    expect(t.fake.dmMessagesFor(user)).toHaveLength(1);
    expect((await members.profile(user))?.checkin?.nextDueAt).toBe(FRIDAY_DUE + 7 * 24 * 3_600_000);
    t.fake.assertClean();
  });
});
