/**
 * Exactly once across a crash: the built bot, as a real process, is killed with SIGKILL in the
 * middle of a batch of due check-ins, session reminders or guide posts, and a new process on the
 * same database finishes the batch. Exactly once must not rest on how long Discord remembers a
 * nonce ("a few minutes").
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { guideDeliveryKey } from '../../src/guide/schedule.js';
import { CHECKIN_DELIVERY, REMINDER_DELIVERY } from '../../src/members/members.js';
import { reminderMarker } from '../../src/sessions/messages.js';
import { FakeDiscord, Perm, snowflake } from '../fake-discord/index.js';
import { engines } from '../support/engines.js';
import {
  countIntents,
  killMidBatch,
  MINUTE,
  newDatabaseFile,
  restartAndExpectExactlyOnce,
  restartUntil,
  SEEDED_SESSION,
  seedDueCheckins,
  seedDueGuidePosts,
  seedDueReminders,
  startBuiltBot,
  waitFor,
} from './support.js';

const USERS = 200;
const KILL_AFTER = 70;
/** The fake's enforce_nonce memory (Discord's is "a few minutes", which nothing here relies on). */
const FAKE_NONCE_WINDOW_MS = 5 * MINUTE;
/** A nonce memory shorter than the time a restart takes. */
const SHORT_NONCE_WINDOW_MS = 1_000;

/** The bot's looks at a channel's recent messages (before resending an unmarked intent). */
const historyReads = (fake: FakeDiscord) => fake.requests.filter((request) => request.route === 'GET /channels/:channel/messages').length;

