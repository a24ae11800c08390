import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../src/time/index.js';
import { startTestBot, TestClock } from '../support/bot.js';

const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
// Tuesday 1 Dec 2026, 18:30 in Damascus (UTC+3) = 15:30 UTC.
const START = Date.UTC(2026, 11, 1, 15, 30);

describe('/session', () => {
  it('books a session, reminds 24 h and 1 h before with the checklist, then asks for action items', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    const booked = await (
      await t.fake.command({
        name: 'session',
        subcommand: 'add',
        user,
        options: { when: '2026-12-01 18:30', timezone: 'Asia/Damascus', with: '@everyone Rana', topic: 'code review' },
      })
    ).answer();
    expect(booked.ephemeral).toBe(true);
    expect(booked.text).toContain('Tue 1 Dec 2026, 18:30 (Asia/Damascus)');

    const { scheduler } = t.bot.services;
    await scheduler.tick(MONDAY);
    await scheduler.tick(START - 24 * HOUR_MS);
    await scheduler.tick(START - HOUR_MS);
    await scheduler.tick(START); // nothing at the start itself
    await scheduler.tick(START + HOUR_MS);
    const dms = t.fake.dmMessagesFor(user).map((message) => message.message);
    expect(dms).toHaveLength(3);
    expect(JSON.stringify(dms[0].embeds)).toMatch(/specific questions/i);
    expect(dms[2].components[0].components[0].custom_id).toMatch(/^session:notes:/);
    // "with" is a note for the user: it never pings anyone.
    expect(t.fake.unsafeMentions()).toEqual([]);

    const notesButton = dms[2].components[0].components[0].custom_id as string;
    const modal = await (await t.fake.button({ user, dm: true, customId: notesButton })).answer();
    const submit = modal.modal.custom_id as string;
    const input = modal.modal.components[0].components[0].custom_id as string;
    const saved = await (await t.fake.modalSubmit({ user, dm: true, customId: submit, fields: { [input]: 'Split the PR into smaller ones' } })).answer();
    expect(saved.ephemeral).toBe(true);

    // The action items appear in the next weekly check-in.
    t.clock.ms = START + 2 * HOUR_MS;
    await (await t.fake.command({ name: 'checkin', subcommand: 'start', user, options: { weekday: 'friday', time: '18:00', timezone: 'Asia/Damascus' } })).answer();
    const due = (await t.bot.services.members.profile(user))!.checkin!.nextDueAt;
    await scheduler.tick(due);
    expect(JSON.stringify(t.fake.dmMessagesFor(user).at(-1)!.message.embeds)).toContain('Split the PR into smaller ones');
    t.fake.assertClean();
  });

  it('lists and cancels upcoming sessions; a cancelled session sends no reminder', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    await (await t.fake.command({ name: 'session', subcommand: 'add', user, options: { when: '2026-12-01 18:30', timezone: 'Asia/Damascus' } })).answer();
    const list = await (await t.fake.command({ name: 'session', subcommand: 'list', user })).answer();
    expect(list.ephemeral).toBe(true);
    expect(list.text).toContain('18:30');
    const [choice] = await t.fake.autocomplete({ name: 'session', subcommand: 'cancel', user, focused: 'session', value: '' });
    const cancelled = await (await t.fake.command({ name: 'session', subcommand: 'cancel', user, options: { session: choice!.value } })).answer();
    expect(cancelled.ephemeral).toBe(true);
    await t.bot.services.scheduler.tick(MONDAY);
    await t.bot.services.scheduler.tick(START + 2 * HOUR_MS);
    expect(t.fake.dmMessagesFor(user)).toHaveLength(0);
    t.fake.assertClean();
  });

  it.each([
    ['an unreadable time', { when: 'next tuesday', timezone: 'UTC' }, 'next tuesday'],
    ['an unknown timezone', { when: '2026-12-01 18:30', timezone: 'Syria/Aleppo' }, 'Syria/Aleppo'],
    ['a time in the past', { when: '2026-11-01 10:00', timezone: 'UTC' }, '2026'],
  ])('names %s in a private error and books nothing', async (_case, options, named) => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    const answer = await (await t.fake.command({ name: 'session', subcommand: 'add', user, options })).answer();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain(named);
    expect(await t.bot.services.sessions.upcoming(user, MONDAY)).toEqual([]);
  });
});
