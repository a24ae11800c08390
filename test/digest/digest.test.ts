import { readFileSync } from 'node:fs';
import { loadImage } from '@napi-rs/canvas';
import { PermissionFlagsBits, type GuildChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { Perm } from '../fake-discord/index.js';
import { startTestBot, TestClock, type TestBot } from '../support/bot.js';

// Monday 23 Nov 2026, 09:00 UTC (ISO week 2026-W48); the digest is due Friday 27 Nov, 18:00 UTC.
const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const DUE = Date.UTC(2026, 10, 27, 18, 0);
const MINUTE = 60_000;
const WEEK_MS = 7 * 24 * 60 * MINUTE;
const ANSWERS = { wins: 'Shipped it', difficulties: '', suggestions: '', focus: 'Tests' };

/** `n` members of the fake's server who check in for week 48 through the bot's own repository. */
async function membersCheckIn(t: TestBot, n: number, week = '2026-W48') {
  const guildId = t.fake.defaults.guildId;
  for (let i = 0; i < n; i++) {
    const id = `90000000000000${String(i).padStart(4, '0')}`;
    await t.bot.services.checkins.subscribe(id, { weekday: 5, hour: 12, minute: 0, timeZone: 'UTC' }, guildId, t.clock.ms);
    await t.bot.services.checkins.answer(id, week, ANSWERS, t.clock.ms);
  }
}

async function scheduleDigest(t: TestBot) {
  const owner = t.fake.defaults.owner;
  // The chart is an attachment: the bot needs Attach Files where it posts (a fresh server's @everyone has it).
  return (
    await t.fake.command({
      name: 'digest',
      subcommand: 'schedule',
      user: owner,
      options: { channel: t.fake.defaults.textChannelId, weekday: 'friday', time: '18:00', timezone: 'UTC' },
    })
  ).answer();
}

const digestPosts = (t: TestBot) => t.fake.channelMessages(t.fake.defaults.textChannelId).filter((stored) => JSON.stringify(stored.message.embeds).includes('Community digest'));

describe('the weekly digest', () => {
  it('stops when the bot loses its channel, and tells the next moderator to ask for /digest now, once', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    await scheduleDigest(t);
    await membersCheckIn(t, 6);
    const channel = t.fake.defaults.textChannelId;
    t.fake.setBotChannelPermissions(channel, { deny: Perm.SendMessages });
    const cached = () => (t.bot.client.channels.cache.get(channel) as GuildChannel).permissionsFor(t.bot.client.user!)?.has(PermissionFlagsBits.SendMessages);
    for (const deadline = Date.now() + 10_000; cached(); await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (Date.now() > deadline) throw new Error('the bot never learnt of the change (CHANNEL_UPDATE)');
    }
    t.clock.ms = DUE;
    await t.bot.services.scheduler.tick(DUE);
    expect(digestPosts(t)).toHaveLength(0);
    expect((await t.bot.services.servers.get(t.fake.defaults.guildId))?.digestSchedule).toMatchObject({ status: 'disabled', disabledReason: 'missing-access' });

    const now = async () => (await t.fake.command({ name: 'digest', subcommand: 'now', user: t.fake.defaults.owner })).answer();
    const told = await now();
    expect(told.ephemeral).toBe(true);
    expect(told.content).toContain(`the weekly digest in <#${channel}> has stopped: I can no longer post there`);
    expect(told.content).toContain('/digest schedule');
    expect((await now()).content).not.toContain('has stopped');
  });

  it('posts once a week, exactly once across a restart, with the chart as an attachment and its text alternative', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const scheduled = await scheduleDigest(t);
    expect(scheduled.ephemeral).toBe(true);
    expect(scheduled.content).toContain('Fri 27 Nov 2026, 18:00 (UTC)');
    await membersCheckIn(t, 6);

    await t.bot.services.scheduler.tick(DUE - MINUTE);
    expect(digestPosts(t)).toHaveLength(0);
    await t.bot.services.scheduler.tick(DUE);
    expect(digestPosts(t)).toHaveLength(1);
    await t.restart();
    await t.bot.services.scheduler.tick(DUE + MINUTE);
    await t.bot.services.scheduler.tick(DUE + 2 * MINUTE);
    expect(digestPosts(t)).toHaveLength(1);

    const [post] = digestPosts(t);
    const embed = post!.message.embeds[0];
    expect(embed.title).toBe('Community digest · week of 23 Nov');
    expect(embed.description).toContain('Checked in: **6**');
    expect(embed.image.url).toBe('attachment://participation.png');
    const attachment = post!.message.attachments[0];
    expect(attachment.filename).toBe('participation.png');
    expect(attachment.description).toContain('23 Nov: 6');
    expect(attachment.description).toContain('16 Nov: fewer than 5');
    const png = post!.files[0]!.data;
    expect((await loadImage(png)).width).toBe(960);
    // Nothing pings, and the payload passed Discord's schemas (multipart included).
    expect(t.fake.unsafeMentions()).toEqual([]);
    t.fake.assertClean();

    // The next week: one more post, not a repeat.
    await t.bot.services.scheduler.tick(DUE + WEEK_MS);
    expect(digestPosts(t)).toHaveLength(2);
  });

  it('shows no number below 5: four members who checked in are "fewer than 5"', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    await scheduleDigest(t);
    await membersCheckIn(t, 4);
    const preview = await (await t.fake.command({ name: 'digest', subcommand: 'now', user: t.fake.defaults.owner })).answer();
    expect(preview.ephemeral).toBe(true);
    expect(preview.embeds[0]!.description).toBe(
      'Fewer than 5 members checked in, skipped or paused this week, so the numbers stay hidden: in a small group they would say who did what.',
    );
    expect(preview.text).not.toMatch(/\b4\b/);
    expect((preview.data.attachments as { description: string }[])[0]!.description).toContain('23 Nov: fewer than 5');

    await membersCheckIn(t, 5); // the same four again (no double count) and one more
    const five = await (await t.fake.command({ name: 'digest', subcommand: 'now', user: t.fake.defaults.owner })).answer();
    expect(five.embeds[0]!.description).toContain('Checked in: **5**');
    expect(five.embeds[0]!.description).toContain('Skipped: **fewer than 5**');
    expect(five.text).toContain('1 week: **5**');
    t.fake.assertClean();
  });

  it('is for moderators: /digest without Manage Server is refused and schedules nothing', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const refused = await (
      await t.fake.command({ name: 'digest', subcommand: 'schedule', options: { channel: t.fake.defaults.textChannelId, weekday: 'friday', time: '18:00', timezone: 'UTC' } })
    ).answer();
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain('Manage Server');
    expect((await t.bot.services.servers.get(t.fake.defaults.guildId))?.digestSchedule).toBeUndefined();
  });

  it('tells the moderator when the bot cannot attach the chart in that channel, and schedules nothing', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    t.fake.setBotChannelPermissions(t.fake.defaults.textChannelId, { deny: Perm.AttachFiles });
    const answer = await (
      await t.fake.command({
        name: 'digest',
        subcommand: 'schedule',
        user: t.fake.defaults.owner,
        options: { channel: t.fake.defaults.textChannelId, weekday: 'friday', time: '18:00', timezone: 'UTC' },
      })
    ).answer();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain("I'm missing **Attach Files** there");
    expect((await t.bot.services.servers.get(t.fake.defaults.guildId))?.digestSchedule).toBeUndefined();
  });
});

