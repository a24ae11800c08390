/**
 * The gateway connection dropped mid-session: discord.js resumes (or identifies again) and the
 * bot keeps answering commands.
 */
import { describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../fake-discord/index.js';
import { startTestBot } from '../support/bot.js';
import { waitFor } from './support.js';

async function whyIsAnswered(fake: FakeDiscord): Promise<void> {
  // fake.command waits for a live session before dispatching; a generous answer timeout for CI.
  const answer = await (await fake.command({ name: 'mentorship', subcommand: 'why' })).answer(15_000);
  expect(answer.embeds.length).toBeGreaterThan(0);
  expect(answer.embeds[0]?.title).toBeTruthy();
}

describe('gateway dropped mid-session', () => {
  it.each([
    ['a close with a resumable code (4000): the client resumes', {}],
    ['a TCP connection killed without a close frame (1006): the client reconnects', { terminate: true }],
  ] as const)('%s and the next command is answered', async (_case, drop) => {
    const { fake } = await startTestBot();
    await whyIsAnswered(fake);
    const identifies = fake.identifies.length;
    const resumes = fake.resumes.length;

    fake.dropGateway(drop);
    await waitFor(
      () => fake.connected && (fake.resumes.length > resumes || fake.identifies.length > identifies),
      () => `the bot to reconnect (resumes ${fake.resumes.length}, identifies ${fake.identifies.length}, connected ${fake.connected})`,
      20_000,
    );
    await whyIsAnswered(fake);
    // Resumed the same session (no new IDENTIFY needed) or, failing that, identified again.
    expect(fake.resumes.length > resumes || fake.identifies.length > identifies).toBe(true);
    expect(fake.resumes.filter((resume) => !resume.ok)).toEqual([]);
    fake.assertClean();
  });

  it('dropped twice in a row, then a session invalidated: still answering', async () => {
    const { fake } = await startTestBot();
    await whyIsAnswered(fake);
    for (const drop of [() => fake.dropGateway(), () => fake.dropGateway({ terminate: true })]) {
      const before = fake.resumes.length + fake.identifies.length;
      drop();
      await waitFor(
        () => fake.connected && fake.resumes.length + fake.identifies.length > before,
        () => `the bot to reconnect (resumes ${fake.resumes.length}, identifies ${fake.identifies.length})`,
        20_000,
      );
    }
    await whyIsAnswered(fake);

    const identifies = fake.identifies.length;
    fake.invalidateSession(); // op 9, not resumable: only a new IDENTIFY brings the bot back
    await waitFor(
      () => fake.connected && fake.identifies.length > identifies,
      () => `a new IDENTIFY after op 9 (identifies ${fake.identifies.length})`,
      20_000,
    );
    await whyIsAnswered(fake);
    fake.assertClean();
  });
});
