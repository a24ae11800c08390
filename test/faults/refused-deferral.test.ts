/**
 * Discord refusing the bot's deferral while the handler still works, and a promise nobody handled:
 * the built bot, as a real process, must stay up, log once without the interaction's token, and
 * answer what it still can (README, "Operations": crashes).
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { FakeDiscord, type FaultRequest, type FaultResponse } from '../fake-discord/index.js';
import type { BotProcess } from '../support/process.js';
import { logLines, newDatabaseFile, sleep, startServingBot, waitFor } from './support.js';

const CALLBACK = 'POST /interactions/:id/:token/callback';
const UNKNOWN_INTERACTION: FaultResponse = { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
const DEFERRAL = 5;

/** Warnings and errors the bot logged (it runs with LOG_LEVEL=warn). */
const problems = (run: BotProcess) => logLines(run).filter((line) => line.level >= 40);

/** The process is still up and answers the next member as usual; then stops cleanly. */
async function expectStillServing(fake: FakeDiscord, run: BotProcess): Promise<void> {
  expect(run.child.exitCode, `the bot exited; stderr:\n${run.stderr()}`).toBeNull();
  const answer = await (await fake.command({ name: 'mentorship', subcommand: 'why' })).answer(15_000);
  expect(answer.embeds[0]?.title).toBeTruthy();
  run.child.kill('SIGTERM');
  expect((await run.exited).code).toBe(0);
}

describe('Discord refuses the deferral while the handler still works', () => {
  it('10062 on the 2-second deferral of a slow /guide post: the post goes out, one log line without the token, still serving', async () => {
    const fake = await FakeDiscord.start();
    try {
      const run = await startServingBot(fake, newDatabaseFile());
      const target = fake.defaults.announcementChannelId;
      // The post takes 2.5 s to go through, so the 2-second deferral goes out first; Discord no
      // longer knows the interaction (10062), and every further callback would be refused the same.
      fake.setFault((request: FaultRequest) => {
        if (request.route === CALLBACK) return UNKNOWN_INTERACTION;
        if (request.method === 'POST' && request.path === `/channels/${target}/messages`) return { delayMs: 2_500, passThrough: true };
        return undefined;
      });
      const handle = await fake.command({ name: 'guide', subcommand: 'post', user: fake.defaults.moderator, options: { section: 'why', channel: target } });
      await waitFor(() => fake.channelMessages(target).length > 0, () => 'the guide post');
      await sleep(500); // whatever the bot still does with the interaction, it does now
      fake.setFault(null);

      const callbacks = fake.requests.filter((request) => request.path.includes(`/interactions/${handle.id}/`));
      // The deferral was refused; nothing more was tried on an interaction Discord has forgotten.
      expect(callbacks.map((request) => request.body?.type)).toEqual([DEFERRAL]);
      expect(fake.channelMessages(target)).toHaveLength(1);
      const logged = problems(run);
      expect(logged.map((line) => line.msg)).toEqual([expect.stringContaining('refused the deferral')]);
      expect(logged[0]).toMatchObject({ interaction: handle.id });
      expect(run.stdout() + run.stderr()).not.toContain(handle.token);
      await expectStillServing(fake, run);
    } finally {
      await fake.stop();
    }
  }, 60_000);

  it('a 503 on the deferral of /checkin export: the member still gets their file, answered directly; one log line, no token', async () => {
    const fake = await FakeDiscord.start();
    try {
      const run = await startServingBot(fake, newDatabaseFile());
      fake.setFault((request: FaultRequest) =>
        request.route === CALLBACK && request.body?.type === DEFERRAL ? { status: 503, body: { message: '503: Service Unavailable', code: 0 } } : undefined,
      );
      const handle = await fake.command({ name: 'checkin', subcommand: 'export' });
      const answer = await handle.answer(15_000);
      fake.setFault(null);
      expect(answer.callbackType).toBe(4);
      expect(answer.ephemeral).toBe(true);
      expect(answer.files[0]!.filename).toBe(`murshid-data-${fake.defaults.member.id}.json`);
      const logged = problems(run);
      expect(logged.map((line) => line.msg)).toEqual([expect.stringContaining('refused the deferral')]);
      expect(run.stdout() + run.stderr()).not.toContain(handle.token);
      await expectStillServing(fake, run);
      fake.assertClean();
    } finally {
      await fake.stop();
    }
  }, 60_000);
});

describe('a promise nobody handled', () => {
  it('is logged, without the token its error carries, and the bot keeps serving', async () => {
    const fake = await FakeDiscord.start();
    try {
      // Loaded into the real process: on SIGUSR2 it leaves a rejected promise unhandled.
      const stray = pathToFileURL(projectPath('test', 'faults', 'stray-rejection.mjs')).href;
      const run = await startServingBot(fake, newDatabaseFile(), { NODE_OPTIONS: `--import=${stray}` });
      const unhandled = () => problems(run).filter((line) => line.msg.includes('unhandled promise rejection'));
      // Twice, one after the other (signals sent together would arrive as one).
      for (const count of [1, 2]) {
        run.child.kill('SIGUSR2');
        await waitFor(
          () => unhandled().length === count || run.child.exitCode !== null,
          () => `rejection ${count} to be logged; stdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`,
        );
      }
      expect(run.child.exitCode, `the bot exited; stderr:\n${run.stderr()}`).toBeNull();
      expect(JSON.stringify(unhandled()[0]!.err)).toContain('/interactions/1234567890/[redacted]/callback');
      expect(run.stdout() + run.stderr()).not.toContain('stray-interaction-token');
      await expectStillServing(fake, run);
    } finally {
      await fake.stop();
    }
  }, 60_000);
});
