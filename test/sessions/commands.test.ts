import { describe, expect, it } from 'vitest';
import goal from '../../commands/goal.js';
import session from '../../commands/session.js';
import type { Answer, Reply } from '../../src/discord/command.js';
import { UserError } from '../../src/discord/errors.js';
import { MAX_OPEN_GOALS } from '../../src/store/records.js';
import { DAY_MS, HOUR_MS } from '../../src/time/index.js';
import { checkCommand, checkModal } from '../fake-discord/validate.js';
import { setupSessions, t } from './support.js';

const USER = '444444444444444444';
const GUILD = '555555555555555555';
const T0 = Date.UTC(2026, 0, 10, 12, 0);
const START = Date.UTC(2026, 0, 15, 15, 30); // 18:30 in Asia/Damascus

type Env = Awaited<ReturnType<typeof setupSessions>>;

/** What a handler gets, with the services these commands use. */
const context = (env: Env, now: number, interaction: unknown = {}) =>
  ({
    interaction,
    userId: USER,
    guildId: GUILD,
    lang: 'en',
    t,
    now: () => now,
    services: { mentorSessions: env.sessions, checkins: env.checkins, languages: env.languages, goals: env.goals },
  }) as never;

const reply = (answer: Answer): Reply => {
  if ('modal' in answer) throw new Error('expected a message');
  return answer;
};

const userError = async (work: () => unknown): Promise<UserError> => {
  const error = await Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
};

const add = (env: Env, now: number, args: { when: string; timezone: string; with?: string; topic?: string }) =>
  session.handlers.add(context(env, now), { with: undefined, topic: undefined, ...args });

describe('/session', () => {
  it('has definitions Discord accepts', () => {
    expect(checkCommand(session.definition)).toEqual([]);
    expect(checkCommand(goal.definition)).toEqual([]);
  });

  it('books a session from local wall-clock time and says which reminders will come', async () => {
    const env = await setupSessions();
    const answer = reply(await add(env, T0, { when: '2026-01-15 18:30', timezone: 'asia/damascus', with: ' Rami ', topic: 'Context vs Redux' }));
    expect(answer.ephemeral).toBe(true);
    const text = JSON.stringify(answer.embeds);
    expect(text).toContain('Thu 15 Jan 2026, 18:30 (Asia/Damascus)');
    expect(text).toContain('24 hours and 1 hour before');
    const [booked] = await env.sessions.upcoming(USER, T0);
    expect(booked).toMatchObject({ startsAt: START, timeZone: 'Asia/Damascus', with: 'Rami', topic: 'Context vs Redux' });
    // The server becomes the user's home: its language is their DMs' fallback.
    expect((await env.checkins.users.get(USER))?.homeGuildId).toBe(GUILD);
  });

  it('names the bad value: unparsable time, unknown timezone, a time in the past', async () => {
    const env = await setupSessions();
    const bad = await userError(() => add(env, T0, { when: '15/01/2026 6pm', timezone: 'UTC' }));
    expect([bad.key, bad.vars]).toEqual(['session.bad_when', { value: '15/01/2026 6pm' }]);
    const zone = await userError(() => add(env, T0, { when: '2026-01-15 18:30', timezone: 'Mars/Olympus' }));
    expect([zone.key, zone.vars]).toEqual(['error.bad_timezone', { value: 'Mars/Olympus' }]);
    const past = await userError(() => add(env, T0, { when: '2026-01-09 18:30', timezone: 'UTC' }));
    expect([past.key, past.vars]).toEqual(['session.in_past', { value: 'Fri 9 Jan 2026, 18:30 (UTC)' }]);
    expect(t(past.key, past.vars)).toContain('Fri 9 Jan 2026, 18:30 (UTC)');
  });

  it('refuses an eleventh upcoming session, naming the limit', async () => {
    const env = await setupSessions();
    for (let day = 11; day <= 20; day++) await add(env, T0, { when: `2026-01-${day} 18:00`, timezone: 'UTC' });
    const error = await userError(() => add(env, T0, { when: '2026-01-21 18:00', timezone: 'UTC' }));
    expect(t(error.key, error.vars)).toContain('10 upcoming sessions');
  });

  it('lists upcoming sessions, autocompletes them and cancels from the command or the reminder button', async () => {
    const env = await setupSessions();
    await add(env, T0, { when: '2026-01-15 18:30', timezone: 'Asia/Damascus', with: 'Rami' });
    await add(env, T0, { when: '2026-01-12 09:00', timezone: 'UTC', topic: 'CV review' });
    const list = reply(await session.handlers.list(context(env, T0), {}));
    expect(list.embeds?.[0]?.fields?.map((field) => field.name)).toEqual(['Mon 12 Jan 2026, 09:00 (UTC)', 'Thu 15 Jan 2026, 18:30 (Asia/Damascus)']);

    const choices = await session.autocomplete!.session!(context(env, T0), 'rami');
    expect(choices).toHaveLength(1);
    expect(choices[0]?.name).toBe('Thu 15 Jan 2026, 18:30 (Asia/Damascus) · Rami');
    const id = String(choices[0]?.value);

    const cancelled = reply(await session.handlers.cancel(context(env, T0), { session: id }));
    expect(cancelled).toMatchObject({ ephemeral: true, content: expect.stringContaining('Cancelled your session on Thu 15 Jan 2026') });
    const [other] = await env.sessions.upcoming(USER, T0);
    const viaButton = reply(await session.button!.cancel!(context(env, T0), [other!.id, 'before-24h']));
    expect(viaButton.content).toContain('Cancelled');
    expect(reply(await session.button!.cancel!(context(env, T0), [other!.id])).content).toContain('already cancelled');
    expect(reply(await session.handlers.list(context(env, T0), {})).content).toBe(t('session.list.empty'));
  });

  it('opens the action-items form from the follow-up and saves what is written', async () => {
    const env = await setupSessions();
    await add(env, T0, { when: '2026-01-15 18:30', timezone: 'Asia/Damascus' });
    const [booked] = await env.sessions.upcoming(USER, T0);
    const opened = await session.button!.notes!(context(env, START + HOUR_MS), [booked!.id]);
    if (!('modal' in opened)) throw new Error('expected a modal');
    expect(opened.modal.custom_id).toBe(`session:notes-submit:${booked!.id}`);
    const input = (opened.modal.components[0] as { components: { label: string; max_length: number; custom_id: string }[] }).components[0]!;
    expect(input.label.length).toBeLessThanOrEqual(45);
    expect(input.max_length).toBe(1000);
    expect(checkModal(opened.modal)).toEqual([]);

    const submitted = (value: string) => ({ fields: { getTextInputValue: (id: string) => (id === input.custom_id ? value : '') } });
    const saved = await session.modal!['notes-submit']!(context(env, START + HOUR_MS, submitted('  Try Context first\nAsk about testing  ')), [booked!.id]);
    expect(saved).toMatchObject({ ephemeral: true, content: t('session.notes.saved') });
    expect((await env.sessions.find(USER, booked!.id))?.actionItems).toBe('Try Context first\nAsk about testing');
    const blank = await userError(() => session.modal!['notes-submit']!(context(env, START + HOUR_MS, submitted('   ')), [booked!.id]));
    expect(blank.key).toBe('session.notes.empty');
  });
});

