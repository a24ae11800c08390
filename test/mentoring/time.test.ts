import { describe, expect, it } from 'vitest';
import { MENTOR_REQUEST, MENTORING } from '../../src/members/members.js';
import { DAY, dms, HOUR, lastDm, offer, press, request, requestIdIn, run, startMentoring, T0, textOfMessage, tickAt, type Mentoring } from './support.js';

const MINUTE = 60_000;

/** An offer and one request at T0, with the scheduler's clock started there. */
async function pending(m: Mentoring, topics = 'technical, React'): Promise<string> {
  await tickAt(m, T0);
  await offer(m, { topics });
  expect((await request(m)).content).toContain('Sent your request');
  return requestIdIn(lastDm(m, m.mentor));
}

const reminders = (m: Mentoring) => dms(m, m.mentor).filter((message) => textOfMessage(message).includes('A request is waiting for your answer'));

describe('an answer within a week, guaranteed', () => {
  it('reminds the mentor once, 48 hours after the request', async () => {
    const m = await startMentoring();
    const id = await pending(m);
    await tickAt(m, T0 + 47 * HOUR);
    expect(reminders(m)).toHaveLength(0);
    await tickAt(m, T0 + 48 * HOUR);
    expect(reminders(m)).toHaveLength(1);
    expect(textOfMessage(reminders(m)[0])).toContain(`mentor:accept:${id}`);
    for (const at of [T0 + 48 * HOUR + MINUTE, T0 + 49 * HOUR, T0 + 3 * DAY, T0 + 6 * DAY]) await tickAt(m, at);
    expect(reminders(m)).toHaveLength(1);
    m.t.fake.assertClean();
  });

  it('the reminder goes out once even when Discord’s answer is lost and its nonce memory has passed: the DM history decides', async () => {
    const m = await startMentoring({ fake: { nonceWindowMs: 1 } });
    await pending(m);
    const dmChannel = m.t.fake.dmChannelIdFor(m.mentor.id);
    // The reminder reaches Discord, the answer is lost, and the client's own retries fail: as if
    // the process had died between sending and marking it sent.
    let blocked = false;
    m.t.fake.onMessageCreated(({ message }) => {
      if (message.channelId !== dmChannel || blocked || !textOfMessage(message).includes('waiting for your answer')) return;
      blocked = true;
      return 'drop';
    });
    m.t.fake.setFault((req) => (blocked && req.method === 'POST' && req.path === `/channels/${dmChannel}/messages` ? { status: 500, body: { message: '500: Internal Server Error', code: 0 } } : undefined));
    await tickAt(m, T0 + 48 * HOUR);
    expect(reminders(m)).toHaveLength(1);
    m.t.fake.setFault(null);
    // A minute later the retry finds the intent, looks at the DM's history, and sends nothing more.
    await tickAt(m, T0 + 48 * HOUR + MINUTE);
    await tickAt(m, T0 + 48 * HOUR + 2 * MINUTE);
    expect(reminders(m)).toHaveLength(1);
    expect(m.t.fake.requests.some((req) => req.method === 'GET' && req.path === `/channels/${dmChannel}/messages`)).toBe(true);
    const [record] = await m.t.bot.services.mentoring.requestsOf(m.mentee.id);
    expect(record?.outbox.find((item) => item.kind === 'remind')).toMatchObject({ done: 'sent', delivery: { state: 'sent' } });
  });

  it('a DM channel Discord no longer knows (10003) is tried again a minute later, not given up on', async () => {
    const m = await startMentoring();
    await pending(m);
    m.t.fake.failNext({ method: 'POST', path: `/channels/${m.t.fake.dmChannelIdFor(m.mentor.id)}/messages` }, 1, { status: 404, body: { message: 'Unknown Channel', code: 10003 } });
    await tickAt(m, T0 + 48 * HOUR);
    expect(reminders(m)).toHaveLength(0);
    await tickAt(m, T0 + 48 * HOUR + MINUTE);
    expect(reminders(m)).toHaveLength(1);
    await tickAt(m, T0 + 48 * HOUR + 2 * MINUTE);
    expect(reminders(m)).toHaveLength(1);
  });

  it('after 7 days the request expires: the mentee is told and shown the platforms for their kind of help; the mentor too', async () => {
    const m = await startMentoring();
    await tickAt(m, T0);
    await offer(m, { topics: 'interview, technical' });
    const found = await run(m.t, m.mentee, 'find', { topic: 'interview' });
    expect(found.customIds).toEqual([`mentor:request:${m.mentor.id}:interview`]);
    const form = await (await m.t.fake.button({ user: m.mentee, customId: found.customIds[0]!, messageId: found.message?.id })).answer();
    await (await m.t.fake.modalSubmit({ user: m.mentee, customId: form.modal.custom_id, fields: { help: 'Mock interview for a backend role', goal: '', tried: '' } })).answer();
    const id = requestIdIn(lastDm(m, m.mentor));

    await tickAt(m, T0 + 7 * DAY - MINUTE);
    expect(dms(m, m.mentee)).toHaveLength(0);
    await tickAt(m, T0 + 7 * DAY);
    const told = dms(m, m.mentee);
    expect(told).toHaveLength(1);
    const text = textOfMessage(told[0]);
    expect(text).toContain('Your request to Rana expired');
    expect(text).toContain('/mentor find');
    // The platforms for interview preparation: ProHelpify, not Mentory.
    expect(text).toContain('Interview preparation');
    expect(text).toContain('prohelpify.com');
    expect(text).not.toContain('mentory-sy.net');
    expect(textOfMessage(lastDm(m, m.mentor))).toContain('A request expired');
    // Told once; the request's buttons now say what happened.
    await tickAt(m, T0 + 8 * DAY);
    expect(dms(m, m.mentee)).toHaveLength(1);
    expect((await press(m, m.mentor, `mentor:accept:${id}`)).content).toContain('This request is expired now');
    m.t.fake.assertClean();
  });

  it('a decision after the deadline finds the request expired, even before the job has run', async () => {
    const m = await startMentoring();
    const id = await pending(m);
    m.t.clock.ms = T0 + 7 * DAY + HOUR;
    expect((await press(m, m.mentor, `mentor:accept:${id}`)).content).toContain('expired now');
    // The notices went out with it, once.
    expect(dms(m, m.mentee)).toHaveLength(1);
    await tickAt(m, T0 + 7 * DAY + 2 * HOUR);
    expect(dms(m, m.mentee)).toHaveLength(1);
  });

  it('two expiries in a row pause the mentor, who is told how to resume; an answer in between starts the count again', async () => {
    const m = await startMentoring();
    await tickAt(m, T0);
    await offer(m, { capacity: 5 });
    const mentees = [1, 2, 3].map((i) => m.t.fake.addMember({ username: `mentee${i}`, globalName: `Mentee ${i}` }));
    await request(m, mentees[0]);
    await tickAt(m, T0 + 7 * DAY); // the first expires
    await request(m, mentees[1]);
    const answered = requestIdIn(lastDm(m, m.mentor));
    await press(m, m.mentor, `mentor:decline:${answered}`);
    await (await m.t.fake.modalSubmit({ user: m.mentor, customId: `mentor:decline-submit:${answered}`, fields: { reason: '' } })).answer();
    await request(m, mentees[2]);
    await tickAt(m, T0 + 14 * DAY + MINUTE); // the second expiry, but not in a row
    expect((await m.t.bot.services.mentoring.ownOffer(m.t.fake.defaults.guildId, m.mentor.id))?.offer.status).toBe('active');

    const fourth = m.t.fake.addMember({ username: 'mentee4' });
    await request(m, fourth);
    await tickAt(m, T0 + 21 * DAY + 2 * MINUTE); // two in a row now
    const view = await m.t.bot.services.mentoring.ownOffer(m.t.fake.defaults.guildId, m.mentor.id);
    expect(view?.offer).toMatchObject({ status: 'paused', pausedReason: 'expiries' });
    const told = lastDm(m, m.mentor)!;
    expect(textOfMessage(told)).toContain('two requests in a row without an answer');
    expect(textOfMessage(told)).toContain('/mentor resume');
    expect((await run(m.t, m.mentee, 'find')).content).toContain('No mentor in this server matches');

    const resumed = await press(m, m.mentor, `mentor:resume-offer:${m.t.fake.defaults.guildId}`);
    expect(resumed.content).toContain('shows in /mentor find again');
    expect((await run(m.t, m.mentee, 'find')).text).toContain('Rana');
  });

  it('a closed request is deleted 30 days later, with the references to it', async () => {
    const m = await startMentoring();
    const id = await pending(m);
    await tickAt(m, T0 + 7 * DAY);
    await tickAt(m, T0 + 37 * DAY - MINUTE);
    expect(await m.t.bot.services.mentoring.get(id)).toBeDefined();
    await tickAt(m, T0 + 37 * DAY);
    expect(await m.t.bot.services.mentoring.get(id)).toBeUndefined();
    const { members } = m.t.bot.services;
    expect((await members.collection(MENTORING).get(m.mentee.id))?.requests).toEqual([]);
    expect((await members.collection(MENTORING).get(m.mentor.id))?.requests).toEqual([]);
    expect(await members.collection(MENTOR_REQUEST).get(id)).toBeUndefined();
  });
});
