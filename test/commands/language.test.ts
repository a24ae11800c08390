import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { layout, loadUiStrings, translator } from '../../src/i18n/index.js';
import { weekOf } from '../../src/time/format.js';
import { startTestBot, TestClock, type TestBot } from '../support/bot.js';

const content = loadContent();
const ui = loadUiStrings();
/** Arabic as the bot sends it: each line marked right-to-left, values isolated. */
const ar = translator(ui.ar, 'ar');
const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const FRIDAY_DUE = Date.UTC(2026, 10, 27, 15, 0);

const run = async (t: TestBot, spec: Parameters<TestBot['fake']['command']>[0]) => (await t.fake.command(spec)).answer();
const arabicLetters = (text: string) => (text.match(/\p{Script=Arabic}/gu) ?? []).length;

describe('/language', () => {
  it('switches a member to Arabic: guide, platforms, errors and the check-in DM, all within Discord limits', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const user = t.fake.defaults.member.id;
    const set = await run(t, { name: 'language', user, options: { language: 'ar' } });
    expect(set.ephemeral).toBe(true);
    expect(set.content).toBe(ar('language.user_set'));

    const why = await run(t, { name: 'mentorship', subcommand: 'why', user });
    expect(why.embeds[0]?.title).toBe(layout('ar', content.entry('ar', 'why').title));
    const platforms = await run(t, { name: 'platforms', user });
    expect(platforms.embeds[0]?.title).toBe(layout('ar', content.platformsPage('ar').title));
    expect(platforms.text).toContain('169');

    const error = await run(t, { name: 'checkin', subcommand: 'start', user, options: { weekday: 'friday', time: '7pm', timezone: 'UTC' } });
    expect(error.ephemeral).toBe(true);
    expect(error.content).toContain('7pm');
    expect(arabicLetters(error.content ?? '')).toBeGreaterThan(20);

    await run(t, { name: 'checkin', subcommand: 'start', user, options: { weekday: 'friday', time: '18:00', timezone: 'Asia/Damascus' } });
    await t.bot.services.scheduler.tick(FRIDAY_DUE);
    const dm = t.fake.dmMessagesFor(user)[0]!.message;
    expect(dm.embeds[0].description).toBe(ar('checkin.prompt.body'));
    expect(dm.components[0].components[0].label).toBe(ar('checkin.button.answer'));
    const modal = await (await t.fake.button({ user, dm: true, customId: 'checkin:answer:2026-W48' })).answer();
    expect(modal.modal.components[0].components[0].label).toBe(ar('checkin.modal.wins'));

    const back = await run(t, { name: 'language', user, options: { language: 'en' } });
    expect(back.content).toBe(ui.en['language.user_set']);
    expect((await run(t, { name: 'mentorship', subcommand: 'why', user })).embeds[0]?.title).toBe(content.entry('en', 'why').title);
    t.fake.assertClean();
  });

  it("applies the server's default to members who have not chosen, but not over a member's own choice", async () => {
    const t = await startTestBot();
    const { owner, member, moderator } = t.fake.defaults;
    await run(t, { name: 'language', user: moderator.id, options: { language: 'en' } });
    const set = await run(t, { name: 'language', user: owner.id, options: { language: 'ar', scope: 'server' } });
    expect(set.content).toBe(ar('language.server_set'));

    expect((await run(t, { name: 'mentorship', subcommand: 'intro', user: member.id })).embeds[0]?.title).toBe(layout('ar', content.entry('ar', 'intro').title));
    expect((await run(t, { name: 'mentorship', subcommand: 'intro', user: moderator.id })).embeds[0]?.title).toBe(content.entry('en', 'intro').title);
    // In DMs (commands registered globally) there is no server: English, unless the member chose.
    const inDm = await run(t, { name: 'mentorship', subcommand: 'intro', user: member.id, dm: true, unregistered: true });
    expect(inDm.embeds[0]?.title).toBe(content.entry('en', 'intro').title);
    t.fake.assertClean();
  });

  it('DMs a member in the default language of the server where they opted in', async () => {
    const t = await startTestBot({ clock: new TestClock(MONDAY) });
    const { owner, member } = t.fake.defaults;
    await run(t, { name: 'language', user: owner.id, options: { language: 'ar', scope: 'server' } });
    await run(t, { name: 'checkin', subcommand: 'start', user: member.id, options: { weekday: 'friday', time: '18:00', timezone: 'Asia/Damascus' } });
    await t.bot.services.scheduler.tick(FRIDAY_DUE);
    expect(t.fake.dmMessagesFor(member.id)[0]!.message.embeds[0].description).toBe(ar('checkin.prompt.body'));
    // Buttons pressed in that DM answer in the same language.
    const skipped = await (await t.fake.button({ user: member.id, dm: true, customId: 'checkin:skip:2026-W48' })).answer();
    expect(skipped.content).toBe(ar('checkin.skipped', { week: weekOf('2026-W48') }));
    expect(skipped.content).toContain('23 تشرين الثاني');
  });

  it('refuses to change the server default without Manage Server, and changes nothing', async () => {
    const t = await startTestBot();
    const { member } = t.fake.defaults;
    const refused = await run(t, { name: 'language', user: member.id, options: { language: 'ar', scope: 'server' } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain('Manage Server');
    expect((await t.bot.services.servers.get(t.fake.defaults.guildId))?.lang).toBeUndefined();
    expect((await run(t, { name: 'mentorship', subcommand: 'intro', user: member.id })).embeds[0]?.title).toBe(content.entry('en', 'intro').title);
  });

  it('is part of the member’s export', async () => {
    const t = await startTestBot();
    const user = t.fake.defaults.member.id;
    await run(t, { name: 'language', user, options: { language: 'ar' } });
    const exported = await run(t, { name: 'checkin', subcommand: 'export', user });
    expect(JSON.parse(exported.files[0]!.data.toString('utf8')).settings.lang).toBe('ar');
  });
});
