/**
 * The fake's threads (POST /channels/{id}/threads, PUT …/thread-members/{user}, GET
 * /guilds/{id}/threads/active) behave like Discord's: bodies are checked against discord-api-spec
 * and Discord's own rules, answers match its response schemas, and permissions are the parent's.
 */
import { REST } from '@discordjs/rest';
import { CreatedThreadResponseSchema, ThreadsResponseSchema } from 'discord-api-spec/zod';
import { Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS, FakeDiscord, Perm, validatePayload } from './index.js';

let fake: FakeDiscord;
afterEach(async () => fake?.stop());

async function start(botPermissions = DEFAULT_BOT_PERMISSIONS | Perm.CreatePrivateThreads | Perm.SendMessagesInThreads | Perm.ReadMessageHistory) {
  fake = await FakeDiscord.start();
  fake.setRolePermissions(fake.defaults.botRoleId, botPermissions);
  const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
  return { rest, channel: fake.defaults.textChannelId };
}

const codeOf = (error: unknown) => (error as { code?: number }).code;
const thread = { name: 'Mentoring · 1234567890', type: 12, invitable: false, auto_archive_duration: 10080 };

describe('validatePayload: threadCreate', () => {
  it('takes a private thread without a message, and refuses what Discord refuses', () => {
    expect(validatePayload('threadCreate', thread)).toEqual([]);
    expect(validatePayload('threadCreate', { ...thread, name: '' }).join()).toMatch(/name/);
    expect(validatePayload('threadCreate', { ...thread, name: 'x'.repeat(101) }).join()).toMatch(/name/);
    expect(validatePayload('threadCreate', { ...thread, auto_archive_duration: 30 }).join()).toMatch(/auto_archive_duration/);
    expect(validatePayload('threadCreate', { ...thread, type: 0 }).join()).toMatch(/type/);
    expect(validatePayload('threadCreate', { ...thread, type: 11 }).join()).toMatch(/invitable/);
  });
});

describe('threads in the fake', () => {
  it('opens a private thread, adds members, posts in it; answers match Discord’s schemas', async () => {
    const { rest, channel } = await start();
    const created = (await rest.post(Routes.threads(channel), { body: thread })) as { id: string };
    expect(CreatedThreadResponseSchema.safeParse(created).success).toBe(true);
    expect(created).toMatchObject({ type: 12, parent_id: channel, owner_id: fake.botUser.id, thread_metadata: { invitable: false, auto_archive_duration: 10080 } });
    const { member } = fake.defaults;
    await rest.put(Routes.threadMembers(created.id, member.id));
    await rest.put(Routes.threadMembers(created.id, member.id)); // again: still 204
    expect(fake.threadMembers(created.id).sort()).toEqual([fake.botUser.id, member.id].sort());
    await rest.post(Routes.channelMessages(created.id), { body: { content: 'hello' } });
    expect(fake.channelMessages(created.id)).toHaveLength(1);
    // A private thread is nobody else's business: not a public post.
    expect(fake.publicPosts).toEqual([]);
    const active = await rest.get(Routes.guildActiveThreads(fake.defaults.guildId));
    expect(ThreadsResponseSchema.safeParse(active).success).toBe(true);
    expect((active as { threads: { id: string }[] }).threads.map((t) => t.id)).toEqual([created.id]);
    fake.assertClean();
  });

  it('needs Create Private Threads in the parent, a text channel, and a member who can see it', async () => {
    const { rest, channel } = await start(DEFAULT_BOT_PERMISSIONS);
    expect(codeOf(await rest.post(Routes.threads(channel), { body: thread }).catch((e: unknown) => e))).toBe(50013);
    fake.setRolePermissions(fake.defaults.botRoleId, DEFAULT_BOT_PERMISSIONS | Perm.CreatePrivateThreads);
    expect(codeOf(await rest.post(Routes.threads(fake.defaults.announcementChannelId), { body: thread }).catch((e: unknown) => e))).toBe(50024);
    const created = (await rest.post(Routes.threads(channel), { body: thread })) as { id: string };
    const hidden = fake.addMember({ username: 'hidden' });
    fake.setChannelOverwrites(channel, [{ id: hidden.id, type: 'member', deny: Perm.ViewChannel }]);
    expect(codeOf(await rest.put(Routes.threadMembers(created.id, hidden.id)).catch((e: unknown) => e))).toBe(50001);
    expect(codeOf(await rest.put(Routes.threadMembers(created.id, '123456789012345678')).catch((e: unknown) => e))).toBe(10007);
    // Posting in a thread needs Send Messages in Threads, not Send Messages.
    fake.setBotChannelPermissions(channel, { deny: Perm.SendMessagesInThreads });
    expect(codeOf(await rest.post(Routes.channelMessages(created.id), { body: { content: 'hi' } }).catch((e: unknown) => e))).toBe(50013);
    fake.setBotChannelPermissions(channel, { allow: Perm.SendMessagesInThreads, deny: Perm.SendMessages });
    await rest.post(Routes.channelMessages(created.id), { body: { content: 'hi' } });
  });

  it('a private thread is hidden from those who are not in it (unless they can manage threads)', async () => {
    const { rest, channel } = await start();
    const created = (await rest.post(Routes.threads(channel), { body: thread })) as { id: string };
    const outsider = fake.addMember({ username: 'outsider' });
    expect(fake.permissionsIn(created.id, outsider.id)).toBe(0n);
    const moderatorRole = fake.addRole('Thread moderator', Perm.ManageThreads);
    fake.addMember(outsider, [moderatorRole]);
    expect(fake.permissionsIn(created.id, outsider.id) & Perm.ViewChannel).toBe(Perm.ViewChannel);
  });

  it('an invalid body is a 400 and a violation, like every other payload', async () => {
    const { rest, channel } = await start();
    expect(codeOf(await rest.post(Routes.threads(channel), { body: { ...thread, auto_archive_duration: 5 } }).catch((e: unknown) => e))).toBe(50035);
    expect(fake.violations.join()).toMatch(/auto_archive_duration/);
  });
});
