import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startTestBot, TestClock, type TestBot } from '../support/bot.js';

// Monday 23 Nov 2026, 09:00 UTC. Friday 27 Nov 18:00 in Damascus (UTC+3) is 15:00 UTC.
const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const FRIDAY_DUE = Date.UTC(2026, 10, 27, 15, 0);
const MINUTE = 60_000;

async function optIn(t: TestBot, user: string) {
  return (await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: { weekday: 'friday', time: '18:00', timezone: 'Asia/Damascus' } })).answer();
}

const dmPosts = (t: TestBot, user: string) =>
  t.fake.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${t.fake.dmChannelIdFor(user)}/messages`);

describe('/checkin start and the weekly DM', () => {
  it('sends the check-in DM once when the tick passes the due time, with the three buttons', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    const reply = await optIn(t, user);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('Friday');
    expect(reply.content).toContain('Asia/Damascus');

    await t.bot.services.scheduler.tick(FRIDAY_DUE - MINUTE);
    expect(t.fake.dmMessagesFor(user)).toHaveLength(0);

    await t.bot.services.scheduler.tick(FRIDAY_DUE);
    await t.bot.services.scheduler.tick(FRIDAY_DUE + MINUTE);
    const dms = t.fake.dmMessagesFor(user);
    expect(dms).toHaveLength(1);
    const dm = dms[0]!.message;
    // Members read the week by its Monday; the ISO code stays in the buttons' custom_ids.
    expect(dm.embeds[0].title).toBe('Weekly check-in · week of 23 Nov');
    expect(dm.components[0].components.map((button: { custom_id: string }) => button.custom_id)).toEqual([
      'checkin:answer:2026-W48',
      'checkin:skip:2026-W48',
      'checkin:pause:2026-W48',
    ]);
    // The first DM says how to stop them.
    expect(JSON.stringify(dm.embeds)).toContain('/checkin stop');
    expect(dmPosts(t, user)[0]!.body).toMatchObject({ enforce_nonce: true });
    expect(dmPosts(t, user)[0]!.body.nonce.length).toBeLessThanOrEqual(25);
    t.fake.assertClean();
  });

  it('names the bad value in a private error and saves nothing', async () => {
    const t = await startTestBot();
    const user = t.fake.defaults.member.id;
    const badZone = await (
      await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: { weekday: 'friday', time: '18:00', timezone: 'Mars/Olympus' } })
    ).answer();
    expect(badZone.ephemeral).toBe(true);
    expect(badZone.content).toContain('Mars/Olympus');
    const badTime = await (
      await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: { weekday: 'friday', time: '25:61', timezone: 'UTC' } })
    ).answer();
    expect(badTime.ephemeral).toBe(true);
    expect(badTime.content).toContain('25:61');
    expect(await t.bot.services.members.profile(user)).toBeUndefined();
  });

  it('accepts UTC and Europe/Kyiv, and autocompletes timezones', async () => {
    const t = await startTestBot();
    for (const timezone of ['UTC', 'Europe/Kyiv']) {
      const reply = await (
        await t.fake.command({ name: 'checkin', subcommand: 'start', options: { weekday: 'monday', time: '08:30', timezone } })
      ).answer();
      expect(reply.content).toContain(timezone);
    }
    const choices = await t.fake.autocomplete({ name: 'checkin', subcommand: 'start', focused: 'timezone', value: 'damas', options: { weekday: 'monday', time: '08:30' } });
    expect(choices.map((choice) => choice.value)).toContain('Asia/Damascus');
    t.fake.assertClean();
  });
});

describe('answering, history, export and forget', () => {
  it('stores the modal answers, shows them in history and export, and forget leaves no trace in the file', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await optIn(t, user);
    await (await t.fake.command({ name: 'goal', subcommand: 'set', user, options: { text: 'Ship the portfolio site' } })).answer();
    t.clock.ms = FRIDAY_DUE;
    await t.bot.services.scheduler.tick(FRIDAY_DUE);
    expect(JSON.stringify(t.fake.dmMessagesFor(user)[0]!.message.embeds)).toContain('Ship the portfolio site');

    const opened = await (await t.fake.button({ user, dm: true, customId: 'checkin:answer:2026-W48' })).answer();
    expect(opened.modal.custom_id).toBe('checkin:submit:2026-W48');
    const wins = 'Finished-the-Redux-refactor-4417';
    const saved = await (
      await t.fake.modalSubmit({
        user,
        dm: true,
        customId: 'checkin:submit:2026-W48',
        fields: { wins, difficulties: 'Tests were flaky', suggestions: 'Tried smaller PRs; reviews got faster', focus: 'Write the README' },
      })
    ).answer();
    expect(saved.content).toContain('the week of 23 Nov');
    expect(saved.content).toContain('Streak: **1 week** in a row (best: 1 week).');

    const history = await (await t.fake.command({ name: 'checkin', subcommand: 'history', user })).answer();
    expect(history.ephemeral).toBe(true);
    expect(history.text).toContain(wins);
    expect(history.embeds[0]?.fields?.[0]?.name).toBe('Week of 23 Nov · checked in');

    const exported = await (await t.fake.command({ name: 'checkin', subcommand: 'export', user })).answer();
    expect(exported.ephemeral).toBe(true);
    const file = JSON.parse(exported.files[0]!.data.toString('utf8'));
    expect(file.checkins[0].answers.wins).toBe(wins);
    expect(file.goals.items[0].text).toBe('Ship the portfolio site');
    expect(file.settings.checkin.timeZone).toBe('Asia/Damascus');

    const confirm = await (await t.fake.command({ name: 'checkin', subcommand: 'forget', user })).answer();
    expect(confirm.customIds).toContain('checkin:forget-yes');
    const done = await (await t.fake.button({ user, customId: 'checkin:forget-yes' })).answer();
    expect(done.ephemeral).toBe(true);

    const again = await (await t.fake.command({ name: 'checkin', subcommand: 'export', user })).answer();
    const empty = JSON.parse(again.files[0]!.data.toString('utf8'));
    expect(empty.settings).toBeNull();
    expect(empty.checkins).toEqual([]);
    await t.bot.stop();
    const bytes = readFileSync(t.databaseFile);
    expect(bytes.includes(wins)).toBe(false);
    expect(bytes.includes('Ship the portfolio site')).toBe(false);
    expect(bytes.includes(user)).toBe(false);
    await t.restart();
  });

  it('a later answer the same week replaces the earlier one', async () => {
    const t = await startTestBot({ clock: new TestClock(FRIDAY_DUE) });
    const user = t.fake.defaults.member.id;
    const fields = (wins: string) => ({ wins, difficulties: '', suggestions: '', focus: 'x' });
    for (const wins of ['first answer', 'second answer']) {
      await (await t.fake.command({ name: 'checkin', subcommand: 'now', user })).answer();
      await (await t.fake.modalSubmit({ user, customId: 'checkin:submit:2026-W48', fields: fields(wins) })).answer();
    }
    const { weeks, streak } = await t.bot.services.checkins.history(user);
    expect(weeks.map((week) => week.answers?.wins)).toEqual(['second answer']);
    expect(streak.current).toBe(1);
  });
});

describe('/checkin stop and resume', () => {
  it('stop pauses the DMs and keeps the data; resume brings them back from the next occurrence', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await optIn(t, user);
    const stopped = await (await t.fake.command({ name: 'checkin', subcommand: 'stop', user })).answer();
    expect(stopped.ephemeral).toBe(true);
    expect(stopped.content).toContain('/checkin resume');
    await t.bot.services.scheduler.tick(FRIDAY_DUE);
    expect(t.fake.dmMessagesFor(user)).toHaveLength(0);
    expect((await t.bot.services.members.profile(user))?.checkin?.timeZone).toBe('Asia/Damascus');

    t.clock.ms = FRIDAY_DUE + 60 * MINUTE;
    const resumed = await (await t.fake.command({ name: 'checkin', subcommand: 'resume', user })).answer();
    expect(resumed.content).toContain('4 Dec 2026, 18:00');
    await t.bot.services.scheduler.tick(FRIDAY_DUE + 7 * 24 * 60 * MINUTE);
    expect(t.fake.dmMessagesFor(user)).toHaveLength(1);
    t.fake.assertClean();
  });

  it('the Pause button in the DM does what /checkin stop does', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await optIn(t, user);
    await t.bot.services.scheduler.tick(FRIDAY_DUE);
    const paused = await (await t.fake.button({ user, dm: true, customId: 'checkin:pause:2026-W48' })).answer();
    expect(paused.content).toContain('/checkin resume');
    expect((await t.bot.services.members.profile(user))?.checkin?.status).toBe('paused');
  });

  it('resume without having started says how to start', async () => {
    const t = await startTestBot();
    const answer = await (await t.fake.command({ name: 'checkin', subcommand: 'resume' })).answer();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('/checkin start');
  });

  it('"Keep my data" on the forget prompt deletes nothing', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await optIn(t, user);
    await (await t.fake.command({ name: 'checkin', subcommand: 'forget', user })).answer();
    const kept = await (await t.fake.button({ user, customId: 'checkin:forget-no' })).answer();
    expect(kept.ephemeral).toBe(true);
    expect((await t.bot.services.members.profile(user))?.checkin).toBeDefined();
  });
});

describe('closed DMs', () => {
  it('pauses after one attempt, keeps the data, and tells the user with their next command', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await optIn(t, user);
    t.fake.closeDms(user);
    await t.bot.services.scheduler.tick(FRIDAY_DUE);
    await t.bot.services.scheduler.tick(FRIDAY_DUE + 5 * MINUTE);
    expect(dmPosts(t, user)).toHaveLength(1);
    expect(dmPosts(t, user)[0]!.status).toBe(403);
    const record = await t.bot.services.members.profile(user);
    expect(record?.checkin).toMatchObject({ status: 'paused', pausedReason: 'dm-closed' });

    const handle = await t.fake.command({ name: 'mentorship', subcommand: 'why', user });
    await handle.answer();
    const notice = await handle.followUp(0);
    expect(notice.ephemeral).toBe(true);
    expect(notice.content).toContain('/checkin resume');
    // Told once.
    const later = await t.fake.command({ name: 'mentorship', subcommand: 'intro', user });
    await later.answer();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(later.followUps ?? []).toHaveLength(0);
  });
});

describe('closed DMs, then re-opened', () => {
  const MONDAY_DUE = MONDAY + 60 * MINUTE; // Monday 13:00 in Damascus, week 2026-W48
  const WEEK_MS = 7 * 24 * 60 * MINUTE;
  const checkinsOf = (t: TestBot, user: string, week: string) =>
    t.fake.dmMessagesFor(user).filter((stored) => JSON.stringify(stored.message.components).includes(`checkin:answer:${week}`));

  /** A member due Monday 13:00 whose DMs are closed: the week's one attempt is refused (50007). */
  async function refusedOnMonday(t: TestBot, user: string): Promise<void> {
    await (await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: { weekday: 'monday', time: '13:00', timezone: 'Asia/Damascus' } })).answer();
    t.fake.closeDms(user);
    t.clock.ms = MONDAY_DUE;
    await t.bot.services.scheduler.tick(MONDAY_DUE);
    expect(dmPosts(t, user).map((request) => request.status)).toEqual([403]);
    expect((await t.bot.services.members.profile(user))?.checkin).toMatchObject({ status: 'paused', pausedReason: 'dm-closed' });
    t.fake.openDms(user);
  }

  it('a new /checkin start later that same week gets a fresh attempt that week, not the refusal on record', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await refusedOnMonday(t, user);

    t.clock.ms = MONDAY_DUE + 60 * MINUTE;
    await optIn(t, user); // Friday 18:00, the same ISO week
    t.clock.ms = FRIDAY_DUE;
    await t.bot.services.scheduler.tick(FRIDAY_DUE);
    expect(dmPosts(t, user)).toHaveLength(2);
    expect(checkinsOf(t, user, '2026-W48')).toHaveLength(1);
    expect((await t.bot.services.members.profile(user))?.checkin?.status).toBe('active');
    // The week the bot had given up on is open again, and the member can answer it from the DM.
    const opened = await (await t.fake.button({ user, dm: true, customId: 'checkin:answer:2026-W48' })).answer();
    expect(opened.modal.custom_id).toBe('checkin:submit:2026-W48');
    t.fake.assertClean();
  });

  it('/checkin resume as the first command after: no stale notice, next week\'s check-in arrives, the refused week stays recorded as not sent', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await refusedOnMonday(t, user);

    t.clock.ms = MONDAY_DUE + 60 * MINUTE;
    const resume = await t.fake.command({ name: 'checkin', subcommand: 'resume', user });
    expect((await resume.answer()).content).toContain('30 Nov 2026, 13:00');
    // Resuming is what the notice would ask for: it is not shown after the fact.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resume.followUps).toHaveLength(0);

    t.clock.ms = MONDAY_DUE + WEEK_MS;
    await t.bot.services.scheduler.tick(MONDAY_DUE + WEEK_MS);
    expect(checkinsOf(t, user, '2026-W49')).toHaveLength(1);
    const { weeks } = await t.bot.services.checkins.history(user);
    expect(weeks.map((week) => [week.week, week.status])).toEqual([
      ['2026-W48', 'bot-missed'],
      ['2026-W49', 'pending'],
    ]);
    t.fake.assertClean();
  });
});

describe('/guide schedule', () => {
  it('posts the next entry each week, and disables itself after one attempt once the channel is gone', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const channel = t.fake.defaults.announcementChannelId;
    const reply = await (
      await t.fake.command({
        name: 'guide',
        subcommand: 'schedule',
        user: t.fake.defaults.moderator,
        options: { channel, weekday: 'friday', time: '18:00', timezone: 'Asia/Damascus' },
      })
    ).answer();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/27 Nov 2026, 18:00/);

    await t.bot.services.scheduler.tick(FRIDAY_DUE);
    const week = 7 * 24 * 60 * MINUTE;
    await t.bot.services.scheduler.tick(FRIDAY_DUE + week);
    const titles = t.fake.channelMessages(channel).map((message) => message.message.embeds[0].title);
    const { content } = t.bot.services;
    expect(titles).toEqual([content.entry('en', 'intro').title, content.entry('en', 'why').title]);

    t.fake.deleteChannel(channel);
    await t.bot.services.scheduler.tick(FRIDAY_DUE + 2 * week);
    await t.bot.services.scheduler.tick(FRIDAY_DUE + 3 * week);
    const attempts = t.fake.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${channel}/messages`);
    expect(attempts).toHaveLength(3);
    const guild = await t.bot.services.servers.get(t.fake.defaults.guildId);
    expect(guild?.guideSchedule).toMatchObject({ status: 'disabled', disabledReason: 'channel-deleted' });
  });

  it('refuses a member without Manage Messages', async () => {
    const t = await startTestBot();
    const reply = await (
      await t.fake.command({ name: 'guide', subcommand: 'unschedule', user: t.fake.defaults.member })
    ).answer();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('Manage Messages');
  });
});
