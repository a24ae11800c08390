import { describe, expect, it } from 'vitest';
import { startTestBot } from '../support/bot.js';

const MENTORY = 'https://mentory-sy.net/';
const PROHELPIFY = 'https://prohelpify.com/en';

describe('/platforms', () => {
  it('lists both platforms with their figures and a link button each', async () => {
    const { fake } = await startTestBot();
    const answer = await (await fake.command({ name: 'platforms' })).answer();
    expect(answer.ephemeral).toBe(false);
    expect(answer.buttons.map((button) => button.url)).toEqual([MENTORY, PROHELPIFY]);
    expect(answer.text).toContain('169');
    expect(answer.text).toContain('27');
    expect(answer.allowedMentions).toEqual({ parse: [] });
    fake.assertClean();
  });

  it.each([
    ['technical', [MENTORY, PROHELPIFY]],
    ['career', [MENTORY, PROHELPIFY]],
    ['academic', [MENTORY]],
    ['startup', [MENTORY]],
    ['interview', [PROHELPIFY]],
  ])('focus:%s keeps only the platforms that offer it', async (focus, urls) => {
    const { fake } = await startTestBot();
    const answer = await (await fake.command({ name: 'platforms', options: { focus } })).answer();
    expect(answer.buttons.map((button) => button.url)).toEqual(urls);
    fake.assertClean();
  });
});
