import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { onTestFinished } from 'vitest';
import { projectPath } from '../../src/paths.js';
import type { FakeDiscord } from '../fake-discord/index.js';

export interface BotProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a built entry point (`dist/…`) as its own process, as `npm start` would. */
export function runBuilt(entry: 'src/index.js' | 'src/shard.js' | 'scripts/deploy-commands.js', env: Record<string, string>): BotProcess {
  // Only what is given: no DISCORD_* from the developer's shell, and no .env from the project.
  const child = spawn(process.execPath, [projectPath('dist', entry)], {
    cwd: projectPath('test'),
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The environment `npm start` needs, pointed at the fake Discord (and a store: a SQLite file or a URL, if given). */
export function botEnv(fake: FakeDiscord, databaseFile?: string, { guild = true } = {}): Record<string, string> {
  return {
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    ...(guild ? { DISCORD_GUILD_ID: fake.defaults.guildId } : {}),
    ...(databaseFile ? { DATABASE_URL: databaseFile.includes('://') ? databaseFile : `sqlite://${databaseFile}` } : {}),
  };
}
