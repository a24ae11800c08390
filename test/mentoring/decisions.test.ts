import { describe, expect, it } from 'vitest';
import { Perm } from '../fake-discord/index.js';
import { dms, lastDm, offer, press, request, REQUEST, requestIdIn, run, setupChannel, startMentoring, textOfMessage, THREAD_PERMISSIONS, type Mentoring } from './support.js';

/** A request sent and delivered; returns its id. */
async function requested(m: Mentoring, mentee = m.mentee): Promise<string> {
  const sent = await request(m, mentee);
  expect(sent.content).toContain('Sent your request');
  return requestIdIn(lastDm(m, m.mentor));
}

const platformsIn = (text: string) => text.includes('Syrian mentorship platforms') && text.includes('mentory-sy.net');

describe('introductions without a private thread', () => {
  it('/mentor setup names the permissions the bot lacks in the channel, and saves nothing', async () => {
    const m = await startMentoring({ threads: false });
    const refused = await setupChannel(m);
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain('Create Private Threads');
    // A fresh server lets everyone send messages in threads: only what is really missing is named.
    expect(refused.content).not.toContain('Send Messages in Threads');
    m.t.fake.setBotChannelPermissions(m.channelId, { deny: Perm.SendMessagesInThreads });
    expect((await setupChannel(m)).content).toContain('**Create Private Threads** and **Send Messages in Threads**');
    expect((await m.t.bot.services.servers.get(m.t.fake.defaults.guildId))?.mentoringChannelId).toBeUndefined();
    // A member without Manage Server may not choose the channel.
    expect((await run(m.t, m.mentee, 'setup', { channel: m.channelId })).content).toContain('Manage Server');
  });

  it('a permission taken away after setup: accepted anyway, both introduced by DM, and the mentor told which permission is missing', async () => {
    const m = await startMentoring();
    await offer(m);
    await setupChannel(m);
    m.t.fake.setRolePermissions(m.t.fake.defaults.botRoleId, THREAD_PERMISSIONS & ~Perm.CreatePrivateThreads);
    const id = await requested(m);
    const accepted = await press(m, m.mentor, `mentor:accept:${id}`);
    expect(accepted.content).toContain('Create Private Threads');
    expect(accepted.content).not.toContain('Send Messages in Threads');
    expect(m.t.fake.threads()).toEqual([]);
    const toMentee = textOfMessage(lastDm(m, m.mentee));
    const toMentor = textOfMessage(lastDm(m, m.mentor));
    // Each learns who the other is only now, with the checklist and where to go next.
    expect(toMentee).toContain(`<@${m.mentor.id}>`);
    expect(toMentor).toContain(`<@${m.mentee.id}>`);
    for (const text of [toMentee, toMentor]) {
      expect(text).toContain('Come ready');
      expect(text).toContain('/session add');
      expect(text).toContain('/goal set');
    }
    m.t.fake.assertClean();
  });

  it('no mentoring channel configured: introduced by DM', async () => {
    const m = await startMentoring({ threads: false });
    await offer(m);
    const id = await requested(m);
    expect((await press(m, m.mentor, `mentor:accept:${id}`)).content).toContain('by DM');
    expect(textOfMessage(lastDm(m, m.mentee))).toContain('You have a mentor');
    expect(m.t.fake.requests.some((request) => request.route === 'POST /channels/:channel/threads')).toBe(false);
  });

  it('Discord refuses the thread itself (a member cannot see the channel): introduced by DM instead', async () => {
    const m = await startMentoring();
    await offer(m);
    await setupChannel(m);
    const id = await requested(m);
    m.t.fake.setChannelOverwrites(m.channelId, [{ id: m.mentee.id, type: 'member', deny: Perm.ViewChannel }]);
    const accepted = await press(m, m.mentor, `mentor:accept:${id}`);
    expect(accepted.content).toContain("Discord didn't let me open a private thread");
    expect(textOfMessage(lastDm(m, m.mentee))).toContain('You have a mentor');
  });
});

