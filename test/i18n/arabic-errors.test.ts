import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/discord/errors.js';
import { loadUiStrings, translator } from '../../src/i18n/index.js';
import { MAX_OPEN_GOALS, MAX_UPCOMING_SESSIONS, SESSION_TOPIC_MAX, SESSION_WITH_MAX } from '../../src/store/records.js';
import { HOUR_MS } from '../../src/time/index.js';
import { Perm } from '../fake-discord/index.js';
import { startTestBot, TestClock, type TestBot } from '../support/bot.js';

/**
 * Every error a member can meet, asked in Arabic: the reply must be Arabic through and through.
 * Latin is allowed only for slash commands, URLs, and names that are Latin in Discord itself
 * (the product, its permission and settings names, timezones, input formats and option values).
 */
const ALLOWED_LATIN = new Set(
  [
    'Discord',
    // permissions and settings, glossed as Discord's English client shows them
    'Manage', 'Messages', 'Server', 'View', 'Channel', 'Send', 'Embed', 'Links', 'Privacy', 'Settings', 'Direct',
    // timezones and input formats
    'UTC', 'Damascus', 'Berlin', 'Asia', 'HH', 'MM', 'YYYY', 'DD',
    // option values members type
    'monday', 'sunday', 'technical', 'career', 'academic', 'startup', 'interview',
    // mentoring: thread permissions as Discord's client names them, and the example speciality
    'Create', 'Private', 'Threads', 'in', 'React',
  ].map((word) => word.toLowerCase()),
);

/** Latin words left once slash commands, URLs and Discord mentions are taken out. */
function strayLatin(text: string): string[] {
  const rest = text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/<[#@][&!]?\d+>/g, ' ')
    .replace(/\/[a-z][\w-]*(?: [a-z][\w-]*)?/g, ' ');
  return (rest.match(/[A-Za-z]+/g) ?? []).filter((word) => !ALLOWED_LATIN.has(word.toLowerCase()));
}

/** Replies that are missing, carry stray Latin, or hold hardly any Arabic. */
function notArabic(replies: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  for (const [name, text] of Object.entries(replies)) {
    if (!text) problems.push(`${name}: no reply`);
    else if (strayLatin(text).length > 0) problems.push(`${name}: ${strayLatin(text).join(', ')} in «${text}»`);
    else if ((text.match(/\p{Script=Arabic}/gu) ?? []).length < 15) problems.push(`${name}: hardly any Arabic in «${text}»`);
  }
  return problems;
}

const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const ui = loadUiStrings();
const ar = translator(ui.ar, 'ar');

/** What the bot replies to a UserError (the wiring's rule), for errors the services raise. */
async function rendered(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const { key, vars } = error as UserError;
    return ar(key, vars);
  }
  throw new Error('no error');
}

