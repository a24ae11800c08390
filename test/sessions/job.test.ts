import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../../src/time/index.js';
import { REMINDER_DELIVERY } from '../../src/members/members.js';
import { validatePayload } from '../fake-discord/validate.js';
import { setupSessions, type RecordedPost } from './support.js';

const USER = '222222222222222222';
const T0 = Date.UTC(2026, 0, 10, 12, 0);
const START = Date.UTC(2026, 0, 15, 15, 30); // 18:30 in Asia/Damascus

type Env = Awaited<ReturnType<typeof setupSessions>>;

/**
 * A session booked as `/session add` books it (the user's record exists, to cache their DM
 * channel). A fresh store's scheduler starts at the minute of its first tick: tick at booking time.
 */
async function booked(env: Env, extra: { with?: string; topic?: string } = {}, startsAt = START, now = T0) {
  await env.scheduler.tick(now);
  await env.setProfile(USER, (user) => user);
  return env.sessions.add(USER, { startsAt, timeZone: 'Asia/Damascus', ...extra }, now);
}

const customIds = (post: RecordedPost): string[] =>
  ((post.body.components ?? []) as { components: { custom_id?: string }[] }[]).flatMap((row) => row.components.map((c) => c.custom_id ?? ''));
const embedText = (post: RecordedPost): string => JSON.stringify(post.body.embeds);

