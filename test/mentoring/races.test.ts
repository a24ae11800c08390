import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/discord/errors.js';
import { DAY, dms, lastDm, offer, request, REQUEST, requestIdIn, run, setupChannel, startMentoring, T0, textOfMessage, tickAt, type Mentoring } from './support.js';

const MINUTE = 60_000;

/** Settles both, in the order given, as one race: what each did, or the error it met. */
const race = <A, B>(first: () => Promise<A>, second: () => Promise<B>) => Promise.allSettled([first(), second()]);

async function pendingAt(m: Mentoring): Promise<string> {
  await tickAt(m, T0);
  await offer(m, { capacity: 1 });
  await setupChannel(m);
  await request(m);
  return requestIdIn(lastDm(m, m.mentor));
}

describe('decisions racing the expiry job resolve to exactly one outcome', () => {
  for (const order of ['accept first', 'expiry first'] as const) {
    it(`accept a minute before the deadline vs the expiry tick (${order})`, async () => {
      const m = await startMentoring();
      const id = await pendingAt(m);
      const { mentoring, scheduler } = m.t.bot.services;
      const accept = () => mentoring.accept(id, m.mentor.id, T0 + 7 * DAY - MINUTE);
      const expire = () => scheduler.tick(T0 + 7 * DAY);
      const [a, b] = order === 'accept first' ? await race(accept, expire) : await race(expire, accept);
      const accepted = order === 'accept first' ? a : b;

      const status = (await mentoring.get(id))!.status;
      expect(['active', 'expired']).toContain(status);
      const expiredDms = dms(m, m.mentee).filter((message) => textOfMessage(message).includes('expired'));
      const threads = m.t.fake.threads();
      if (status === 'active') {
        expect(accepted.status).toBe('fulfilled');
        expect(threads).toHaveLength(1);
        expect(expiredDms).toHaveLength(0);
      } else {
        expect(accepted.status).toBe('rejected');
        expect((accepted as PromiseRejectedResult).reason).toBeInstanceOf(UserError);
        expect(threads).toHaveLength(0);
        expect(expiredDms).toHaveLength(1);
      }
      // Later ticks change nothing.
      await tickAt(m, T0 + 8 * DAY);
      expect((await mentoring.get(id))!.status).toBe(status);
      expect(m.t.fake.threads()).toHaveLength(threads.length);
      m.t.fake.assertClean();
    });
  }

  it('six mentors accept while the tick expires their six requests: each request has one outcome, and its messages match it', async () => {
    const m = await startMentoring({ threads: false });
    await tickAt(m, T0);
    const pairs = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async (i) => {
        const mentor = m.t.fake.addMember({ username: `mentor${i}`, globalName: `Mentor ${i}` });
        const mentee = m.t.fake.addMember({ username: `mentee${i}`, globalName: `Mentee ${i}` });
        return { mentor, mentee };
      }),
    );
    for (const { mentor } of pairs) await offer(m, {}, mentor);
    for (const { mentor, mentee } of pairs) await request(m, mentee, mentor.id);
    const ids = pairs.map(({ mentor }) => requestIdIn(dms(m, mentor)[0]));
    const { mentoring, scheduler } = m.t.bot.services;
    const results = await Promise.allSettled([
      scheduler.tick(T0 + 7 * DAY),
      ...pairs.map(({ mentor }, i) => mentoring.accept(ids[i]!, mentor.id, T0 + 7 * DAY - MINUTE)),
    ]);
    for (const [i, { mentee }] of pairs.entries()) {
      const status = (await mentoring.get(ids[i]!))!.status;
      const texts = dms(m, mentee).map(textOfMessage);
      const introduced = texts.filter((text) => text.includes('You have a mentor')).length;
      const expired = texts.filter((text) => text.includes('expired')).length;
      expect({ status, introduced, expired, accepted: results[i + 1]!.status }).toEqual(
        status === 'active' ? { status, introduced: 1, expired: 0, accepted: 'fulfilled' } : { status: 'expired', introduced: 0, expired: 1, accepted: 'rejected' },
      );
    }
  });

  it('cancel vs accept at the same moment: one wins, and the other is told what happened', async () => {
    const m = await startMentoring();
    const id = await pendingAt(m);
    const { mentoring } = m.t.bot.services;
    const [cancel, accept] = await race(
      () => mentoring.cancel(id, m.mentee.id, T0 + DAY),
      () => mentoring.accept(id, m.mentor.id, T0 + DAY),
    );
    expect([cancel.status, accept.status].sort()).toEqual(['fulfilled', 'rejected']);
    const status = (await mentoring.get(id))!.status;
    expect(status).toBe(cancel.status === 'fulfilled' ? 'cancelled' : 'active');
    expect(m.t.fake.threads()).toHaveLength(status === 'active' ? 1 : 0);
  });
});

