/**
 * The weekly guide posts (src/guide/schedule.ts), with the real bot against the fake Discord: what
 * a post carries, and what the bot checks before each one.
 */
import { PermissionFlagsBits, type GuildChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { Perm } from '../fake-discord/index.js';
import { startTestBot, TestClock, type TestBot } from '../support/bot.js';
import { waitFor } from '../faults/support.js';

const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const FRIDAY_DUE = Date.UTC(2026, 10, 27, 15, 0); // Friday 18:00 in Damascus, week 2026-W48
const WEEK_MS = 7 * 24 * 3_600_000;

/** `/guide schedule` as the moderator does it: Fridays 18:00 in Damascus, into `channel`. */
async function scheduleGuide(t: TestBot, channel: string): Promise<void> {
  const reply = await (
    await t.fake.command({
      name: 'guide',
      subcommand: 'schedule',
      user: t.fake.defaults.moderator,
      options: { channel, weekday: 'friday', time: '18:00', timezone: 'Asia/Damascus' },
    })
  ).answer();
  expect(reply.content).toContain('Scheduled');
}

/** Runs the scheduler at the due time of week `n` (0 = the first). */
async function week(t: TestBot, n: number): Promise<void> {
  t.clock.ms = FRIDAY_DUE + n * WEEK_MS;
  await t.bot.services.scheduler.tick(t.clock.ms);
}

/** What the running bot's gateway cache says it may do in a channel. */
const botCan = (t: TestBot, channel: string, permission: bigint): boolean =>
  (t.bot.client.channels.cache.get(channel) as GuildChannel).permissionsFor(t.bot.client.user!)?.has(permission) ?? false;

const postsTo = (t: TestBot, channel: string) =>
  t.fake.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${channel}/messages`);

describe('weekly guide posts', () => {
  it("keep the entry's own footer (the platforms' \"as published\" line) and add the week marker after it", async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const channel = t.fake.defaults.announcementChannelId;
    await scheduleGuide(t, channel);
    // Guide order: intro, why, then "find", the first entry with the platforms' figures.
    for (const n of [0, 1, 2]) await week(t, n);
    const { content } = t.bot.services;
    expect(t.fake.channelMessages(channel).map((stored) => stored.message.embeds[0].title)).toEqual(
      ['intro', 'why', 'find'].map((id) => content.entry('en', id).title),
    );
    const footers = t.fake.channelMessages(channel).map((stored) => stored.message.embeds.at(-1).footer?.text);
    expect(footers).toEqual([
      'Murshid · weekly guide · 2026-W48',
      'Murshid · weekly guide · 2026-W49',
      `${content.platformsPage('en').note}\nMurshid · weekly guide · 2026-W50`,
    ]);
    t.fake.assertClean();
  });

  it('check the bot\'s permissions again before each post: Embed Links taken away, nothing is sent and the series stops', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const channel = t.fake.defaults.announcementChannelId;
    await scheduleGuide(t, channel);
    await week(t, 0);
    expect(postsTo(t, channel)).toHaveLength(1);

    // Between weeks, the server takes Embed Links away: a post now would arrive as an empty message.
    t.fake.setBotChannelPermissions(channel, { deny: Perm.EmbedLinks });
    await waitFor(() => !botCan(t, channel, PermissionFlagsBits.EmbedLinks), () => 'the bot to learn of the change (CHANNEL_UPDATE)');
    await week(t, 1);
    await week(t, 2);
    expect(postsTo(t, channel)).toHaveLength(1);
    expect((await t.bot.services.servers.get(t.fake.defaults.guildId))?.guideSchedule).toMatchObject({ status: 'disabled', disabledReason: 'missing-access' });

    // The next moderator to post a guide excerpt (elsewhere) learns that the series stopped, once.
    const post = async () =>
      (
        await t.fake.command({
          name: 'guide',
          subcommand: 'post',
          user: t.fake.defaults.moderator,
          channelId: t.fake.defaults.textChannelId,
          options: { section: 'why' },
        })
      ).answer();
    const told = await post();
    // Told once: the record is written for that, and only for that.
    const writes = t.bot.services.store.stats.writes;
    expect(told.ephemeral).toBe(true);
    expect(told.content).toContain(`the weekly guide posts in <#${channel}> have stopped: I can no longer post there`);
    expect(told.content).toContain('/guide schedule');
    expect((await post()).content).not.toContain('have stopped');
    expect(t.bot.services.store.stats.writes).toBe(writes);
    t.fake.assertClean();
  });
});
