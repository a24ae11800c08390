import type { Answer, FakeDiscordOptions, FakeUser, StoredMessage } from '../fake-discord/index.js';
import { DEFAULT_BOT_PERMISSIONS, Perm } from '../fake-discord/index.js';
import { startTestBot, TestClock, type TestBot } from '../support/bot.js';

/** Monday 23 Nov 2026, 09:00 UTC. */
export const T0 = Date.UTC(2026, 10, 23, 9, 0);
export const HOUR = 60 * 60_000;
export const DAY = 24 * HOUR;

/** What the bot needs in the mentoring channel (and Read Message History, as the invite asks). */
export const THREAD_PERMISSIONS = DEFAULT_BOT_PERMISSIONS | Perm.CreatePrivateThreads | Perm.SendMessagesInThreads | Perm.ReadMessageHistory;

export interface Mentoring {
  t: TestBot;
  mentor: FakeUser;
  mentee: FakeUser;
  /** Owns the server (Manage Server). */
  owner: FakeUser;
  channelId: string;
}

/**
 * The real bot against the fake Discord, a mentor and a mentee in the default server, and the bot
 * allowed to open private threads (unless `threads: false`).
 */
export async function startMentoring(options: { threads?: boolean; clock?: TestClock; fake?: FakeDiscordOptions } = {}): Promise<Mentoring> {
  const t = await startTestBot({ clock: options.clock ?? new TestClock(T0), ...(options.fake ? { fake: options.fake } : {}) });
  if (options.threads !== false) t.fake.setRolePermissions(t.fake.defaults.botRoleId, THREAD_PERMISSIONS);
  const mentor = t.fake.addMember({ username: 'rana', globalName: 'Rana' });
  return { t, mentor, mentee: t.fake.defaults.member, owner: t.fake.defaults.owner, channelId: t.fake.defaults.textChannelId };
}

export async function run(t: TestBot, user: FakeUser | string, subcommand: string, options: Record<string, string | number> = {}): Promise<Answer> {
  return (await t.fake.command({ name: 'mentor', subcommand, user, options })).answer();
}

export async function offer(m: Mentoring, options: Record<string, string | number> = {}, user: FakeUser = m.mentor): Promise<Answer> {
  return run(m.t, user, 'offer', { topics: 'technical, React', capacity: 2, note: 'Frontend lead; happy to review code.', ...options });
}

export async function setupChannel(m: Mentoring): Promise<Answer> {
  return run(m.t, m.owner, 'setup', { channel: m.channelId });
}

export const REQUEST = {
  help: 'My React state is a mess: Context or Redux for a medium app?',
  goal: 'Ship my portfolio site by March',
  tried: 'Read the Redux docs; built a small Context version',
};

/** Presses Request under `/mentor find` for the mentor, then fills in and sends the form. */
export async function request(m: Mentoring, mentee: FakeUser = m.mentee, mentorId: string = m.mentor.id, fields: Partial<typeof REQUEST> = {}): Promise<Answer> {
  const found = await run(m.t, mentee, 'find');
  const customId = found.customIds.find((id) => id.startsWith(`mentor:request:${mentorId}`));
  if (!customId) throw new Error(`no Request button for ${mentorId} in: ${found.text}`);
  const opened = await (await m.t.fake.button({ user: mentee, customId, messageId: found.message?.id })).answer();
  if (!opened.modal) return opened;
  return (await m.t.fake.modalSubmit({ user: mentee, customId: opened.modal.custom_id, fields: { ...REQUEST, ...fields } })).answer();
}

export const dms = (m: Mentoring, user: FakeUser): StoredMessage[] => m.t.fake.dmMessagesFor(user.id);
export const lastDm = (m: Mentoring, user: FakeUser): StoredMessage | undefined => dms(m, user).at(-1);
export const textOfMessage = (message: StoredMessage | undefined): string => JSON.stringify([message?.message.content, message?.message.embeds, message?.message.components]);

/** The request id from the mentor's DM buttons. */
export function requestIdIn(message: StoredMessage | undefined): string {
  const id = JSON.stringify(message?.message.components ?? []).match(/mentor:accept:(\d{10})/)?.[1];
  if (!id) throw new Error('no request id in the message');
  return id;
}

/** Clicks a button of a DM. */
export async function press(m: Mentoring, user: FakeUser, customId: string): Promise<Answer> {
  return (await m.t.fake.button({ user, dm: true, customId })).answer();
}

/** Runs the scheduler at `ms` (also moving the bot's clock there). */
export async function tickAt(m: Mentoring, ms: number): Promise<void> {
  m.t.clock.ms = ms;
  await m.t.bot.services.scheduler.tick(ms);
}
