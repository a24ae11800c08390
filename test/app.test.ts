import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { commandBodies } from '../src/discord/deploy.js';
import { FakeDiscord } from './fake-discord/index.js';
import { startTestBot } from './support/bot.js';
import { botEnv, runBuilt } from './support/process.js';
import { tempDir } from './support/temp.js';
import { logLines, newDatabaseFile, seedDueCheckins, startBuiltBot, waitFor } from './faults/support.js';

const commandPuts = (fake: FakeDiscord) => fake.requests.filter((request) => request.method === 'PUT' && request.path.includes('/commands'));

describe('start-up', () => {
  it('registers every command on first start and sends no PUT when nothing changed', async () => {
    const first = await startTestBot();
    const puts = commandPuts(first.fake);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`/applications/${first.fake.applicationId}/guilds/${first.fake.defaults.guildId}/commands`);
    expect(puts[0]!.body.map((command: { name: string }) => command.name)).toEqual(commands.map((command) => command.definition.name));

    await first.restart();
    expect(commandPuts(first.fake)).toHaveLength(1);
    expect(first.fake.identifies.length).toBe(2);
    first.fake.assertClean();
  });

  it('stops with one line naming the variable when the token is missing', async () => {
    const run = runBuilt('src/index.js', { DISCORD_APPLICATION_ID: '123456789012345678' });
    const { code } = await run.exited;
    expect(code).toBe(1);
    expect(run.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^murshid: DISCORD_TOKEN is required/)]);
  });

  it('stops with one line when a value is malformed, and never prints the token', async () => {
    const run = runBuilt('src/index.js', { DISCORD_TOKEN: 'secret-token-value', DISCORD_APPLICATION_ID: 'not-an-id' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr().trim()).toMatch(/^murshid: DISCORD_APPLICATION_ID must be a Discord id/);
    expect(run.stderr() + run.stdout()).not.toContain('secret-token-value');
  });

  it('runs as `npm start` would: connects through DISCORD_API_URL, answers, and shuts down on SIGTERM', async () => {
    const fake = await FakeDiscord.start();
    try {
      const run = runBuilt('src/index.js', { ...botEnv(fake, join(tempDir(), 'nested', 'murshid.sqlite')), LOG_LEVEL: 'info' });
      await fake.waitForIdentify({ timeoutMs: 15_000 });
      await fake.waitForSession(15_000);
      const answer = await (await fake.command({ name: 'mentorship', subcommand: 'why' })).answer();
      expect(answer.embeds[0]?.title).toBeTruthy();
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
      expect(run.stdout()).not.toContain(fake.token);
      fake.assertClean();
    } finally {
      await fake.stop();
    }
  });
});

describe('a database file that is not a database', () => {
  it('stops start-up with one log line naming the problem, and leaves the file as it was', async () => {
    const fake = await FakeDiscord.start();
    try {
      const databaseFile = newDatabaseFile();
      const garbage = Buffer.alloc(8192, 'not a database ');
      writeFileSync(databaseFile, garbage);
      const run = startBuiltBot(fake, databaseFile);
      expect((await run.exited).code).toBe(1);
      const problems = logLines(run).filter((line) => line.level >= 40);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ msg: 'could not start', err: { code: 'SQLITE_NOTADB' } });
      expect(run.stderr()).toBe('');
      expect(readFileSync(databaseFile).equals(garbage)).toBe(true);
    } finally {
      await fake.stop();
    }
  });
});

describe('a command sync that fails at start', () => {
  it('is retried in the background while the bot answers and sends what is due', async () => {
    const fake = await FakeDiscord.start();
    try {
      const databaseFile = newDatabaseFile();
      const { users } = await seedDueCheckins(fake, databaseFile, 3);
      let broken = true;
      fake.setFault((request) => (broken && request.method === 'PUT' && request.route.endsWith('/commands') ? { status: 500, body: { message: '500: Internal Server Error', code: 0 } } : undefined));
      const run = startBuiltBot(fake, databaseFile);
      await waitFor(() => logLines(run).some((line) => line.msg.includes('sync failed')) || run.child.exitCode !== null, () => `a failed sync; stdout:\n${run.stdout()}`);
      expect(run.child.exitCode, `the bot exited:\n${run.stdout()}`).toBeNull();

      // Running anyway: members are answered (with the commands Discord already had) and the
      // check-ins due go out.
      const answer = await (await fake.command({ name: 'mentorship', subcommand: 'why' })).answer(15_000);
      expect(answer.embeds[0]?.title).toBeTruthy();
      await waitFor(() => users.every((user) => fake.dmMessagesFor(user).length === 1), () => 'the due check-ins');
      expect(fake.registeredCommands(fake.defaults.guildId)).toEqual([]);

      broken = false;
      await waitFor(() => fake.registeredCommands(fake.defaults.guildId).length === commands.length, () => `the retried sync; stdout:\n${run.stdout()}`, 30_000);
      expect(run.child.exitCode).toBeNull();
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
    } finally {
      await fake.stop();
    }
  }, 60_000);
});

describe('npm run deploy-commands', () => {
  it('registers the commands in the guild named by DISCORD_GUILD_ID, with a valid body', async () => {
    const fake = await FakeDiscord.start();
    try {
      const run = runBuilt('scripts/deploy-commands.js', botEnv(fake));
      expect((await run.exited).code).toBe(0);
      const [put] = commandPuts(fake);
      expect(put?.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.defaults.guildId}/commands`);
      expect(put?.body).toEqual(JSON.parse(JSON.stringify(commandBodies(commands.map((command) => command.definition)))));
      expect(fake.registeredCommands(fake.defaults.guildId)).toHaveLength(commands.length);
      fake.assertClean();
    } finally {
      await fake.stop();
    }
  });

  it('registers globally without DISCORD_GUILD_ID', async () => {
    const fake = await FakeDiscord.start();
    try {
      const run = runBuilt('scripts/deploy-commands.js', botEnv(fake, undefined, { guild: false }));
      expect((await run.exited).code).toBe(0);
      expect(commandPuts(fake).map((put) => put.path)).toEqual([`/applications/${fake.applicationId}/commands`]);
      expect(run.stdout()).toContain('globally');
    } finally {
      await fake.stop();
    }
  });
});

describe('a failing handler', () => {
  it('becomes a private "something went wrong" and the bot keeps answering', async () => {
    const { fake } = await startTestBot();
    // Discord keeps failing the post; @discordjs/rest retries, then gives up.
    fake.failNext({ method: 'POST', route: 'POST /channels/:channel/messages' }, 10, { status: 500, body: { message: 'boom', code: 0 } });
    const failed = await (
      await fake.command({ name: 'guide', subcommand: 'post', user: fake.defaults.moderator, options: { section: 'why' } })
    ).answer(20_000);
    expect(failed.ephemeral).toBe(true);
    expect(failed.content).toMatch(/something went wrong/i);
    const next = await (await fake.command({ name: 'mentorship', subcommand: 'intro' })).answer();
    expect(next.embeds).toHaveLength(1);
  });
});