describe('capacity is never exceeded', () => {
  it('two mentees after the last free place, and both accepted at once: one mentorship, the other told at once', async () => {
    const m = await startMentoring({ threads: false });
    await offer(m, { capacity: 1 });
    const second = m.t.fake.addMember({ username: 'sami', globalName: 'Sami' });
    // Both open the form while the place is free, and send it at the same moment.
    const forms = await Promise.all(
      [m.mentee, second].map(async (mentee) => {
        const found = await run(m.t, mentee, 'find');
        return { mentee, form: await (await m.t.fake.button({ user: mentee, customId: found.customIds[0]!, messageId: found.message?.id })).answer() };
      }),
    );
    const sent = await Promise.all(forms.map(async ({ mentee, form }) => (await m.t.fake.modalSubmit({ user: mentee, customId: form.modal.custom_id, fields: REQUEST })).answer()));
    expect(sent.map((answer) => answer.content)).toEqual([expect.stringContaining('Sent your request'), expect.stringContaining('Sent your request')]);
    const ids = dms(m, m.mentor).map(requestIdIn);
    expect(new Set(ids).size).toBe(2);

    // The mentor presses Accept on both requests at the same moment.
    const answers = await Promise.all(ids.map(async (id, i) => (await m.t.fake.button({ user: m.mentor, dm: true, customId: `mentor:accept:${id}`, messageId: dms(m, m.mentor)[i]!.id })).answer()));
    const won = answers.filter((answer) => answer.content?.startsWith('Accepted'));
    const lost = answers.filter((answer) => !answer.content?.startsWith('Accepted'));
    expect(won).toHaveLength(1);
    expect(won[0]!.content).toContain('I closed the other waiting requests kindly');
    expect(lost[0]!.content).toContain("closed: the mentor's places are taken");

    const records = await Promise.all(ids.map((id) => m.t.bot.services.mentoring.get(id)));
    expect(records.map((record) => record!.status).sort()).toEqual(['active', 'full']);
    const view = await m.t.bot.services.mentoring.ownOffer(m.t.fake.defaults.guildId, m.mentor.id);
    expect(view).toMatchObject({ mentees: 1, waiting: 0 });
    // Nobody is left waiting: the other mentee heard at once, with the platforms.
    const loser = records.find((record) => record!.status === 'full')!.menteeId!;
    const told = textOfMessage(m.t.fake.dmMessagesFor(loser).at(-1));
    expect(told).toContain('Rana has no free place any more');
    expect(told).toContain('mentory-sy.net');
    m.t.fake.assertClean();
  });

  it('four requests from one mentee at the same moment: three are sent, the fourth is refused', async () => {
    const m = await startMentoring();
    const mentors = [1, 2, 3, 4].map((i) => m.t.fake.addMember({ username: `mentor${i}`, globalName: `Mentor ${i}` }));
    for (const mentor of mentors) await offer(m, {}, mentor);
    const found = await run(m.t, m.mentee, 'find');
    const forms = await Promise.all(
      mentors.map(async (mentor) => (await m.t.fake.button({ user: m.mentee, customId: `mentor:request:${mentor.id}`, messageId: found.message?.id })).answer()),
    );
    const sent = await Promise.all(forms.map(async (form) => (await m.t.fake.modalSubmit({ user: m.mentee, customId: form.modal.custom_id, fields: REQUEST })).answer()));
    expect(sent.filter((answer) => answer.content?.includes('Sent your request'))).toHaveLength(3);
    expect(sent.filter((answer) => answer.content?.includes('3 requests waiting for an answer'))).toHaveLength(1);
    expect(mentors.reduce((total, mentor) => total + dms(m, mentor).length, 0)).toBe(3);
  });
});