describe('declining, asking for more, withdrawing', () => {
  it('a decline with a reason reaches the mentee with the reason and the platforms; a block keeps the member away', async () => {
    const m = await startMentoring();
    await offer(m);
    const id = await requested(m);
    const opened = await press(m, m.mentor, `mentor:decline:${id}`);
    expect(opened.modal.custom_id).toBe(`mentor:decline-submit:${id}`);
    const declined = await (await m.t.fake.modalSubmit({ user: m.mentor, customId: opened.modal.custom_id, fields: { reason: 'I only do backend these days' } })).answer();
    expect(declined.content).toContain('with your reason');

    const told = lastDm(m, m.mentee)!;
    const text = textOfMessage(told);
    expect(text).toContain('Your request to Rana was declined');
    expect(text).toContain('I only do backend these days');
    expect(platformsIn(text)).toBe(true);
    expect(told.message.components.flatMap((row: { components: { url?: string }[] }) => row.components.map((button) => button.url))).toContain('https://mentory-sy.net/');

    // "Don't show me requests from this member": the mentee no longer sees this mentor.
    const blocked = await (await m.t.fake.button({ user: m.mentor, dm: true, customId: `mentor:block:${id}`, messageId: declined.message?.id })).answer();
    expect(blocked.content).toContain("won't get requests from this member");
    expect((await run(m.t, m.mentee, 'find')).content).toContain('No mentor in this server matches');
    // Another member still does.
    expect((await run(m.t, m.t.fake.defaults.moderator, 'find')).text).toContain('Rana');
    // The offer keeps a fingerprint, never the member's id; the mentor's export shows the request
    // they declined, but not who sent it.
    const exported = JSON.stringify(await m.t.bot.services.members.export(m.mentor.id));
    expect(exported).toContain('I only do backend these days');
    expect(exported).toContain(REQUEST.help);
    expect(exported).not.toContain(m.mentee.id);
    expect(exported).not.toContain('"menteeName"');
    // A stale button on the declined request answers precisely.
    expect((await press(m, m.mentor, `mentor:accept:${id}`)).content).toContain('This request is declined now');
  });

  it('ask for more: the question reaches the mentee, their answer reaches the mentor, who then accepts', async () => {
    const m = await startMentoring({ threads: false });
    await offer(m);
    const id = await requested(m);
    const opened = await press(m, m.mentor, `mentor:ask:${id}`);
    await (await m.t.fake.modalSubmit({ user: m.mentor, customId: opened.modal.custom_id, fields: { question: 'Can you share the repository link?' } })).answer();
    const question = lastDm(m, m.mentee)!;
    expect(textOfMessage(question)).toContain('Can you share the repository link?');
    expect(textOfMessage(question)).toContain('Rana has a question about your request');

    const form = await press(m, m.mentee, `mentor:answer:${id}:1`);
    expect(form.modal.custom_id).toBe(`mentor:answer-submit:${id}:1`);
    const answered = await (await m.t.fake.modalSubmit({ user: m.mentee, customId: form.modal.custom_id, fields: { answer: 'github.com/example/portfolio' } })).answer();
    expect(answered.content).toContain('Sent your answer');
    const answer = lastDm(m, m.mentor)!;
    expect(textOfMessage(answer)).toContain('github.com/example/portfolio');
    expect(textOfMessage(answer)).not.toContain(m.mentee.id);
    expect(dms(m, m.mentor)).toHaveLength(2);
    // Answering twice is refused; the mentor decides from the answer's buttons.
    expect((await press(m, m.mentee, `mentor:answer:${id}:1`)).content).toContain('already answered');
    expect((await (await m.t.fake.button({ user: m.mentor, dm: true, customId: `mentor:accept:${id}`, messageId: answer.id })).answer()).content).toContain('Accepted');
  });

  it('a mentee withdraws a waiting request: the mentor is told it was withdrawn, and nothing else', async () => {
    const m = await startMentoring();
    await offer(m);
    const sent = await request(m);
    const id = requestIdIn(lastDm(m, m.mentor));
    const choices = await m.t.fake.autocomplete({ name: 'mentor', subcommand: 'cancel', focused: 'request', value: 'ran', user: m.mentee });
    expect(choices).toEqual([{ name: 'Rana · 23 Nov', value: id }]);
    // The Cancel button under the reply that said it was sent.
    const cancelled = await (await m.t.fake.button({ user: m.mentee, customId: `mentor:cancel:${id}`, messageId: sent.message?.id })).answer();
    expect(cancelled.content).toContain('Withdrew your request to **Rana**');
    const told = textOfMessage(lastDm(m, m.mentor));
    expect(told).toContain('withdrew their request');
    expect(told).not.toContain(REQUEST.help);
    expect((await press(m, m.mentor, `mentor:accept:${id}`)).content).toContain('withdrawn by the member');
    expect((await run(m.t, m.mentee, 'cancel')).content).toContain('no request waiting');
  });
});