describe('SessionJob', () => {
  it('sends the 24 h and 1 h reminders and the follow-up exactly once each, across repeated ticks', async () => {
    const env = await setupSessions();
    await env.goals.add(USER, 'Ship my portfolio site', T0);
    const session = await booked(env, { with: '@everyone Rami <@123456789012345678>', topic: 'Context vs Redux' });

    await env.scheduler.tick(START - 25 * HOUR_MS);
    expect(env.discord.messages).toHaveLength(0);

    await env.scheduler.tick(START - 24 * HOUR_MS);
    await env.scheduler.tick(START - 24 * HOUR_MS + MINUTE_MS);
    expect(env.discord.messages).toHaveLength(1);
    const day = env.discord.messages[0]!;
    expect(customIds(day)).toEqual([`session:cancel:${session.id}:before-24h`]);
    expect(embedText(day)).toContain('Mentor session tomorrow');
    expect(embedText(day)).toContain('Thu 15 Jan 2026, 18:30 (Asia/Damascus)');
    expect(embedText(day)).toContain('Ship my portfolio site');
    expect(embedText(day)).toContain('Ask specific questions');
    expect(embedText(day)).toContain('Context vs Redux');
    // `with` is plain text and nothing the bot sends can ping.
    expect(day.body.allowed_mentions).toEqual({ parse: [] });
    expect(typeof day.body.nonce).toBe('string');
    expect(day.body.enforce_nonce).toBe(true);

    await env.scheduler.tick(START - HOUR_MS);
    await env.scheduler.tick(START - HOUR_MS + MINUTE_MS);
    expect(env.discord.messages).toHaveLength(2);
    expect(customIds(env.discord.messages[1]!)).toEqual([`session:cancel:${session.id}:before-1h`]);
    expect(embedText(env.discord.messages[1]!)).toContain('Mentor session in 1 hour');

    await env.scheduler.tick(START);
    await env.scheduler.tick(START + 30 * MINUTE_MS);
    expect(env.discord.messages).toHaveLength(2);

    await env.scheduler.tick(START + HOUR_MS);
    await env.scheduler.tick(START + HOUR_MS + MINUTE_MS);
    expect(env.discord.messages).toHaveLength(3);
    expect(customIds(env.discord.messages[2]!)).toEqual([`session:notes:${session.id}`]);
    expect(embedText(env.discord.messages[2]!)).toContain('How did your mentor session go?');

    expect((await env.sessions.find(USER, session.id))?.done.sort()).toEqual(['before-1h', 'before-24h', 'follow-up']);
    // One DM channel, opened once and cached for the next sends.
    expect(env.discord.dmOpens).toEqual([USER]);
    expect((await env.members.profile(USER))?.dmChannelId).toBe(env.discord.messages[0]!.channelId);
    await env.scheduler.tick(START + 2 * HOUR_MS);
    expect(env.discord.messages).toHaveLength(3);
    // Every DM is a payload Discord accepts (limits, components, nonce).
    for (const post of env.discord.messages) expect(validatePayload('channelMessage', post.body)).toEqual([]);
  });

  it('never sends a before-start reminder after the start: after downtime only the follow-up goes, if ≤ 12 h late', async () => {
    const env = await setupSessions();
    const session = await booked(env);
    // Down from before the 24 h reminder until 2 h after the start.
    await env.scheduler.tick(START + 2 * HOUR_MS);
    expect(env.discord.messages).toHaveLength(1);
    expect(customIds(env.discord.messages[0]!)).toEqual([`session:notes:${session.id}`]);
    expect((await env.sessions.find(USER, session.id))?.done.sort()).toEqual(['before-1h', 'before-24h', 'follow-up']);
  });

  it('sends no follow-up more than 12 h late', async () => {
    const env = await setupSessions();
    const session = await booked(env);
    await env.scheduler.tick(START + 14 * HOUR_MS);
    expect(env.discord.messages).toHaveLength(0);
    expect((await env.sessions.find(USER, session.id))?.done.sort()).toEqual(['before-1h', 'before-24h', 'follow-up']);
  });

  it('sends only the 1 h reminder when the bot was down at the 24 h one and less than 1 h remains', async () => {
    const env = await setupSessions();
    const session = await booked(env);
    await env.scheduler.tick(START - 30 * MINUTE_MS);
    expect(env.discord.messages.map(customIds)).toEqual([[`session:cancel:${session.id}:before-1h`]]);
  });

  it('stops every reminder of a cancelled session', async () => {
    const env = await setupSessions();
    const session = await booked(env);
    const other = await env.sessions.add(USER, { startsAt: START + 10 * MINUTE_MS, timeZone: 'UTC' }, T0);
    await env.sessions.cancel(USER, session.id, T0 + HOUR_MS);
    for (const at of [START - 24 * HOUR_MS, START - HOUR_MS, START + HOUR_MS]) await env.scheduler.tick(at);
    // The other session still gets its reminders.
    expect(env.discord.messages.flatMap(customIds).filter((id) => id.includes(session.id))).toEqual([]);
    expect(env.discord.messages.flatMap(customIds).some((id) => id.includes(other.id))).toBe(true);
  });

  it('drops a reminder refused with 50007 without retrying it', async () => {
    const env = await setupSessions();
    env.discord.closed.add(USER);
    const session = await booked(env);
    const report = await env.scheduler.tick(START - 24 * HOUR_MS);
    expect(report.retried).toBe(0);
    await env.scheduler.tick(START - 24 * HOUR_MS + MINUTE_MS);
    await env.scheduler.tick(START - 24 * HOUR_MS + 2 * MINUTE_MS);
    expect(env.discord.state.attempts).toBe(1);
    expect(env.discord.messages).toHaveLength(0);
    expect((await env.sessions.find(USER, session.id))?.done).toEqual(['before-24h']);
    expect((await env.members.collection(REMINDER_DELIVERY).get(REMINDER_DELIVERY.key(USER, session.id, 'before-24h')))?.state).toBe('failed');
  });

  it('retries a passing failure a minute later and still sends once', async () => {
    const env = await setupSessions();
    const session = await booked(env);
    env.discord.state.failNext = 1;
    const report = await env.scheduler.tick(START - 24 * HOUR_MS);
    expect(report.retried).toBe(1);
    expect((await env.sessions.find(USER, session.id))?.done).toEqual([]);
    await env.scheduler.tick(START - 24 * HOUR_MS + MINUTE_MS);
    await env.scheduler.tick(START - 24 * HOUR_MS + 2 * MINUTE_MS);
    expect(env.discord.messages).toHaveLength(1);
    expect((await env.sessions.find(USER, session.id))?.done).toEqual(['before-24h']);
    // The 1 h reminder is still on the schedule.
    await env.scheduler.tick(START - HOUR_MS);
    expect(env.discord.messages).toHaveLength(2);
  });

  it('does not send twice when the record write after a send fails (the Outbox remembers it)', async () => {
    const env = await setupSessions();
    const session = await booked(env);
    const set = env.records.set.bind(env.records);
    let failures = 1;
    env.records.set = async (key, value) => {
      if (failures-- > 0) throw new Error('disk full');
      return set(key, value);
    };
    const report = await env.scheduler.tick(START - 24 * HOUR_MS);
    expect(report.retried).toBe(1);
    expect((await env.sessions.find(USER, session.id))?.done).toEqual([]);
    await env.scheduler.tick(START - 24 * HOUR_MS + MINUTE_MS);
    expect(env.discord.messages).toHaveLength(1);
    expect((await env.sessions.find(USER, session.id))?.done).toEqual(['before-24h']);
  });

  it('speaks the home server’s language when the user has none', async () => {
    const env = await setupSessions();
    await env.servers.update('333333333333333333', (guild) => ({ ...guild, lang: 'ar' }));
    await env.setProfile(USER, (user) => ({ ...user, homeGuildId: '333333333333333333' }));
    await booked(env);
    await env.scheduler.tick(START - 24 * HOUR_MS);
    // The time is written the Arabic way (Levantine month names).
    expect(embedText(env.discord.messages[0]!)).toContain('كانون الثاني');
  });
});
