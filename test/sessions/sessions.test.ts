import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/discord/errors.js';
import { loadUiStrings, translator } from '../../src/i18n/index.js';
import { minuteOf } from '../../src/scheduler/due-index.js';
import { sessionJob, upcomingSessions } from '../../src/sessions/sessions.js';
import { MAX_UPCOMING_SESSIONS } from '../../src/store/records.js';
import { HOUR_MS, MINUTE_MS } from '../../src/time/index.js';
import { setupSessions } from './support.js';

const USER = '111111111111111111';
const T0 = Date.UTC(2026, 0, 10, 12, 0); // Saturday 10 Jan 2026, 12:00 UTC
const START = Date.UTC(2026, 0, 15, 15, 30); // Thursday 15 Jan, 18:30 in Asia/Damascus

/** The jobs the due index holds for one instant's minute. */
async function jobsAt(env: Awaited<ReturnType<typeof setupSessions>>, at: number): Promise<string[]> {
  return (await env.index.jobsUntil(minuteOf(at), at)).jobs;
}

const userError = async (promise: Promise<unknown>): Promise<UserError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
};

describe('Sessions repository', () => {
  it('saves a session and indexes its first reminder, 24 h before', async () => {
    const env = await setupSessions();
    const session = await env.sessions.add(USER, { startsAt: START, timeZone: 'Asia/Damascus', with: 'Rami', topic: 'State management' }, T0);
    expect(session).toMatchObject({ startsAt: START, timeZone: 'Asia/Damascus', with: 'Rami', topic: 'State management', createdAt: T0, done: [] });
    expect(await env.records.get(USER)).toEqual({ version: 1, items: [session] });
    expect(await jobsAt(env, START - 24 * HOUR_MS)).toEqual([sessionJob(USER, session.id)]);
    expect(await env.sessions.upcoming(USER, T0)).toEqual([session]);
  });

  it('settles reminders whose time has passed when the session is booked: 5 h ahead gets no 24 h reminder', async () => {
    const env = await setupSessions();
    const soon = await env.sessions.add(USER, { startsAt: T0 + 5 * HOUR_MS, timeZone: 'UTC' }, T0);
    expect(soon.done).toEqual(['before-24h']);
    expect(await jobsAt(env, T0 + 4 * HOUR_MS)).toEqual([sessionJob(USER, soon.id)]);
    const verySoon = await env.sessions.add(USER, { startsAt: T0 + 30 * MINUTE_MS, timeZone: 'UTC' }, T0);
    expect(verySoon.done.sort()).toEqual(['before-1h', 'before-24h']);
    expect(await jobsAt(env, T0 + 90 * MINUTE_MS)).toEqual([sessionJob(USER, verySoon.id)]);
  });

  it('writes the index entry before the record: a crash between the two loses no reminder', async () => {
    const env = await setupSessions();
    const set = env.records.set.bind(env.records);
    env.records.set = async () => {
      throw new Error('killed');
    };
    await expect(env.sessions.add(USER, { startsAt: START, timeZone: 'UTC' }, T0)).rejects.toThrow('killed');
    env.records.set = set;
    // The entry is there without its record: the job finds nothing and does nothing.
    const [job] = await jobsAt(env, START - 24 * HOUR_MS);
    expect(job).toMatch(/^session:111111111111111111:[0-9a-f]{8}$/);
    expect(await env.job.runBatch([job!.split(':').slice(1)], START - 24 * HOUR_MS)).toEqual([]);
    expect(env.discord.messages).toEqual([]);
  });

  it(`allows at most ${MAX_UPCOMING_SESSIONS} upcoming sessions, naming the limit`, async () => {
    const env = await setupSessions();
    for (let i = 0; i < MAX_UPCOMING_SESSIONS; i++) await env.sessions.add(USER, { startsAt: START + i * HOUR_MS, timeZone: 'UTC' }, T0);
    const error = await userError(env.sessions.add(USER, { startsAt: START + 20 * HOUR_MS, timeZone: 'UTC' }, T0));
    expect(error.key).toBe('session.too_many');
    expect(translator(loadUiStrings().en, 'en')(error.key, error.vars)).toContain(`You already have ${MAX_UPCOMING_SESSIONS} upcoming sessions`);
    // A cancelled one, or one that has started, no longer counts.
    const [first] = await env.sessions.upcoming(USER, T0);
    await env.sessions.cancel(USER, first!.id, T0);
    await env.sessions.add(USER, { startsAt: START + 20 * HOUR_MS, timeZone: 'UTC' }, T0);
    await env.sessions.add(USER, { startsAt: START + 30 * HOUR_MS, timeZone: 'UTC' }, START + HOUR_MS);
    expect(upcomingSessions(await env.records.get(USER), START + HOUR_MS)).toHaveLength(MAX_UPCOMING_SESSIONS);
  });

  it('refuses a time in the past and over-long text', async () => {
    const env = await setupSessions();
    expect((await userError(env.sessions.add(USER, { startsAt: T0, timeZone: 'UTC' }, T0))).key).toBe('session.in_past');
    expect((await userError(env.sessions.add(USER, { startsAt: START, timeZone: 'UTC', with: 'x'.repeat(101) }, T0))).key).toBe('session.too_long');
    expect(await env.records.get(USER)).toBeUndefined();
  });

  it('cancels an upcoming session, once, and drops its index entry', async () => {
    const env = await setupSessions();
    const session = await env.sessions.add(USER, { startsAt: START, timeZone: 'UTC' }, T0);
    const first = await env.sessions.cancel(USER, session.id, T0 + 1);
    expect(first).toMatchObject({ already: false, session: { id: session.id, cancelledAt: T0 + 1 } });
    expect(await jobsAt(env, START - 24 * HOUR_MS)).toEqual([]);
    expect(await env.sessions.upcoming(USER, T0 + 2)).toEqual([]);
    expect((await env.sessions.cancel(USER, session.id, T0 + 2)).already).toBe(true);
    expect((await userError(env.sessions.cancel(USER, 'nope', T0))).key).toBe('session.unknown');
    const started = await env.sessions.add(USER, { startsAt: START + HOUR_MS, timeZone: 'UTC' }, T0);
    expect((await userError(env.sessions.cancel(USER, started.id, START + HOUR_MS))).key).toBe('session.already_started');
  });

  it('saves action items on a session', async () => {
    const env = await setupSessions();
    const session = await env.sessions.add(USER, { startsAt: START, timeZone: 'UTC' }, T0);
    await env.sessions.saveActionItems(USER, session.id, 'Read about Context vs Redux\nRefactor the cart');
    expect((await env.sessions.find(USER, session.id))?.actionItems).toBe('Read about Context vs Redux\nRefactor the cart');
    expect((await userError(env.sessions.saveActionItems(USER, session.id, 'x'.repeat(1001)))).key).toBe('session.too_long');
    expect((await userError(env.sessions.saveActionItems(USER, 'nope', 'x'))).key).toBe('session.unknown');
  });
});