describe('errors in Arabic', () => {
  it('say everything in Arabic, field names and times included', async () => {
    const t: TestBot = await startTestBot({ clock: new TestClock(MONDAY) });
    const { member, moderator } = t.fake.defaults;
    for (const user of [member.id, moderator.id]) await (await t.fake.command({ name: 'language', user, options: { language: 'ar' } })).answer();
    const services = t.bot.services;
    const replies: Record<string, string | undefined> = {};
    const ask = async (name: string, spec: Parameters<TestBot['fake']['command']>[0]) => {
      const answer = await (await t.fake.command(spec)).answer();
      expect(answer.ephemeral, name).toBe(true);
      replies[name] = answer.content;
    };

    // The guide, as a moderator and as a member.
    await ask('unknown section', { name: 'guide', subcommand: 'post', user: moderator.id, options: { section: 'طبخ' } });
    await ask('member lacks a permission', { name: 'guide', subcommand: 'post', user: member.id, options: { section: 'why' } });
    const target = t.fake.defaults.announcementChannelId;
    t.fake.setBotChannelPermissions(target, { deny: Perm.SendMessages | Perm.EmbedLinks });
    await ask('bot lacks permissions', { name: 'guide', subcommand: 'post', user: moderator.id, options: { section: 'why', channel: target } });
    const guarded = t.fake.addGuildChannel({ name: 'staff', type: 0, overwrites: [{ id: t.fake.defaults.moderatorRoleId, type: 'role', deny: Perm.ManageMessages }] });
    await ask('member lacks a permission in the target channel', { name: 'guide', subcommand: 'post', user: moderator.id, options: { section: 'why', channel: guarded } });

    // Weekly schedules.
    const start = { weekday: 'friday', time: '18:00', timezone: 'Asia/Damascus' };
    await ask('bad time', { name: 'checkin', subcommand: 'start', user: member.id, options: { ...start, time: '٧ م' } });
    await ask('bad timezone', { name: 'checkin', subcommand: 'start', user: member.id, options: { ...start, timezone: 'حلب' } });

    // Goals.
    await ask('empty goal', { name: 'goal', subcommand: 'set', user: member.id, options: { text: '   ' } });
    await ask('unknown goal', { name: 'goal', subcommand: 'done', user: member.id, options: { goal: 'هدف غير موجود' } });
    for (let i = 0; i < MAX_OPEN_GOALS; i++) await services.goals.add(member.id, `هدف ${i}`, MONDAY);
    await ask('too many goals', { name: 'goal', subcommand: 'set', user: member.id, options: { text: 'هدف آخر' } });

    // Sessions.
    const add = { when: '2026-12-01 18:30', timezone: 'Asia/Damascus' };
    await ask('unreadable when', { name: 'session', subcommand: 'add', user: member.id, options: { ...add, when: 'غدًا مساءً' } });
    await ask('session in the past', { name: 'session', subcommand: 'add', user: member.id, options: { ...add, when: '2026-11-01 10:00' } });
    await ask('unknown session', { name: 'session', subcommand: 'cancel', user: member.id, options: { session: 'جلسة غير موجودة' } });
    const soon = await services.sessions.add(member.id, { startsAt: MONDAY + HOUR_MS, timeZone: 'UTC' }, MONDAY);
    t.clock.advance(2 * HOUR_MS);
    await ask('session already started', { name: 'session', subcommand: 'cancel', user: member.id, options: { session: soon.id } });
    for (let i = 0; i < MAX_UPCOMING_SESSIONS; i++) await services.sessions.add(member.id, { startsAt: MONDAY + (10 + i) * HOUR_MS, timeZone: 'UTC' }, t.clock.ms);
    await ask('too many sessions', { name: 'session', subcommand: 'add', user: member.id, options: add });

    // A week that can no longer be answered.
    const closed = await (await t.fake.button({ user: member.id, dm: true, customId: 'checkin:answer:2026-W40', force: true })).answer();
    replies['closed week'] = closed?.content;

    // Limits Discord enforces before the bot sees the input: the services' own errors.
    const later = { startsAt: MONDAY + 100 * HOUR_MS, timeZone: 'UTC' };
    replies['long with'] = await rendered(services.sessions.add(moderator.id, { ...later, with: 'ر'.repeat(SESSION_WITH_MAX + 1) }, t.clock.ms));
    replies['long topic'] = await rendered(services.sessions.add(moderator.id, { ...later, topic: 'ر'.repeat(SESSION_TOPIC_MAX + 1) }, t.clock.ms));
    replies['past, from the service'] = await rendered(services.sessions.add(moderator.id, { startsAt: MONDAY, timeZone: 'Asia/Damascus' }, t.clock.ms));
    const booked = await services.sessions.add(moderator.id, later, t.clock.ms);
    replies['long action items'] = await rendered(services.sessions.saveActionItems(moderator.id, booked.id, 'ر'.repeat(5000)));
    // Errors Discord's own checks (choices, channel types, contexts) keep from members: the strings.
    replies['bad weekday'] = ar('error.bad_weekday', { value: 'الجمعة' });
    replies['unknown focus'] = ar('error.unknown_focus', { value: 'طبخ' });
    replies['not a text channel'] = ar('error.unsupported_channel', { channel: `<#${t.fake.defaults.voiceChannelId}>` });
    replies['servers only'] = ar('error.guild_only');
    replies['generic'] = ar('error.generic');

    expect(notArabic(replies)).toEqual([]);
    // The field names and the time are the Arabic ones.
    expect(replies['long with']).toContain('«\u2068مع\u2069»');
    expect(replies['long topic']).toContain('الموضوع');
    expect(replies['long action items']).toContain('المهام المتّفق عليها');
    expect(replies['past, from the service']).toContain('الاثنين 23 تشرين الثاني 2026، 12:00');
    expect(replies['member lacks a permission in the target channel']).toContain('إدارة الرسائل');
    expect(replies['too many sessions']?.replace(/[\u2066-\u2069]/g, '')).toContain('10 جلسات قادمة');
  });

  it('catches English left in a reply', () => {
    expect(strayLatin('«with» طويل جدًا: الحد الأقصى 100 حرف. استخدم /session cancel')).toEqual(['with']);
    expect(strayLatin('الموعد 2026-11-01T10:00:00.000Z مضى بالفعل')).toEqual(['T', 'Z']);
    expect(strayLatin('اضغط ⁨/checkin resume⁩ في ⁨Discord⁩ (⁨Asia/Damascus⁩)')).toEqual([]);
  });
});