describe('a mentor whose DMs are closed', () => {
  it('the request fails back to the mentee at once, with the platforms; the offer is paused', async () => {
    const m = await startMentoring();
    await offer(m);
    m.t.fake.closeDms(m.mentor.id);
    const answer = await request(m);
    expect(answer.content).toContain("couldn't deliver your request");
    expect(platformsIn(answer.text)).toBe(true);
    expect(dms(m, m.mentee)).toHaveLength(0);
    expect((await m.t.bot.services.mentoring.ownOffer(m.t.fake.defaults.guildId, m.mentor.id))?.offer).toMatchObject({ status: 'paused', pausedReason: 'dm-closed' });
    expect((await run(m.t, m.mentee, 'find')).content).toContain('No mentor in this server matches');
    // The mentor learns why when they resume.
    expect((await run(m.t, m.mentor, 'resume')).content).toContain('Discord refused my DMs');
    m.t.fake.assertClean();
  });
});

describe('limits and bad input', () => {
  it('topics: at least one kind of help, at most five, each at most 40 characters', async () => {
    const m = await startMentoring();
    expect((await offer(m, { topics: 'React, Kotlin' })).content).toContain('at least one kind of help');
    expect((await offer(m, { topics: 'technical, career, React, Kotlin, Go, Rust' })).content).toContain('You listed 6 topics: at most 5');
    expect((await offer(m, { topics: `technical, ${'x'.repeat(41)}` })).content).toContain('at most 40 characters');
    expect(await m.t.bot.services.mentoring.ownOffer(m.t.fake.defaults.guildId, m.mentor.id)).toBeUndefined();
    // Autocomplete completes the piece being typed and keeps the rest.
    const choices = await m.t.fake.autocomplete({ name: 'mentor', subcommand: 'offer', focused: 'topics', value: 'technical, car', user: m.mentor });
    expect(choices.map((choice) => choice.value)).toEqual(['technical, career']);
  });

  it('no request to yourself, one per mentor, three waiting at most', async () => {
    const m = await startMentoring();
    await offer(m);
    const self = await (await m.t.fake.button({ user: m.mentor, customId: `mentor:request:${m.mentor.id}`, force: true })).answer();
    expect(self.content).toContain("can't send a request to yourself");

    await requested(m);
    const again = await (await m.t.fake.button({ user: m.mentee, customId: `mentor:request:${m.mentor.id}`, force: true })).answer();
    expect(again.content).toContain('already have a waiting request');

    const others = [1, 2, 3].map((i) => m.t.fake.addMember({ username: `mentor${i}`, globalName: `Mentor ${i}` }));
    for (const other of others) await offer(m, {}, other);
    expect((await request(m, m.mentee, others[0]!.id)).content).toContain('Sent your request');
    expect((await request(m, m.mentee, others[1]!.id)).content).toContain('Sent your request');
    const fourth = await request(m, m.mentee, others[2]!.id);
    expect(fourth.content).toContain('3 requests waiting for an answer, the most at once');
  });
});

