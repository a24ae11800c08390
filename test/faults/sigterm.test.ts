/**
 * A graceful stop (SIGTERM, as a process manager or `docker stop` sends) in the middle of a batch
 * of due check-ins: the bot stops cleanly and, after a restart, each user has exactly one.
 */
import { describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fake-discord/index.js';
import type { BotProcess } from '../support/process.js';
import { newDatabaseFile, readCheckinState, restartAndExpectExactlyOnce, seedDueCheckins, startBuiltBot } from './support.js';

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
      // It stopped between sends instead of finishing the whole batch first.
      expect(deliveredByFirst).toBeLessThan(USERS);

      // Nothing the first process recorded is left half-done: every delivery it began is marked.
      const afterStop = await readCheckinState(databaseFile, users, week);
      expect(afterStop.filter((entry) => entry.delivery?.state === 'intent').map((entry) => entry.userId)).toEqual([]);

      await restartAndExpectExactlyOnce(fake, databaseFile, users, week);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.stop();
    }
  }, 90_000);
});
