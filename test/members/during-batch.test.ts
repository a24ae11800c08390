/**
 * A member acting while the weekly batch runs: with everyone due at the same minute, that is
 * exactly when members are active. The real bot, in-process, against the fake Discord and SQLite.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CHECKIN_DELIVERY } from '../../src/members/members.js';
import { FakeDiscord } from '../fake-discord/index.js';
import { startTestBot, TestClock, type TestBot } from '../support/bot.js';
import { newDatabaseFile, readCheckinState, seedDueCheckins, startServingBot, waitFor } from '../faults/support.js';
import { answerNow } from './support.js';

const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const FRIDAY_DUE = Date.UTC(2026, 10, 27, 15, 0); // Friday 18:00 in Damascus, week 2026-W48
const schedule = { weekday: 5, hour: 18, minute: 0, timeZone: 'Asia/Damascus' } as const;
const WEEK_MS = 7 * 24 * 3_600_000;

/** The database file and its journal/WAL, as bytes. */
const fileBytes = (file: string): Buffer => Buffer.concat([file, `${file}-wal`, `${file}-journal`].filter(existsSync).map((path) => readFileSync(path)));

/** `/checkin forget`, then its confirm button, as the member does it. */
async function forget(t: TestBot, user: string): Promise<void> {
  await (await t.fake.command({ name: 'checkin', subcommand: 'forget', user })).answer(15_000);
  await (await t.fake.button({ user, customId: 'checkin:forget-yes' })).answer(15_000);
}

describe('while the weekly batch runs', () => {
  it('keeps an answer given mid-batch, and forget mid-batch (even racing /goal set) leaves nothing behind', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const { checkins, scheduler } = t.bot.services;
    const others = Array.from({ length: 250 }, (_, i) => t.fake.user({ username: `member${i}` }).id);
    const answerer = t.fake.user({ username: 'answerer' }).id;
    const forgetter = t.fake.user({ username: 'forgetter' }).id;
    const racer = t.fake.user({ username: 'racer' }).id;
    const pauser = t.fake.user({ username: 'pauser' }).id;
    for (const user of others) await checkins.subscribe(user, schedule, null, MONDAY);
    // Last in the bucket: the batch reaches them after they have acted.
    for (const user of [answerer, forgetter, racer, pauser]) await checkins.subscribe(user, schedule, null, MONDAY);
    const secret = 'Shipped-my-first-PR-9931';
    await (await t.fake.command({ name: 'goal', subcommand: 'set', user: forgetter, options: { text: secret } })).answer();
    await scheduler.tick(MONDAY);

    t.clock.ms = FRIDAY_DUE;
    const batch = scheduler.tick(FRIDAY_DUE);
    await waitFor(() => t.fake.channelMessagesCreated >= 20, () => 'the batch to be under way');

    const wins = 'Answered-while-the-batch-ran-5521';
    await answerNow(t.fake, answerer, '2026-W48', wins);
    await forget(t, forgetter);
    await (await t.fake.command({ name: 'checkin', subcommand: 'forget', user: racer })).answer(15_000);
    const [goal, forgot] = await Promise.all([
      t.fake.command({ name: 'goal', subcommand: 'set', user: racer, options: { text: 'Racing-goal-7710' } }),
      t.fake.button({ user: racer, customId: 'checkin:forget-yes' }),
    ]);
    await Promise.all([goal.answer(15_000), forgot.answer(15_000)]);
    await (await t.fake.command({ name: 'checkin', subcommand: 'stop', user: pauser })).answer(15_000);
    // The batch had not reached them when they acted: the test shows nothing otherwise.
    expect(t.fake.channelMessagesCreated).toBeLessThan(others.length);
    const report = await batch;
    expect(report.retried).toBe(0);
    // Paused while the batch ran, from a snapshot read before: no DM.
    expect(t.fake.dmMessagesFor(pauser)).toHaveLength(0);

    // The answer stands, in history and in export.
    const { weeks, streak } = await checkins.history(answerer);
    expect(weeks.find((week) => week.week === '2026-W48')).toMatchObject({ status: 'answered', answers: { wins } });
    expect(streak.current).toBe(1);
    const exported = await (await t.fake.command({ name: 'checkin', subcommand: 'export', user: answerer })).answer();
    expect(exported.files[0]!.data.toString('utf8')).toContain(wins);
    // Answered before the batch reached them: no DM asking for what they already gave.
    expect(t.fake.dmMessagesFor(answerer)).toHaveLength(0);
    expect(others.every((user) => t.fake.dmMessagesFor(user).length === 1)).toBe(true);

    // The racer: whichever came first, nothing is left that export and forget cannot find.
    const racerExport = JSON.parse((await (await t.fake.command({ name: 'checkin', subcommand: 'export', user: racer })).answer()).files[0]!.data.toString('utf8'));
    if (racerExport.goals !== null) expect(racerExport.settings).not.toBeNull();
    await forget(t, racer);

    // A week later nobody forgotten is asked again.
    await scheduler.tick(FRIDAY_DUE + WEEK_MS);
    expect(t.fake.dmMessagesFor(forgetter)).toHaveLength(0);
    expect(t.fake.dmMessagesFor(racer)).toHaveLength(0);
    await t.bot.stop();
    const bytes = fileBytes(t.databaseFile);
    for (const gone of [forgetter, racer, secret, 'Racing-goal-7710']) expect(bytes.includes(gone), `${gone} left in the file`).toBe(false);
    expect(bytes.includes(answerer)).toBe(true);
    t.fake.assertClean();
  }, 60_000);

  it('a check-in DM being sent when the member forgets finishes first; then nothing of theirs remains', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const { checkins, scheduler } = t.bot.services;
    const user = t.fake.defaults.member.id;
    await checkins.subscribe(user, schedule, null, MONDAY);
    await scheduler.tick(MONDAY);
    // Hold the DM on the wire for a while: the member forgets while it is in flight.
    t.fake.failNext({ method: 'POST', path: `/channels/${t.fake.dmChannelIdFor(user)}/messages` }, 1, { delayMs: 1_500, passThrough: true });
    t.clock.ms = FRIDAY_DUE;
    const batch = scheduler.tick(FRIDAY_DUE);
    await waitFor(() => t.fake.requests.some((request) => request.method === 'POST' && request.path.includes('/messages')), () => 'the DM to be sent');
    const forgotten = forget(t, user);
    await Promise.all([batch, forgotten]);
    await t.bot.stop();
    expect(fileBytes(t.databaseFile).includes(user)).toBe(false);
  }, 30_000);
});

