/**
 * A graceful stop (SIGTERM, as a process manager or `docker stop` sends) in the middle of a batch
 * of due check-ins: the bot stops cleanly and, after a restart, each user has exactly one.
 */
import { describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fake-discord/index.js';
import type { BotProcess } from '../support/process.js';
import { checkinMessagesFor, dmPosts, newDatabaseFile, readCheckinState, seedDueCheckins, sleep, startBuiltBot, waitFor } from './support.js';

const USERS = 200;
const STOP_AFTER = 70;

describe('SIGTERM during a batch of due check-ins', () => {
  it('shuts down with exit code 0, and after a restart each user has exactly one check-in', async () => {
    const fake = await FakeDiscord.start();
    try {
      const databaseFile = newDatabaseFile();
      const { users, week } = await seedDueCheckins(fake, databaseFile, USERS);

      let first: BotProcess | undefined;
      let stopping = false;
      fake.onMessageCreated(({ count }) => {
        if (!stopping && count >= STOP_AFTER) {
          stopping = true;
          first!.child.kill('SIGTERM');
        }
      });
      first = startBuiltBot(fake, databaseFile);
      const exit = await first.exited;
      expect(exit, `stderr:\n${first.stderr()}`).toEqual({ code: 0, signal: null });
      expect(stopping).toBe(true);
      const deliveredByFirst = users.filter((user) => fake.dmMessagesFor(user).length > 0).length;
      expect(deliveredByFirst).toBeGreaterThanOrEqual(STOP_AFTER);

      // Nothing the first process recorded is left half-done: every delivery it began is marked.
      const afterStop = await readCheckinState(databaseFile, users, week);
      expect(afterStop.filter((entry) => entry.delivery?.state === 'intent').map((entry) => entry.userId)).toEqual([]);

      await sleep(1_100); // the dead process's rate-limit window (see crash.test.ts)
      const second = startBuiltBot(fake, databaseFile);
      // Answering a command shows the restarted bot is up (and its catch-up tick has begun).
      const why = await (await fake.command({ name: 'mentorship', subcommand: 'why' })).answer(20_000);
      expect(why.embeds.length).toBeGreaterThan(0);
      await waitFor(
        () => users.every((user) => fake.dmMessagesFor(user).length > 0),
        () => `every user to have a DM (${users.filter((user) => fake.dmMessagesFor(user).length > 0).length}/${USERS}); stderr:\n${second.stderr()}`,
      );
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);

      for (const user of users) {
        expect(fake.dmMessagesFor(user), `DMs of user ${user}`).toHaveLength(1);
        expect(checkinMessagesFor(fake, user, week)).toHaveLength(1);
        expect(dmPosts(fake, user).length, `POSTs to the DM of user ${user}`).toBeLessThanOrEqual(2);
      }
      const state = await readCheckinState(databaseFile, users, week);
      expect(state.filter((entry) => entry.delivery?.state !== 'sent').map((entry) => entry.userId)).toEqual([]);
      expect(state.filter((entry) => !(entry.user!.checkin!.nextDueAt > Date.now())).map((entry) => entry.userId)).toEqual([]);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.stop();
    }
  }, 90_000);
});
