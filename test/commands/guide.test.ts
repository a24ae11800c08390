import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { Perm } from '../fake-discord/index.js';
import { startTestBot } from '../support/bot.js';

const content = loadContent();

describe('/guide post', () => {
  it('posts the section publicly in the current channel for a moderator, without pings', async () => {
    const { fake } = await startTestBot();
    const channel = fake.defaults.textChannelId;
    const answer = await (
      await fake.command({ name: 'guide', subcommand: 'post', user: fake.defaults.moderator, channelId: channel, options: { section: 'mentee-ready' } })
    ).answer();
    expect(answer.ephemeral).toBe(true);
    const posts = fake.channelMessages(channel).filter((message) => message.source === 'channel');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.message.embeds[0].title).toBe(content.entry('en', 'mentee-ready').title);
    expect(posts[0]!.allowedMentions).toEqual({ parse: [] });
    expect(answer.content).toContain(`<#${channel}>`);
    fake.assertClean();
  });

  it('posts into another channel named by the moderator', async () => {
    const { fake } = await startTestBot();
    const target = fake.defaults.announcementChannelId;
    await (
      await fake.command({ name: 'guide', subcommand: 'post', user: fake.defaults.moderator, options: { section: 'why', channel: target } })
    ).answer();
    expect(fake.channelMessages(target).map((message) => message.message.embeds[0].title)).toEqual([content.entry('en', 'why').title]);
    fake.assertClean();
  });

  it('refuses a member without Manage Messages, privately, and posts nothing', async () => {
    const { fake } = await startTestBot();
    const answer = await (await fake.command({ name: 'guide', subcommand: 'post', user: fake.defaults.member, options: { section: 'why' } })).answer();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('Manage Messages');
    expect(fake.channelMessages(fake.defaults.textChannelId).filter((message) => message.source === 'channel')).toEqual([]);
    fake.assertClean();
  });

  it('checks the permission itself even when a server lets everyone run the command', async () => {
    const { fake } = await startTestBot();
    // An admin overrode the command's default permission; Discord lets the member run it.
    const answer = await (
      await fake.command({ name: 'guide', subcommand: 'post', user: fake.defaults.member, memberPermissions: Perm.ViewChannel | Perm.SendMessages, options: { section: 'why' } })
    ).answer();
    expect(answer.ephemeral).toBe(true);
    expect(fake.channelMessages(fake.defaults.textChannelId).filter((message) => message.source === 'channel')).toEqual([]);
  });

  it('names exactly what the bot lacks in the target channel, and posts nothing', async () => {
    const { fake } = await startTestBot();
    const target = fake.defaults.announcementChannelId;
    fake.setBotChannelPermissions(target, { deny: Perm.SendMessages | Perm.EmbedLinks });
    const answer = await (
      await fake.command({ name: 'guide', subcommand: 'post', user: fake.defaults.moderator, options: { section: 'why', channel: target } })
    ).answer();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('Send Messages');
    expect(answer.content).toContain('Embed Links');
    expect(answer.content).not.toContain('View Channel');
    expect(fake.channelMessages(target)).toEqual([]);
    fake.assertClean();
  });

  it('names a section that does not exist', async () => {
    const { fake } = await startTestBot();
    const answer = await (
      await fake.command({ name: 'guide', subcommand: 'post', user: fake.defaults.moderator, options: { section: 'how-to-cook' } })
    ).answer();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('how-to-cook');
  });

  it('autocompletes sections from what the moderator types', async () => {
    const { fake } = await startTestBot();
    const choices = await fake.autocomplete({ name: 'guide', subcommand: 'post', user: fake.defaults.moderator, focused: 'section', value: 'mentee' });
    expect(choices.map((choice) => choice.value)).toContain('mentee-ready');
    expect(choices.length).toBeLessThanOrEqual(25);
    fake.assertClean();
  });
});

describe("the moderator's own permissions in the target channel", () => {
  it('/guide post: Manage Messages where they type is not enough; names what they lack there, privately, and posts nothing', async () => {
    const { fake } = await startTestBot();
    const target = fake.defaults.announcementChannelId;
    // A moderator everywhere but in #announcements.
    fake.setChannelOverwrites(target, [{ id: fake.defaults.moderatorRoleId, type: 'role', deny: Perm.ManageMessages }]);
    const answer = await (
      await fake.command({ name: 'guide', subcommand: 'post', user: fake.defaults.moderator, channelId: fake.defaults.textChannelId, options: { section: 'why', channel: target } })
    ).answer();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toBe(`You need **Manage Messages** in <#${target}> to post there.`);
    expect(fake.channelMessages(target)).toEqual([]);
    // Where they do have it, the same command posts.
    await (await fake.command({ name: 'guide', subcommand: 'post', user: fake.defaults.moderator, options: { section: 'why' } })).answer();
    expect(fake.channelMessages(fake.defaults.textChannelId).filter((message) => message.source === 'channel')).toHaveLength(1);
    fake.assertClean();
  });

  it('/guide schedule into a channel the moderator can neither see nor write in: names both, saves no series', async () => {
    const t = await startTestBot();
    const { fake } = t;
    const target = fake.defaults.announcementChannelId;
    fake.setChannelOverwrites(target, [{ id: fake.defaults.moderatorRoleId, type: 'role', deny: Perm.ViewChannel | Perm.SendMessages }]);
    const answer = await (
      await fake.command({
        name: 'guide',
        subcommand: 'schedule',
        user: fake.defaults.moderator,
        channelId: fake.defaults.textChannelId,
        options: { channel: target, weekday: 'friday', time: '18:00', timezone: 'UTC' },
      })
    ).answer();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toBe(`You need **View Channel** and **Send Messages** in <#${target}> to post there.`);
    expect((await t.bot.services.servers.get(fake.defaults.guildId))?.guideSchedule).toBeUndefined();
    fake.assertClean();
  });
});
