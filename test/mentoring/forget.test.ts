import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { dms, lastDm, offer, press, request, REQUEST, requestIdIn, run, setupChannel, startMentoring, textOfMessage, type Mentoring } from './support.js';

const NOTE = 'Frontend-lead-7731; happy to review code.';

/** `/checkin forget`, confirmed, as the member does it. */
async function forget(m: Mentoring, user: { id: string }) {
  await (await m.t.fake.command({ name: 'checkin', subcommand: 'forget', user: user.id })).answer();
  const done = await (await m.t.fake.button({ user: user.id, customId: 'checkin:forget-yes' })).answer();
  expect(done.content).toContain('Everything I kept about you is deleted');
}

/** The SQLite file as bytes, with the bot stopped (then started again). */
async function fileBytes(m: Mentoring): Promise<Buffer> {
  await m.t.bot.stop();
  const bytes = readFileSync(m.t.databaseFile);
  await m.t.restart();
  return bytes;
}

describe('/checkin export covers mentoring', () => {
  it("the mentee's export holds their requests; the mentor's their offer and the requests they received", async () => {
    const m = await startMentoring({ threads: false });
    await offer(m, { note: NOTE });
    await request(m);
    const id = requestIdIn(lastDm(m, m.mentor));
    await press(m, m.mentor, `mentor:accept:${id}`);

    const mine = await (await m.t.fake.command({ name: 'checkin', subcommand: 'export', user: m.mentee.id })).answer();
    const mentee = JSON.parse(mine.files[0]!.data.toString('utf8'));
    expect(mentee.mentorRequests).toHaveLength(1);
    expect(mentee.mentorRequests[0]).toMatchObject({ id, status: 'active', help: REQUEST.help, goal: REQUEST.goal, tried: REQUEST.tried });
    expect(mentee.mentoring.requests).toEqual([{ id, guildId: m.t.fake.defaults.guildId, role: 'mentee' }]);
    expect(mentee.mentorOffers).toEqual([]);

    const theirs = await (await m.t.fake.command({ name: 'checkin', subcommand: 'export', user: m.mentor.id })).answer();
    const mentor = JSON.parse(theirs.files[0]!.data.toString('utf8'));
    expect(mentor.mentorOffers[0]).toMatchObject({ note: NOTE, topics: ['technical'], specialities: ['React'], capacity: 2 });
    // Accepted: the mentor knows who it is now, and so does their export.
    expect(mentor.mentorRequests[0]).toMatchObject({ id, menteeId: m.mentee.id, status: 'active' });
  });
});

describe('/checkin forget covers mentoring, on either side', () => {
  it("a mentee's forget withdraws their request, tells the mentor nothing private, and leaves nothing of them in the file", async () => {
    const m = await startMentoring();
    await offer(m);
    await request(m);
    const id = requestIdIn(lastDm(m, m.mentor));
    expect(textOfMessage(lastDm(m, m.mentor))).toContain(REQUEST.help);

    await forget(m, m.mentee);
    // The DM that quoted them is deleted; the mentor hears only that the request was withdrawn.
    const remaining = dms(m, m.mentor);
    expect(remaining).toHaveLength(1);
    expect(textOfMessage(remaining[0])).toContain('withdrew their request');
    expect(remaining.map(textOfMessage).join()).not.toContain(REQUEST.help);
    expect((await m.t.bot.services.mentoring.get(id))).toMatchObject({ status: 'withdrawn' });
    expect(await m.t.bot.services.mentoring.ownOffer(m.t.fake.defaults.guildId, m.mentor.id)).toMatchObject({ waiting: 0, mentees: 0 });

    const bytes = await fileBytes(m);
    for (const text of [REQUEST.help, REQUEST.goal, REQUEST.tried, m.mentee.id]) expect(bytes.includes(text), text).toBe(false);
  });

  it("a mentor's forget retires the offer: a waiting mentee is told kindly with the platforms, an active one that it ended", async () => {
    const m = await startMentoring({ threads: false });
    await offer(m, { note: NOTE });
    const waiting = m.t.fake.addMember({ username: 'sami', globalName: 'Sami' });
    await request(m);
    await press(m, m.mentor, `mentor:accept:${requestIdIn(lastDm(m, m.mentor))}`);
    await request(m, waiting);

    await forget(m, m.mentor);
    const toWaiting = textOfMessage(lastDm(m, waiting));
    expect(toWaiting).toContain('The mentor you asked stopped mentoring');
    expect(toWaiting).toContain('mentory-sy.net');
    const toActive = textOfMessage(lastDm(m, m.mentee));
    expect(toActive).toContain('Your mentorship with your mentor in **Fake Guild** has ended');
    expect(toActive).toContain('mentor:helped:');
    expect((await run(m.t, waiting, 'find')).content).toContain('No mentor in this server matches');
    // The mentees keep their own requests (their words), without the mentor.
    const [kept] = await m.t.bot.services.mentoring.requestsOf(waiting.id, 'mentee');
    expect(kept).toMatchObject({ status: 'closed', help: REQUEST.help });
    expect(kept?.mentorId).toBeUndefined();

    const bytes = await fileBytes(m);
    for (const text of [NOTE, m.mentor.id, 'Rana']) expect(bytes.includes(text), text).toBe(false);
  });
});

describe('the bot removed from a server', () => {
  it("the server's list of mentors and its mentoring channel are deleted", async () => {
    const m = await startMentoring();
    await offer(m);
    await setupChannel(m);
    const guildId = m.t.fake.defaults.guildId;
    expect(await m.t.bot.services.mentoring.list(guildId)).toHaveLength(1);
    m.t.fake.removeBotFromGuild();
    await vi.waitFor(async () => expect(await m.t.bot.services.mentoring.list(guildId)).toHaveLength(0));
    await vi.waitFor(async () => expect((await m.t.bot.services.servers.get(guildId))?.mentoringChannelId).toBeUndefined());
  });
});
