import { describe, expect, it } from 'vitest';
import { startTestBot } from '../support/bot.js';

describe('/goal', () => {
  it('sets, lists, autocompletes and completes a goal, privately', async () => {
    const t = await startTestBot();
    const user = t.fake.defaults.member.id;
    const set = await (await t.fake.command({ name: 'goal', subcommand: 'set', user, options: { text: 'Learn when to use Context vs Redux' } })).answer();
    expect(set.ephemeral).toBe(true);
    expect(set.content).toContain('Learn when to use Context vs Redux');

    const choices = await t.fake.autocomplete({ name: 'goal', subcommand: 'done', user, focused: 'goal', value: 'redux' });
    expect(choices.map((choice) => choice.name)).toEqual(['Learn when to use Context vs Redux']);

    const done = await (await t.fake.command({ name: 'goal', subcommand: 'done', user, options: { goal: choices[0]!.value } })).answer();
    expect(done.ephemeral).toBe(true);
    const list = await (await t.fake.command({ name: 'goal', subcommand: 'list', user })).answer();
    expect(list.ephemeral).toBe(true);
    expect(list.text).toContain('Learn when to use Context vs Redux');
    expect(await t.fake.autocomplete({ name: 'goal', subcommand: 'done', user, focused: 'goal', value: '' })).toEqual([]);
    t.fake.assertClean();
  });

  it('refuses a 26th open goal, naming the limit, and keeps the 25', async () => {
    const t = await startTestBot();
    const user = t.fake.defaults.member.id;
    for (let i = 1; i <= 25; i++) await t.bot.services.goals.add(user, `Goal ${i}`, t.clock.ms);
    const refused = await (await t.fake.command({ name: 'goal', subcommand: 'set', user, options: { text: 'One more' } })).answer();
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain('25');
    expect((await t.bot.services.goals.list(user)).map((goal) => goal.text)).not.toContain('One more');
    const list = await (await t.fake.command({ name: 'goal', subcommand: 'list', user })).answer();
    expect(list.text).toContain('Goal 25');
    t.fake.assertClean();
  });

  it("names a goal that isn't one of yours", async () => {
    const t = await startTestBot();
    const answer = await (await t.fake.command({ name: 'goal', subcommand: 'done', options: { goal: 'not-a-goal' } })).answer();
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('not-a-goal');
  });
});
