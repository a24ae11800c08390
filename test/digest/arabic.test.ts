import { describe, expect, it } from 'vitest';
import { Perm } from '../fake-discord/index.js';
import { startTestBot, TestClock } from '../support/bot.js';

const MONDAY = Date.UTC(2026, 10, 23, 9, 0);

/** Latin letters left once isolated fragments (U+2068…U+2069), mentions and slash commands are taken out. */
const strayLatin = (text: string): string[] =>
  text
    .replace(/\u2068[^\u2069]*\u2069/g, ' ')
    .replace(/<[#@][&!]?\d+>/g, ' ')
    .replace(/\/[a-z][\w-]*(?: [a-z][\w-]*)?/g, ' ')
    .match(/[A-Za-z]+/g) ?? [];

describe('the digest in Arabic', () => {
  it('says everything in Arabic: the preview, its counts, the chart’s text alternative, the share flow and the errors', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const { owner, member, guildId, textChannelId } = t.fake.defaults;
    for (const user of [owner.id, member.id]) await (await t.fake.command({ name: 'language', user, options: { language: 'ar' } })).answer();
    for (let i = 0; i < 6; i++) {
      const id = `91000000000000${String(i).padStart(4, '0')}`;
      await t.bot.services.checkins.subscribe(id, { weekday: 5, hour: 12, minute: 0, timeZone: 'UTC' }, guildId, MONDAY);
      await t.bot.services.checkins.answer(id, '2026-W48', { wins: 'نجاح', difficulties: '', suggestions: '', focus: 'تركيز' }, MONDAY);
    }
    const replies: Record<string, string> = {};
    const preview = await (await t.fake.command({ name: 'digest', subcommand: 'now', user: owner.id })).answer();
    replies.preview = preview.text;
    replies.chart = (preview.data.attachments as { description: string }[])[0]!.description;
    expect(preview.text).toContain('أنجزوا متابعتهم: **\u20686\u2069**');

    await (await t.fake.command({ name: 'checkin', subcommand: 'start', user: member.id, options: { weekday: 'friday', time: '18:00', timezone: 'UTC' } })).answer();
    await (await t.fake.command({ name: 'checkin', subcommand: 'now', user: member.id })).answer();
    const saved = await (await t.fake.modalSubmit({ user: member.id, customId: 'checkin:submit:2026-W48', fields: { wins: 'أنهيت المشروع', difficulties: '', suggestions: '', focus: 'الاختبارات' } })).answer();
    replies.button = saved.buttons[0]!.label;
    const form = await (await t.fake.button({ user: member.id, customId: 'digest:share:2026-W48' })).answer();
    replies.form = `${form.modal.title} ${form.modal.components[0].components[0].label}`;
    const shared = await (await t.fake.modalSubmit({ user: member.id, customId: 'digest:shared:2026-W48', fields: { win: 'أنهيت المشروع' } })).answer();
    replies.shared = shared.content!.replace(/\*\*[^*]+\*\*/, '**اسم**'); // the member's own name may be Latin
    t.fake.setBotChannelPermissions(textChannelId, { deny: Perm.AttachFiles });
    const refused = await (
      await t.fake.command({ name: 'digest', subcommand: 'schedule', user: owner.id, options: { channel: textChannelId, weekday: 'friday', time: '18:00', timezone: 'UTC' } })
    ).answer();
    replies.refused = refused.content!;

    const problems = Object.entries(replies).filter(([, text]) => strayLatin(text).length > 0 || !/\p{Script=Arabic}/u.test(text));
    expect(problems).toEqual([]);
    t.fake.assertClean();
  });
});