describe('/goal', () => {
  it('sets goals, lists them, autocompletes open ones and marks one done', async () => {
    const env = await setupSessions();
    expect(reply(await goal.handlers.list(context(env, T0), {})).content).toBe(t('goal.list.none'));
    await goal.handlers.set(context(env, T0), { text: 'Ship my portfolio site' });
    const second = reply(await goal.handlers.set(context(env, T0), { text: 'Learn testing with vitest' }));
    expect(second).toMatchObject({ ephemeral: true, content: expect.stringContaining('You now have 2 open goals (at most 25)') });

    const choices = await goal.autocomplete!.goal!(context(env, T0), 'portfolio');
    expect(choices.map((choice) => choice.name)).toEqual(['Ship my portfolio site']);
    const done = reply(await goal.handlers.done(context(env, T0 + DAY_MS), { goal: String(choices[0]!.value) }));
    expect(done.content).toContain('Ship my portfolio site');
    expect(await goal.autocomplete!.goal!(context(env, T0), '')).toHaveLength(1);

    const list = reply(await goal.handlers.list(context(env, T0 + 2 * DAY_MS), {}));
    expect(list.ephemeral).toBe(true);
    const fields = list.embeds?.[0]?.fields ?? [];
    expect(fields.map((field) => field.name)).toEqual(['Open (1/25)', 'Done in the last 30 days']);
    expect(fields[0]?.value).toContain('Learn testing with vitest');
    expect(fields[1]?.value).toContain('Ship my portfolio site');
    expect((await userError(() => goal.handlers.done(context(env, T0), { goal: 'nope' }))).key).toBe('goal.unknown');
  });

  it(`refuses the ${MAX_OPEN_GOALS + 1}th open goal, naming the limit, and keeps a full list within Discord's limits`, async () => {
    const env = await setupSessions();
    for (let i = 0; i < MAX_OPEN_GOALS; i++) await goal.handlers.set(context(env, T0), { text: `${i}: ${'x'.repeat(190)}` });
    const error = await userError(() => goal.handlers.set(context(env, T0), { text: 'one more' }));
    expect(t(error.key, error.vars)).toContain(`${MAX_OPEN_GOALS} open goals`);
    expect(await goal.autocomplete!.goal!(context(env, T0), '')).toHaveLength(25);

    const embed = reply(await goal.handlers.list(context(env, T0), {})).embeds![0]!;
    const fields = embed.fields ?? [];
    expect(fields.every((field) => field.value.length <= 1024 && field.name.length <= 256)).toBe(true);
    const total = (embed.title?.length ?? 0) + (embed.footer?.text.length ?? 0) + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(fields.map((field) => field.value).join('\n')).toContain(`24: ${'x'.repeat(190)}`);
  });
});