describe('ending, the count that is kept, and moderators', () => {
  it('/mentor end frees the place at once and asks both whether it helped; only a count is kept', async () => {
    const m = await startMentoring({ threads: false });
    await offer(m, { capacity: 1 });
    const id = await requested(m);
    await press(m, m.mentor, `mentor:accept:${id}`);
    expect((await run(m.t, m.t.fake.defaults.moderator, 'find')).content).toContain('No mentor');

    const ended = await run(m.t, m.mentee, 'end');
    expect(ended.content).toContain('Ended your mentorship with **Rana**');
    expect(ended.customIds).toEqual([`mentor:helped:${id}:yes`, `mentor:helped:${id}:no`]);
    const told = lastDm(m, m.mentor)!;
    expect(textOfMessage(told)).toContain('Your mentorship ended');
    expect((await run(m.t, m.t.fake.defaults.moderator, 'find')).text).toContain('Rana');

    const yes = await (await m.t.fake.button({ user: m.mentee, customId: `mentor:helped:${id}:yes`, messageId: ended.message?.id })).answer();
    expect(yes.content).toContain('Thank you');
    expect((await press(m, m.mentor, `mentor:helped:${id}:yes`)).content).toContain('Thank you');
    // Counted once for the mentorship, whoever answers.
    expect((await press(m, m.mentor, `mentor:helped:${id}:no`)).content).toContain('already answered');
    const list = await run(m.t, m.owner, 'list');
    expect(list.text).toContain('Helped: 1');
  });

  it('/mentor list and /mentor remove are for Manage Server; the removed mentor and waiting mentees are told', async () => {
    const m = await startMentoring();
    await offer(m);
    await requested(m);
    expect((await run(m.t, m.mentee, 'list')).content).toContain('Manage Server');
    const list = await run(m.t, m.owner, 'list');
    expect(list.text).toContain('Rana · visible');
    expect(list.text).toContain('Waiting requests: 1');
    const choices = await m.t.fake.autocomplete({ name: 'mentor', subcommand: 'remove', focused: 'member', value: 'ran', user: m.owner });
    expect(choices).toEqual([{ name: 'Rana', value: m.mentor.id }]);
    const removed = await run(m.t, m.owner, 'remove', { member: m.mentor.id });
    expect(removed.content).toContain('Removed the mentor offer of **Rana**');
    expect(textOfMessage(lastDm(m, m.mentor))).toContain('A moderator of **Fake Guild** removed your mentor offer');
    expect(textOfMessage(lastDm(m, m.mentee))).toContain('Rana stopped mentoring');
    expect((await run(m.t, m.owner, 'list')).text).toContain('Rana · retired');
  });

  it('pause hides the offer, resume shows it, retire closes waiting requests kindly', async () => {
    const m = await startMentoring();
    await offer(m);
    const stale = await run(m.t, m.t.fake.defaults.moderator, 'find');
    expect((await run(m.t, m.mentor, 'pause')).content).toContain('paused');
    expect((await run(m.t, m.mentee, 'find')).content).toContain('No mentor');
    expect((await run(m.t, m.mentor, 'resume')).content).toContain('shows in /mentor find again');
    await requested(m);
    const retired = await run(m.t, m.mentor, 'retire');
    expect(retired.content).toContain('I closed 1 waiting request kindly');
    expect(textOfMessage(lastDm(m, m.mentee))).toContain('Rana stopped mentoring');
    expect((await run(m.t, m.mentor, 'pause')).content).toContain('no mentor offer');
    // A Request button from a list shown before the mentor retired.
    const pressed = await (await m.t.fake.button({ user: m.t.fake.defaults.moderator, customId: `mentor:request:${m.mentor.id}`, messageId: stale.message?.id })).answer();
    expect(pressed.content).toContain("This mentor isn't taking requests right now");
    // Offering again brings the offer back.
    expect((await offer(m)).text).toContain('Your mentor offer is updated');
    expect((await run(m.t, m.mentee, 'find')).text).toContain('Rana');
  });
});