describe('mentoring in Arabic', () => {
  it('replies, errors and DMs say everything in Arabic', async () => {
    const t: TestBot = await startTestBot({ clock: new TestClock(MONDAY) });
    const { member: mentee, owner } = t.fake.defaults;
    const mentor = t.fake.addMember({ username: 'rana', globalName: 'رنا' });
    for (const user of [mentee.id, owner.id, mentor.id]) await (await t.fake.command({ name: 'language', user, options: { language: 'ar' } })).answer();
    const replies: Record<string, string | undefined> = {};
    const mentorCommand = async (name: string, user: string, subcommand: string, options: Record<string, string | number> = {}, whole = false) => {
      const answer = await (await t.fake.command({ name: 'mentor', subcommand, user, options })).answer();
      expect(answer.ephemeral, name).toBe(true);
      replies[name] = whole ? answer.text : answer.content;
      return answer;
    };
    // The server's name is the members' own text, as are the mentor's specialities.
    const ours = (text: string | undefined) => text?.replaceAll('Fake Guild', '');

    await mentorCommand('no kind of help', mentor.id, 'offer', { topics: 'React' });
    await mentorCommand('too many topics', mentor.id, 'offer', { topics: 'technical, career, academic, startup, interview, React' });
    await mentorCommand('topic too long', mentor.id, 'offer', { topics: `technical, ${'ر'.repeat(41)}` });
    await mentorCommand('no offer yet', mentor.id, 'pause');
    await mentorCommand('setup without permissions', owner.id, 'setup', { channel: t.fake.defaults.textChannelId });
    await mentorCommand('nobody matches', mentee.id, 'find');
    await mentorCommand('offer made', mentor.id, 'offer', { topics: 'technical, career', capacity: 1, note: 'أحب مراجعة الكود' }, true);
    const found = await mentorCommand('the list', mentee.id, 'find', {}, true);
    const self = await (await t.fake.button({ user: mentor.id, customId: `mentor:request:${mentor.id}`, force: true })).answer();
    replies['request to yourself'] = self.content;
    const form = await (await t.fake.button({ user: mentee.id, customId: found.customIds[0]!, messageId: found.message?.id })).answer();
    replies['the form'] = JSON.stringify([form.modal.title, ...form.modal.components.map((row: { components: { label: string; placeholder: string }[] }) => [row.components[0]!.label, row.components[0]!.placeholder])]);
    const sent = await (await t.fake.modalSubmit({ user: mentee.id, customId: form.modal.custom_id, fields: { help: 'أريد مساعدة في إدارة الحالة', goal: '', tried: '' } })).answer();
    replies['request sent'] = sent.content;
    const dm = t.fake.dmMessagesFor(mentor.id).at(-1)!;
    replies['the request DM'] = [dm.message.embeds[0].title, dm.message.embeds[0].description, dm.message.embeds[0].footer.text, ...dm.message.components[0].components.map((b: { label: string }) => b.label)].join('\n');
    const id = /mentor:accept:(\d{10})/.exec(JSON.stringify(dm.message.components))![1]!;
    await mentorCommand('unknown request', mentee.id, 'cancel', { request: '0000000000' });
    await (await t.fake.button({ user: mentor.id, dm: true, customId: `mentor:decline:${id}` })).answer();
    const declined = await (await t.fake.modalSubmit({ user: mentor.id, customId: `mentor:decline-submit:${id}`, fields: { reason: 'لست متفرغًا هذا الشهر' } })).answer();
    replies['declined'] = declined.text;
    const told = t.fake.dmMessagesFor(mentee.id).at(-1)!.message.embeds[0];
    replies['the mentee is told'] = [told.title, told.description, ...told.fields.map((f: { name: string; value: string }) => `${f.name}\n${f.value}`), told.footer.text].join('\n');
    const stale = await (await t.fake.button({ user: mentor.id, dm: true, customId: `mentor:accept:${id}` })).answer();
    replies['a stale button'] = stale.content;

    expect(notArabic(Object.fromEntries(Object.entries(replies).map(([name, text]) => [name, ours(text)])))).toEqual([]);
    expect(replies['setup without permissions']).toContain('إنشاء سلاسل خاصة');
    expect(replies['declined']).toContain('مع السبب');
    expect(replies['the mentee is told']).toContain('لست متفرغًا هذا الشهر');
    expect(replies['too many topics']?.replace(/[\u2066-\u2069]/g, '')).toContain('6 مجالات');
    t.fake.assertClean();
  });
});
