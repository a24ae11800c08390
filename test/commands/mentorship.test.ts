import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { startTestBot } from '../support/bot.js';

const content = loadContent();

describe('/mentorship', () => {
  it.each([
    ['intro', 'intro'],
    ['why', 'why'],
    ['find', 'find'],
    ['mentee', 'mentee'],
  ])('/mentorship %s posts the guide section for everyone in the channel', async (subcommand, entryId) => {
    const { fake } = await startTestBot();
    const answer = await (await fake.command({ name: 'mentorship', subcommand })).answer();
    expect(answer.ephemeral).toBe(false);
    expect(answer.embeds[0]?.title).toBe(content.entry('en', entryId).title);
    expect(answer.allowedMentions).toEqual({ parse: [] });
    fake.assertClean();
  });

  it('answers "why" with each of the five reasons as a field', async () => {
    const { fake } = await startTestBot();
    const answer = await (await fake.command({ name: 'mentorship', subcommand: 'why' })).answer();
    const names = answer.embeds[0]?.fields?.map((field) => field.name) ?? [];
    for (const field of content.entry('en', 'why').fields) expect(names).toContain(field.name);
    expect(names.length).toBeGreaterThanOrEqual(5);
  });

  it('links both platforms from "find"', async () => {
    const { fake } = await startTestBot();
    const answer = await (await fake.command({ name: 'mentorship', subcommand: 'find' })).answer();
    expect(answer.buttons.map((button) => button.url)).toEqual(['https://mentory-sy.net/', 'https://prohelpify.com/en']);
    expect(answer.text).toContain('169');
  });

  it.each(['ready', 'consistent', 'listen', 'progress', 'give-back'] as const)('picks the "%s" habit', async (habit) => {
    const { fake } = await startTestBot();
    const answer = await (await fake.command({ name: 'mentorship', subcommand: 'mentee', options: { habit } })).answer();
    expect(answer.embeds[0]?.title).toBe(content.entry('en', content.habitEntryId(habit)).title);
    fake.assertClean();
  });
});
