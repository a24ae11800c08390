import { describe, expect, it } from 'vitest';
import { CreatedThreadResponseSchema } from 'discord-api-spec/zod';
import { tallyWeek } from '../../src/digest/tally.js';
import { dms, lastDm, offer, press, request, REQUEST, requestIdIn, run, setupChannel, startMentoring, T0, textOfMessage, tickAt } from './support.js';

describe('from an offer to an introduction', () => {
  it('offer, find, request, accept: the two meet in a private thread, with the checklist and where to go next', async () => {
    const m = await startMentoring();
    const { t, mentor, mentee } = m;

    const offered = await offer(m, { capacity: 1 });
    expect(offered.ephemeral).toBe(true);
    expect(offered.text).toContain('Thank you for offering to mentor');
    expect(offered.text).toContain('Technical guidance · React');
    expect((await setupChannel(m)).content).toContain(`<#${m.channelId}>`);

    const found = await run(t, mentee, 'find', { topic: 'react' });
    expect(found.ephemeral).toBe(true);
    expect(found.text).toContain('Rana');
    expect(found.text).toContain('Frontend lead; happy to review code.');
    expect(found.text).toContain('Mentees now:** 0 of 1');
    expect(found.customIds).toEqual([`mentor:request:${mentor.id}`]);

    // The form carries the guide's "come ready" advice as its placeholders.
    const opened = await (await t.fake.button({ user: mentee, customId: found.customIds[0]!, messageId: found.message?.id })).answer();
    const placeholders = JSON.stringify(opened.modal.components);
    expect(placeholders).toContain('Be specific');
    expect(placeholders).toContain('Share your work');

    const sent = await (await t.fake.modalSubmit({ user: mentee, customId: opened.modal.custom_id, fields: REQUEST })).answer();
    expect(sent.ephemeral).toBe(true);
    expect(sent.content).toContain('Sent your request to **Rana**');

    // One DM to the mentor: what was asked, and who asked it kept private until they accept.
    expect(dms(m, mentor)).toHaveLength(1);
    const asked = lastDm(m, mentor)!;
    expect(textOfMessage(asked)).toContain(REQUEST.help);
    expect(textOfMessage(asked)).toContain(REQUEST.tried);
    expect(textOfMessage(asked)).not.toContain(mentee.id);
    expect(textOfMessage(asked)).not.toContain('Member');
    const requestId = requestIdIn(asked);
    expect(asked.message.components[0].components.map((button: { custom_id: string }) => button.custom_id)).toEqual([
      `mentor:accept:${requestId}`,
      `mentor:decline:${requestId}`,
      `mentor:ask:${requestId}`,
    ]);
    expect(dms(m, mentee)).toHaveLength(0);

    const accepted = await press(m, mentor, `mentor:accept:${requestId}`);
    const [thread] = t.fake.threads();
    expect(thread).toMatchObject({ type: 12, parent_id: m.channelId, thread_metadata: { invitable: false } });
    expect(CreatedThreadResponseSchema.safeParse(thread).success).toBe(true);
    expect(accepted.content).toContain(`<#${thread.id}>`);
    expect(t.fake.threadMembers(thread.id).sort()).toEqual([t.fake.botUser.id, mentee.id, mentor.id].sort());

    const [intro, ...more] = t.fake.channelMessages(thread.id);
    expect(more).toHaveLength(0);
    // The only message that may ping: both of them, in their own thread.
    expect(intro!.allowedMentions).toEqual({ parse: [], users: [mentee.id, mentor.id] });
    expect(intro!.message.content).toBe(`<@${mentee.id}> <@${mentor.id}>`);
    const introText = textOfMessage(intro);
    expect(introText).toContain('Come ready');
    expect(introText).toContain('/session add');
    expect(introText).toContain('/goal set');
    // What the mentee wrote stays between them and the mentor's DMs, not in a channel moderators read.
    expect(introText).not.toContain(REQUEST.help);

    // Nothing about the request was posted where others can see it.
    expect(t.fake.publicPosts).toEqual([]);
    // The moderators' digest counts it, anonymously, in the week it started.
    const guildId = t.fake.defaults.guildId;
    expect((await t.bot.services.servers.digest.weeks(guildId)).get(tallyWeek(T0))).toMatchObject({ mentorshipsStarted: 1 });
    // The mentor's place is taken, so /mentor find no longer lists them.
    expect((await run(t, t.fake.defaults.moderator, 'find')).content).toContain('No mentor in this server matches');
    t.fake.assertClean();
  });
});

describe('the introduction survives a lost answer', () => {
  it('a thread whose creation answer was lost is found and used on the retry: one thread, one introduction', async () => {
    const m = await startMentoring();
    const { t, mentor } = m;
    await tickAt(m, T0);
    await offer(m);
    await setupChannel(m);
    await request(m);
    const id = requestIdIn(lastDm(m, mentor));
    // Discord creates the thread, the answer is lost, and the client's retries fail.
    let lost = false;
    t.fake.onThreadCreated(() => {
      if (lost) return;
      lost = true;
      return 'drop';
    });
    t.fake.setFault((req) => (lost && req.route === 'POST /channels/:channel/threads' ? { status: 500, body: { message: '500: Internal Server Error', code: 0 } } : undefined));
    const accepted = await press(m, mentor, `mentor:accept:${id}`);
    expect(accepted.content).toContain("I'm opening a private thread");
    expect(t.fake.threads()).toHaveLength(1);
    t.fake.setFault(null);

    await tickAt(m, T0 + 60_000);
    const threads = t.fake.threads();
    expect(threads).toHaveLength(1);
    expect(t.fake.threadMembers(threads[0].id).sort()).toEqual([t.fake.botUser.id, m.mentee.id, mentor.id].sort());
    expect(t.fake.channelMessages(threads[0].id)).toHaveLength(1);
    expect(t.fake.requests.some((req) => req.route === 'GET /guilds/:guild/threads/active')).toBe(true);
    await tickAt(m, T0 + 2 * 60_000);
    expect(t.fake.channelMessages(threads[0].id)).toHaveLength(1);
  });
});