describe('while the weekly batch runs in the built bot, as its own process', () => {
  it('an answer given mid-batch through Discord is kept, and that member is not asked for it', async () => {
    const fake = await FakeDiscord.start();
    onTestFinished(() => fake.stop());
    const databaseFile = newDatabaseFile();
    // 250 members due a minute ago, and the one who answers last in the bucket: the batch
    // reaches them after they have acted.
    const { users, week } = await seedDueCheckins(fake, databaseFile, 251);
    const others = users.slice(0, -1);
    const answerer = users.at(-1)!;
    // The batch starts as soon as the process is up (it catches up at once).
    const run = await startServingBot(fake, databaseFile);
    await waitFor(() => fake.channelMessagesCreated >= 20, () => 'the batch to be under way');

    const wins = 'Answered-through-the-real-process-8812';
    await answerNow(fake, answerer, week, wins);
    expect(fake.channelMessagesCreated).toBeLessThan(others.length);

    await waitFor(() => others.every((user) => fake.dmMessagesFor(user).length > 0), () => `the batch to end; stderr:\n${run.stderr()}`);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(fake.dmMessagesFor(answerer)).toHaveLength(0);
    expect(others.every((user) => fake.dmMessagesFor(user).length === 1)).toBe(true);
    const [state] = await readCheckinState(databaseFile, [answerer], week);
    expect(state!.week).toMatchObject({ status: 'answered', answers: { wins } });
    expect(state!.user?.checkin?.nextDueAt).toBeGreaterThan(Date.now());
    expect(fake.violations).toEqual([]);
  }, 60_000);
});

describe('an outage', () => {
  it('of more than a week: one late DM for week 2, then week 3 on time (and the same for guide posts)', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const { checkins, guides, scheduler } = t.bot.services;
    const user = t.fake.defaults.member.id;
    const channel = t.fake.defaults.textChannelId;
    await scheduler.tick(MONDAY);
    await checkins.subscribe(user, schedule, null, MONDAY);
    await guides.schedule(t.fake.defaults.guildId, channel, schedule, MONDAY);

    // Down from before the first due time until 7 d 5 h after it.
    const back = t.clock.ms = FRIDAY_DUE + WEEK_MS + 5 * 3_600_000;
    await scheduler.tick(back);
    await scheduler.tick(t.clock.advance(60_000));
    expect(t.fake.dmMessagesFor(user)).toHaveLength(1);
    expect(JSON.stringify(t.fake.dmMessagesFor(user)[0]!.message.components)).toContain('2026-W49');
    expect(t.fake.channelMessages(channel)).toHaveLength(1);
    const { weeks } = await checkins.history(user);
    expect(weeks.map((week) => [week.week, week.status])).toEqual([
      ['2026-W48', 'bot-missed'],
      ['2026-W49', 'pending'],
    ]);

    t.clock.ms = FRIDAY_DUE + 2 * WEEK_MS;
    await scheduler.tick(FRIDAY_DUE + 2 * WEEK_MS);
    expect(t.fake.dmMessagesFor(user)).toHaveLength(2);
    expect(JSON.stringify(t.fake.dmMessagesFor(user)[1]!.message.components)).toContain('2026-W50');
    expect(t.fake.channelMessages(channel)).toHaveLength(2);

    // Retention: a week's delivery record lives until the week after it.
    const deliveries = t.bot.services.members.collection(CHECKIN_DELIVERY);
    t.clock.ms = FRIDAY_DUE + 3 * WEEK_MS;
    await scheduler.tick(FRIDAY_DUE + 3 * WEEK_MS);
    expect(t.fake.dmMessagesFor(user)).toHaveLength(3);
    expect(await deliveries.get(CHECKIN_DELIVERY.key(user, '2026-W49'))).toBeUndefined();
    expect((await deliveries.get(CHECKIN_DELIVERY.key(user, '2026-W50')))?.state).toBe('sent');
    t.fake.assertClean();
  }, 30_000);
});
