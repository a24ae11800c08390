/**
 * Exactly once across a crash, for mentoring: the built bot, as a real process, is killed with
 * SIGKILL the moment its first reminder or expiry DM reaches Discord, and a new process on the
 * same database, started after Discord has forgotten the nonces, finishes the work.
 */
import { REST } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createServices } from '../../src/services.js';
import { FakeDiscord } from '../fake-discord/index.js';
import { newDatabaseFile, sleep, startBuiltBot, waitFor } from '../faults/support.js';
import type { BotProcess } from '../support/process.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A mentor with two waiting requests: one due for its 48-hour reminder, one past its week. */
async function seed(fake: FakeDiscord, databaseFile: string, now: number) {
  const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
  const services = await createServices({ databaseUrl: `sqlite://${databaseFile}`, log: createLogger('silent'), rest });
  const guildId = fake.defaults.guildId;
  const mentor = fake.addMember({ username: 'rana', globalName: 'Rana' });
  const [reminded, expiring] = [fake.addMember({ username: 'sami' }), fake.addMember({ username: 'lina' })];
  try {
    const { mentoring, index } = services;
    const base = { guildId, guildName: 'Fake Guild', mentorId: mentor.id, help: 'Help with my first open-source PR' };
    await mentoring.offer({ guildId, guildName: 'Fake Guild', mentorId: mentor.id, name: 'Rana', topics: ['technical'], specialities: [], languages: ['en'], capacity: 2 }, now - 8 * DAY);
    await mentoring.request({ ...base, menteeId: expiring.id, menteeName: 'Lina' }, now - 7 * DAY - HOUR);
    await mentoring.request({ ...base, menteeId: reminded.id, menteeName: 'Sami' }, now - 49 * HOUR);
    // A bot that ran until two hours ago left its cursor there.
    await index.advance(now - 2 * HOUR - MINUTE, []);
  } finally {
    await services.store.close();
  }
  return { mentor, reminded, expiring };
}

const withText = (fake: FakeDiscord, userId: string, text: string) => fake.dmMessagesFor(userId).filter((message) => JSON.stringify(message.message.embeds).includes(text));

describe('kill -9 while mentoring DMs go out', () => {
  it('the reminder and the expiry notices are each delivered exactly once', async () => {
    const fake = await FakeDiscord.start({ nonceWindowMs: 1_000 });
    try {
      const databaseFile = newDatabaseFile();
      const { mentor, reminded, expiring } = await seed(fake, databaseFile, Date.now());
      expect(fake.dmMessagesFor(mentor.id)).toHaveLength(2); // the two requests

      let first: BotProcess | undefined;
      let killed = false;
      fake.onMessageCreated(() => {
        if (!first || killed) return;
        killed = true;
        first.child.kill('SIGKILL');
      });
      first = startBuiltBot(fake, databaseFile);
      const exit = await first.exited;
      expect(exit.signal, `the bot should have been killed mid-send; stderr:\n${first.stderr()}`).toBe('SIGKILL');

      // After Discord's memory of the nonces: only the DM history can tell what went out.
      await sleep(1_100);
      const second = startBuiltBot(fake, databaseFile);
      const expected = () => [
        withText(fake, mentor.id, 'A request is waiting for your answer'),
        withText(fake, mentor.id, 'A request expired'),
        withText(fake, expiring.id, 'expired'),
      ];
      await waitFor(
        () => expected().every((messages) => messages.length > 0),
        () => `the reminder and both expiry notices; stderr:\n${second.stderr()}`,
      );
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);

      expect(expected().map((messages) => messages.length)).toEqual([1, 1, 1]);
      expect(fake.dmMessagesFor(reminded.id)).toHaveLength(0);
      expect(fake.nonceDuplicates).toBe(0);
      expect(fake.requests.some((request) => request.method === 'GET' && request.route === 'GET /channels/:channel/messages')).toBe(true);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.stop();
    }
  }, 90_000);
});