describe('what the digest counts', () => {
  it('counts a goal completed and a mentor session held (once, when its follow-up is due), for the member’s server', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    const guildId = t.fake.defaults.guildId;
    await (await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: { weekday: 'friday', time: '18:00', timezone: 'UTC' } })).answer();
    const { goal } = await t.bot.services.goals.add(user, 'Ship the portfolio', MONDAY);
    await (await t.fake.command({ name: 'goal', subcommand: 'done', user, options: { goal: goal.id } })).answer();
    await t.bot.services.scheduler.tick(MONDAY); // the scheduler's clock starts
    const startsAt = MONDAY + 3 * 60 * MINUTE;
    await t.bot.services.sessions.add(user, { startsAt, timeZone: 'UTC' }, MONDAY, guildId);
    for (const at of [startsAt + 60 * MINUTE, startsAt + 61 * MINUTE, startsAt + 2 * 60 * MINUTE]) await t.bot.services.scheduler.tick(at);
    expect((await t.bot.services.servers.digest.weeks(guildId)).get('2026-W48')).toMatchObject({ goalsDone: 1, sessionsHeld: 1 });
  });
});

describe('shared wins', () => {
  it('a member shares a win under their confirmation; the digest lists it by name without a ping; forget removes it', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    await scheduleDigest(t);
    const user = t.fake.defaults.member.id;
    await (await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: { weekday: 'friday', time: '18:00', timezone: 'UTC' } })).answer();
    await (await t.fake.command({ name: 'checkin', subcommand: 'now', user })).answer();
    const saved = await (await t.fake.modalSubmit({ user, customId: 'checkin:submit:2026-W48', fields: ANSWERS })).answer();
    expect(saved.customIds).toEqual(['digest:share:2026-W48']);

    const form = await (await t.fake.button({ user, customId: 'digest:share:2026-W48' })).answer();
    expect(form.modal.components[0].components[0].value).toBe('Shipped it');
    const win = 'Passed-my-first-interview-5521';
    const shared = await (await t.fake.modalSubmit({ user, customId: 'digest:shared:2026-W48', fields: { win } })).answer();
    expect(shared.ephemeral).toBe(true);
    expect(shared.customIds).toEqual(['digest:withdraw']);
    const name = /\*\*(.+?)\*\*/.exec(shared.content!)![1]!;
    expect(name.toLowerCase()).toBe(t.fake.defaults.member.username.toLowerCase()); // their display name in the server

    const preview = await (await t.fake.command({ name: 'digest', subcommand: 'now', user: t.fake.defaults.owner })).answer();
    expect(preview.text).toContain(win);
    expect(preview.text).toContain(`**${name}**`);
    expect(preview.text).not.toContain(`<@${user}>`);
    // Part of the member's data: exported with it.
    const exported = await (await t.fake.command({ name: 'checkin', subcommand: 'export', user })).answer();
    expect(JSON.parse(exported.files[0]!.data.toString('utf8')).settings.sharedWin.text).toBe(win);

    await (await t.fake.command({ name: 'checkin', subcommand: 'forget', user })).answer();
    await (await t.fake.button({ user, customId: 'checkin:forget-yes' })).answer();
    const after = await (await t.fake.command({ name: 'digest', subcommand: 'now', user: t.fake.defaults.owner })).answer();
    expect(after.text).not.toContain(win);
    expect(await t.bot.services.servers.digest.winners(t.fake.defaults.guildId, '2026-W48')).toEqual([]);
    await t.bot.stop();
    const bytes = readFileSync(t.databaseFile);
    expect(bytes.includes(win)).toBe(false);
    expect(bytes.includes(user)).toBe(false);
    await t.restart();
  });

  it('more wins than fit in the post go in a thread under it, once, even across a restart', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    await scheduleDigest(t);
    t.fake.setBotChannelPermissions(t.fake.defaults.textChannelId, { allow: Perm.AttachFiles | Perm.CreatePublicThreads | Perm.SendMessagesInThreads });
    await membersCheckIn(t, 7);
    for (let i = 0; i < 7; i++) {
      await t.bot.services.digests.share(`90000000000000${String(i).padStart(4, '0')}`, t.fake.defaults.guildId, '2026-W48', `Win number ${i}`, `Member ${i}`, MONDAY);
    }
    await t.bot.services.scheduler.tick(DUE);
    await t.restart();
    await t.bot.services.scheduler.tick(DUE + MINUTE);

    const [post] = digestPosts(t);
    expect(digestPosts(t)).toHaveLength(1);
    expect(JSON.stringify(post!.message.embeds)).toContain("7 members shared a win: they're in the thread under this post.");
    expect(JSON.stringify(post!.message.embeds)).not.toContain('Win number');
    expect(t.fake.threadsOf(t.fake.defaults.textChannelId)).toEqual([post!.id]);
    const inThread = t.fake.channelMessages(post!.id);
    expect(inThread).toHaveLength(1);
    const list = inThread[0]!.message.embeds[0].description as string;
    for (let i = 0; i < 7; i++) expect(list).toContain(`- **Member ${i}**: Win number ${i}`);
    expect(t.fake.unsafeMentions()).toEqual([]);
    t.fake.assertClean();
  });

  it('works from the check-in DM too: the win goes to the server where the member started their check-ins', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await (await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: { weekday: 'monday', time: '08:00', timezone: 'UTC' } })).answer();
    await t.bot.services.scheduler.tick(MONDAY - 60 * MINUTE);
    await t.bot.services.scheduler.tick(MONDAY + WEEK_MS - 60 * MINUTE); // Monday 30 Nov, 08:00: the DM for week 49
    t.clock.ms = MONDAY + WEEK_MS;
    await (await t.fake.button({ user, dm: true, customId: 'checkin:answer:2026-W49' })).answer();
    const saved = await (await t.fake.modalSubmit({ user, dm: true, customId: 'checkin:submit:2026-W49', fields: ANSWERS })).answer();
    expect(saved.customIds).toEqual(['digest:share:2026-W49']);
    await (await t.fake.button({ user, dm: true, customId: 'digest:share:2026-W49' })).answer();
    const empty = await (await t.fake.modalSubmit({ user, dm: true, customId: 'digest:shared:2026-W49', fields: { win: '   ' } })).answer();
    expect(empty.content).toBe('Write your win first: the form was empty.');
    await (await t.fake.modalSubmit({ user, dm: true, customId: 'digest:shared:2026-W49', fields: { win: 'Mentored a newcomer' } })).answer();
    expect(await t.bot.services.digests.wins(t.fake.defaults.guildId, '2026-W49')).toEqual([{ name: expect.any(String), text: 'Mentored a newcomer' }]);
    t.fake.assertClean();
  });

  it('withdrawing a win takes it out of the digest', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await (await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: { weekday: 'friday', time: '18:00', timezone: 'UTC' } })).answer();
    await t.bot.services.checkins.answer(user, '2026-W48', ANSWERS, MONDAY);
    await t.bot.services.digests.share(user, t.fake.defaults.guildId, '2026-W48', 'Gave my first talk', 'Rana', MONDAY);
    expect(await t.bot.services.digests.wins(t.fake.defaults.guildId, '2026-W48')).toEqual([{ name: 'Rana', text: 'Gave my first talk' }]);
    const withdrawn = await (await t.fake.button({ user, customId: 'digest:withdraw', force: true })).answer();
    expect(withdrawn.content).toContain('Withdrawn');
    expect(await t.bot.services.digests.wins(t.fake.defaults.guildId, '2026-W48')).toEqual([]);
  });
});
