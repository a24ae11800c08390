/**
 * Discord's REST API misbehaving for a while (500s, 429s with retry_after, responses lost after
 * the message was created) while ~20 check-ins are due: none lost, none duplicated, no crash.
 */
import { describe, expect, it } from 'vitest';
import { CHECKIN_DELIVERY, PROFILE } from '../../src/members/members.js';
import type { FaultRequest, FaultResponse } from '../fake-discord/index.js';
import { startTestBot, TestClock, type TestBot } from '../support/bot.js';
import { checkinMessagesFor, dmPosts, MINUTE } from './support.js';

// Monday 23 Nov 2026, 09:00 UTC; the check-ins fall due at 09:05 UTC.
const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const DUE = MONDAY + 5 * MINUTE;
const WEEK = '2026-W48';
const USERS = 20;
const MESSAGE_POST = 'POST /channels/:channel/messages';

async function subscribeUsers(t: TestBot): Promise<string[]> {
  const users: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const userId = t.fake.user({ username: `faulty${i}` }).id;
    users.push(userId);
    await t.bot.services.checkins.subscribe(userId, { weekday: 1, hour: 9, minute: 5, timeZone: 'UTC' }, t.fake.defaults.guildId, t.clock.ms);
  }
  return users;
}

/** Ticks once a minute from the due time until every user has a DM (or gives up after `maxTicks`). */
async function tickUntilDelivered(t: TestBot, users: readonly string[], maxTicks = 20): Promise<number> {
  t.clock.ms = DUE;
  for (let tick = 1; tick <= maxTicks; tick++) {
    await t.bot.services.scheduler.tick(t.clock.ms);
    if (users.every((user) => t.fake.dmMessagesFor(user).length > 0)) return tick;
    t.clock.advance(MINUTE);
  }
  const missing = users.filter((user) => t.fake.dmMessagesFor(user).length === 0);
  throw new Error(`${missing.length} user(s) still without a check-in after ${maxTicks} ticks`);
}

/** Each user got exactly one check-in, every delivery is marked sent, and the bot still answers. */
async function expectExactlyOnce(t: TestBot, users: readonly string[]): Promise<void> {
  // One more tick: whatever was scheduled for a retry must not send again.
  await t.bot.services.scheduler.tick(t.clock.advance(MINUTE));
  for (const user of users) {
    expect(t.fake.dmMessagesFor(user), `DMs of user ${user}`).toHaveLength(1);
    expect(checkinMessagesFor(t.fake, user, WEEK)).toHaveLength(1);
  }
  const { members } = t.bot.services;
  const deliveries = await members.collection(CHECKIN_DELIVERY).getMany(users.map((user) => CHECKIN_DELIVERY.key(user, WEEK)));
  expect(deliveries.map((delivery) => delivery?.state)).toEqual(users.map(() => 'sent'));
  const records = await members.collection(PROFILE).getMany(users);
  for (const record of records) expect(record?.checkin?.nextDueAt).toBe(DUE + 7 * 24 * 60 * MINUTE);
  const answer = await (await t.fake.command({ name: 'mentorship', subcommand: 'why' })).answer(15_000);
  expect(answer.embeds.length).toBeGreaterThan(0);
}

/** Answers the first `count` requests of `routes` with `response`. */
function faultFirst(routes: readonly string[], count: number, response: FaultResponse) {
  let injected = 0;
  const fault = (request: FaultRequest): FaultResponse | undefined => {
    if (!routes.includes(request.route) || injected >= count) return undefined;
    injected += 1;
    return response;
  };
  return { fault, injected: () => injected };
}

describe('Discord answering errors for a while, with check-ins due', () => {
  it('500s on the first 30 message sends and 10 DM opens: every check-in arrives once', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const users = await subscribeUsers(t);
    const messages = faultFirst([MESSAGE_POST], 30, { status: 500, body: { message: '500: Internal Server Error', code: 0 } });
    const opens = faultFirst(['POST /users/@me/channels'], 10, { status: 502, body: { message: '502: Bad Gateway', code: 0 } });
    t.fake.setFault((request) => messages.fault(request) ?? opens.fault(request));

    await tickUntilDelivered(t, users);
    expect(messages.injected()).toBe(30);
    expect(opens.injected()).toBe(10);
    await expectExactlyOnce(t, users);
    // Injected answers are not violations (the fake returns them before its own rules); anything
    // here is the bot's own doing.
    t.fake.assertClean();
  });

  it('429s with retry_after 0.2 s on the first 30 sends: waited out, every check-in arrives once', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const users = await subscribeUsers(t);
    // As the fake answers its own route-limit 429s (and as Discord does): body and headers agree.
    const limited = faultFirst([MESSAGE_POST], 30, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.2, global: false, code: 0 },
      headers: {
        'retry-after': '0.2',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '0.200',
        'x-ratelimit-bucket': 'fake-postchannelschannelmessages',
        'x-ratelimit-scope': 'user',
      },
    });
    t.fake.setFault(limited.fault);

    await tickUntilDelivered(t, users);
    expect(limited.injected()).toBe(30);
    await expectExactlyOnce(t, users);
    // The injected 429s are not counted by the fake (neither sent429 nor violations): a 429 here
    // would be one the bot earned by itself.
    expect(t.fake.sent429).toBe(0);
    t.fake.assertClean();
  });

  it('responses lost after the message was created (connection reset): the nonce keeps it to one', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const users = await subscribeUsers(t);
    let dropped = 0;
    t.fake.onMessageCreated(() => (dropped++ < 10 ? 'drop' : undefined));

    await tickUntilDelivered(t, users);
    expect(dropped).toBeGreaterThanOrEqual(10);
    await expectExactlyOnce(t, users);
    // Each lost response was retried with the same nonce and Discord returned the first message.
    expect(t.fake.nonceDuplicates).toBeGreaterThanOrEqual(1);
    for (const user of users) expect(dmPosts(t.fake, user).length).toBeLessThanOrEqual(5);
    t.fake.assertClean();
  });
});