async function crashAndRestart(options: { afterNonceWindow: boolean; store: () => Promise<string> }) {
  const fake = await FakeDiscord.start({ nonceWindowMs: options.afterNonceWindow ? SHORT_NONCE_WINDOW_MS : FAKE_NONCE_WINDOW_MS });
  try {
    const databaseFile = await options.store();
    const { users, week } = await seedDueCheckins(fake, databaseFile, USERS);

    await killMidBatch(fake, databaseFile, KILL_AFTER);
    const deliveredBeforeCrash = users.filter((user) => fake.dmMessagesFor(user).length > 0).length;
    expect(deliveredBeforeCrash).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(deliveredBeforeCrash).toBeLessThan(USERS);

    // The process died with sends in flight: some intents were left unmarked, and the restart
    // (more than a second later) comes after the fake has forgotten their nonces.
    if (options.afterNonceWindow) expect(await countIntents(databaseFile, users.map((user) => CHECKIN_DELIVERY.key(user, week)))).toBeGreaterThan(0);

    await restartAndExpectExactlyOnce(fake, databaseFile, users, week);
    if (options.afterNonceWindow) {
      // Discord's nonce did not help here: the history check did.
      expect(fake.nonceDuplicates).toBe(0);
      expect(historyReads(fake)).toBeGreaterThan(0);
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

describe('kill -9 in the middle of a batch of session reminders', () => {
  it('a restart after Discord has forgotten the nonces still leaves each member exactly one reminder', async () => {
    const fake = await FakeDiscord.start({ nonceWindowMs: SHORT_NONCE_WINDOW_MS });
    try {
      const databaseFile = newDatabaseFile();
      const { users } = await seedDueReminders(fake, databaseFile, USERS);
      await killMidBatch(fake, databaseFile, KILL_AFTER);
      expect(users.filter((user) => fake.dmMessagesFor(user).length > 0).length).toBeLessThan(USERS);
      const reminderKeys = users.map((user) => REMINDER_DELIVERY.key(user, SEEDED_SESSION, 'before-1h'));
      expect(await countIntents(databaseFile, reminderKeys)).toBeGreaterThan(0);

      await restartUntil(fake, databaseFile, () => users.every((user) => fake.dmMessagesFor(user).length > 0), () => 'every member to have their reminder');
      const marker = reminderMarker(SEEDED_SESSION, 'before-1h');
      for (const user of users) {
        expect(fake.dmMessagesFor(user), `DMs of user ${user}`).toHaveLength(1);
        expect(JSON.stringify(fake.dmMessagesFor(user)[0]!.message.components), `the reminder of user ${user}`).toContain(marker);
      }
      expect(await countIntents(databaseFile, reminderKeys)).toBe(0);
      expect(fake.nonceDuplicates).toBe(0);
      expect(historyReads(fake)).toBeGreaterThan(0);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.stop();
    }
  }, 90_000);
});

/** The invite's permissions (README): View Channels, Send Messages, Embed Links, Read Message History. */
const INVITE_PERMISSIONS = 84992n;

/** Servers with one text channel each, where the bot has the invite's permissions. */
function guideServers(count: number) {
  const servers = Array.from({ length: count }, () => ({ guildId: snowflake(), channelId: snowflake() }));
  const guilds = servers.map(({ guildId, channelId }, i) => ({
    id: guildId,
    name: `Server ${i}`,
    botPermissions: INVITE_PERMISSIONS,
    channels: [{ id: channelId, name: 'mentorship', type: 0 }],
  }));
  return { servers, guilds };
}

describe('kill -9 in the middle of the weekly guide posts', () => {
  const SERVERS = 40;
  const KILL_AT_POST = 15;

  it('a restart after Discord has forgotten the nonces reads the channel and posts each server exactly once', async () => {
    const { servers, guilds } = guideServers(SERVERS);
    const fake = await FakeDiscord.start({ guilds, nonceWindowMs: SHORT_NONCE_WINDOW_MS });
    try {
      const databaseFile = newDatabaseFile();
      const { dueAt } = await seedDueGuidePosts(databaseFile, servers);
      await killMidBatch(fake, databaseFile, KILL_AT_POST);
      expect(servers.filter(({ channelId }) => fake.channelMessages(channelId).length > 0)).toHaveLength(KILL_AT_POST);
      // The post Discord was creating when the process died is in the channel, its send unmarked.
      expect(await countIntents(databaseFile, servers.map(({ guildId }) => guideDeliveryKey(guildId, dueAt)))).toBe(1);

      await restartUntil(fake, databaseFile, () => servers.every(({ channelId }) => fake.channelMessages(channelId).length > 0), () => 'every server to have its post');
      for (const { channelId } of servers) expect(fake.channelMessages(channelId), `posts in channel ${channelId}`).toHaveLength(1);
      expect(fake.nonceDuplicates).toBe(0);
      expect(historyReads(fake)).toBe(1);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.stop();
    }
  }, 90_000);

  // README ("Weekly check-ins"): without Read Message History the nonce is the only guard left.
  describe('in channels where the bot may not read the history', () => {
    const crashWithoutHistory = async (nonceWindowMs: number) => {
      const { servers, guilds } = guideServers(12);
      const fake = await FakeDiscord.start({ guilds, nonceWindowMs });
      onTestFinished(() => fake.stop());
      // Each server took Read Message History away from the bot in its guide channel.
      for (const { channelId } of servers) fake.setBotChannelPermissions(channelId, { deny: Perm.ReadMessageHistory });
      const databaseFile = newDatabaseFile();
      await seedDueGuidePosts(databaseFile, servers);
      await killMidBatch(fake, databaseFile, 5);
      const inFlight = servers[4]!.channelId; // servers are posted in the order they were filed
      expect(fake.channelMessages(inFlight)).toHaveLength(1);
      await restartUntil(fake, databaseFile, () => servers.every(({ channelId }) => fake.channelMessages(channelId).length > 0), () => 'every server to have its post');
      // The bot looked (Discord shows it no messages there) before sending again.
      expect(historyReads(fake)).toBe(1);
      const posts = new Map(servers.map(({ channelId }) => [channelId, fake.channelMessages(channelId).length]));
      return { fake, inFlight, posts };
    };

    it('within Discord\'s nonce memory, the resend of the post in flight is dropped by its nonce: one post each', async () => {
      const { fake, posts } = await crashWithoutHistory(FAKE_NONCE_WINDOW_MS);
      expect([...posts.values()].every((count) => count === 1)).toBe(true);
      expect(fake.nonceDuplicates).toBe(1);
      expect(fake.violations).toEqual([]);
    }, 60_000);

    it('after it, the post that was in flight appears twice, as the README warns; no other', async () => {
      const { fake, inFlight, posts } = await crashWithoutHistory(SHORT_NONCE_WINDOW_MS);
      expect(posts.get(inFlight)).toBe(2);
      expect([...posts].filter(([channelId]) => channelId !== inFlight).every(([, count]) => count === 1)).toBe(true);
      expect(fake.violations).toEqual([]);
    }, 60_000);
  });
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
