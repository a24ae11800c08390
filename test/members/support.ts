import { expect } from 'vitest';
import type { FakeDiscord } from '../fake-discord/index.js';

/**
 * A member answers the week's check-in as they would mid-batch, before their DM has come:
 * `/checkin now`, then the form. Returns once the bot has said it is saved.
 */
export async function answerNow(fake: FakeDiscord, user: string, week: string, wins: string): Promise<void> {
  const form = await (await fake.command({ name: 'checkin', subcommand: 'now', user })).answer(15_000);
  expect(form.modal?.custom_id).toBe(`checkin:submit:${week}`);
  const saved = await (
    await fake.modalSubmit({ user, customId: `checkin:submit:${week}`, fields: { wins, difficulties: '', suggestions: '', focus: 'Keep going' } })
  ).answer(15_000);
  expect(saved.content).toContain('Saved');
}
