/**
 * Exactly once across a crash: the built bot, as a real process, is killed with SIGKILL in the
 * middle of a batch of due check-ins, and a new process on the same database finishes the batch.
 * Exactly once must not rest on how long Discord remembers a nonce ("a few minutes").
 */
import { describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fake-discord/index.js';
import { engines } from '../support/engines.js';
import type { BotProcess } from '../support/process.js';
import { countIntents, MINUTE, newDatabaseFile, restartAndExpectExactlyOnce, seedDueCheckins, startBuiltBot, waitFor } from './support.js';

const USERS = 200;
const KILL_AFTER = 70;
/** The fake's enforce_nonce memory (Discord's is "a few minutes", which nothing here relies on). */
const FAKE_NONCE_WINDOW_MS = 5 * MINUTE;
/** A nonce memory shorter than the time a restart takes. */
const SHORT_NONCE_WINDOW_MS = 1_000;

async function crashAndRestart(options: { afterNonceWindow: boolean; store: () => Promise<string> }) {
  const fake = await FakeDiscord.start({ nonceWindowMs: options.afterNonceWindow ? SHORT_NONCE_WINDOW_MS : FAKE_NONCE_WINDOW_MS });
  try {
    const databaseFile = await options.store();
    const { users, week } = await seedDueCheckins(fake, databaseFile, USERS);

    let first: BotProcess | undefined;
    let killedAt: number | undefined;
    fake.onMessageCreated(({ count }) => {
      if (killedAt === undefined && count >= KILL_AFTER) {
        killedAt = count;
        first!.child.kill('SIGKILL');
      }
    });
    first = startBuiltBot(fake, databaseFile);
    const exit = await first.exited;
    expect(exit.signal, `the first bot should have been killed mid-batch; stderr:\n${first.stderr()}`).toBe('SIGKILL');
    const deliveredBeforeCrash = users.filter((user) => fake.dmMessagesFor(user).length > 0).length;
    expect(deliveredBeforeCrash).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(deliveredBeforeCrash).toBeLessThan(USERS);

    // The process died with sends in flight: some intents were left unmarked, and the restart
    // (more than a second later) comes after the fake has forgotten their nonces.
    if (options.afterNonceWindow) expect(await countIntents(databaseFile, users, week)).toBeGreaterThan(0);

    await restartAndExpectExactlyOnce(fake, databaseFile, users, week);
    if (options.afterNonceWindow) {
      // Discord's nonce did not help here: the history check did.
      expect(fake.nonceDuplicates).toBe(0);
      expect(fake.requests.some((request) => request.method === 'GET' && request.route === 'GET /channels/:channel/messages')).toBe(true);
    }
    // Every rule of Discord's kept, the global rate limit included.
    expect(fake.violations).toEqual([]);
  } finally {
    await fake.stop();
  }
}

describe.each(engines)('kill -9 in the middle of a batch of due check-ins ($engine)', ({ url }) => {
  it('a restart within the nonce window sends each user exactly one check-in', async () => {
    await crashAndRestart({ afterNonceWindow: false, store: url });
  }, 90_000);

  it('a restart after Discord has forgotten the nonces looks at the DM history and still sends exactly one', async () => {
    await crashAndRestart({ afterNonceWindow: true, store: url });
  }, 90_000);
});

describe('the start-up catch-up batch and the commands sync share one rate limiter', () => {
  // Discord counts every request of the bot against one global limit: the commands sync and the
  // catch-up batch at start-up must go through one REST client, or together they overrun it.
  it('a batch due at start-up is sent with zero 429s', async () => {
    const fake = await FakeDiscord.start();
    try {
      const databaseFile = newDatabaseFile();
      const { users } = await seedDueCheckins(fake, databaseFile, 120);
      const run = startBuiltBot(fake, databaseFile);
      await waitFor(
        () => users.every((user) => fake.dmMessagesFor(user).length > 0),
        () => `every user to have a DM; stderr:\n${run.stderr()}`,
      );
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
      expect(fake.violations.filter((violation) => violation.startsWith('429 '))).toEqual([]);
      fake.assertClean();
    } finally {
      await fake.stop();
    }
  }, 60_000);
});
