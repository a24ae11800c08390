import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Members } from '../../src/members/members.js';
import { Checkins } from '../../src/checkins/checkins.js';
import { Goals } from '../../src/goals/goals.js';
import { projectPath } from '../../src/paths.js';
import { DueIndex } from '../../src/scheduler/due-index.js';
import { Sessions } from '../../src/sessions/sessions.js';
import { openAdapter, openStore } from '../../src/store/store.js';
import { postgresDatabase } from '../support/postgres.js';
import type { IsoWeekday } from '../../src/time/index.js';
import { tempDir } from '../support/temp.js';

const NOW = Date.UTC(2026, 0, 7, 12, 0);
const DAY = 86_400_000;
const USERS = Array.from({ length: 600 }, (_, i) => String(800_000_000_000_000_000n + BigInt(i)));

/** `npm run migrate-store -- …` as an operator runs it (the build is done once by the global setup). */
async function migrate(...args: string[]) {
  const child = spawn(process.execPath, [projectPath('dist', 'scripts', 'migrate-store.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

const repositories = (store: Awaited<ReturnType<typeof openStore>>) => {
  const index = new DueIndex(store);
  const members = new Members(store, index);
  return { index, checkins: new Checkins(members), goals: new Goals(members), sessions: new Sessions(members) };
};

/** A SQLite store (more rows than one page of the copy) with members, check-ins, goals, sessions and due-index entries, written the bot's way. */
async function seededSqlite(users = USERS): Promise<string> {
  const url = `sqlite://${join(tempDir(), 'murshid.sqlite')}`;
  const store = await openStore(url);
  const { checkins, goals, sessions } = repositories(store);
  for (const [i, userId] of users.entries()) {
    await checkins.subscribe(userId, { weekday: ((i % 7) + 1) as IsoWeekday, hour: i % 24, minute: i % 60, timeZone: 'Asia/Riyadh' }, '900000000000000001', NOW);
    if (i % 3 === 0) await checkins.answer(userId, '2026-W02', { wins: `أنهيت الفصل ${i}`, difficulties: '', suggestions: '', focus: 'focus' }, NOW);
    if (i % 5 === 0) await goals.add(userId, `goal ${i}`, NOW);
    if (i % 10 === 0) await sessions.add(userId, { startsAt: NOW + 2 * DAY, timeZone: 'UTC', topic: `topic ${i}` }, NOW);
  }
  await store.close();
  return url;
}

/** Every raw row of a store, sorted by key. */
async function allRows(url: string) {
  const opened = await openAdapter(url);
  try {
    return (await opened.query('SELECT key, value FROM keyv')).sort((a, b) => (String(a.key) < String(b.key) ? -1 : 1));
  } finally {
    await opened.adapter.disconnect?.();
  }
}

describe('npm run migrate-store', () => {
  it('copies a SQLite store into PostgreSQL and back, and the bot reads the same members there', async () => {
    const from = await seededSqlite();
    const to = await postgresDatabase();

    const result = await migrate('--from', from, '--to', to);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^users +600$/m);
    expect(result.stdout).toMatch(/^goals +120$/m);
    expect(result.stdout).toMatch(/^sessions +60$/m);
    expect(result.stdout).toMatch(/^checkins +200$/m);

    const [source, target] = [await allRows(from), await allRows(to)];
    expect(source.length).toBeGreaterThan(1_000); // more than one page of the copy
    expect(target).toEqual(source);

    // Through the repositories, as the bot will read them on PostgreSQL.
    const store = await openStore(to);
    const { index, checkins, goals, sessions } = repositories(store);
    expect((await checkins.history(USERS[3]!)).weeks).toEqual([expect.objectContaining({ week: '2026-W02', status: 'answered', answers: expect.objectContaining({ wins: 'أنهيت الفصل 3' }) })]);
    expect(await goals.list(USERS[5]!)).toEqual([expect.objectContaining({ text: 'goal 5' })]);
    expect(await sessions.upcoming(USERS[10]!, NOW)).toEqual([expect.objectContaining({ topic: 'topic 10' })]);
    // Every member's next check-in is still in the due index.
    const { jobs } = await index.jobsUntil(Math.floor(NOW / 60_000), NOW + 7 * DAY);
    expect(USERS.every((userId) => jobs.includes(`checkin:${userId}`))).toBe(true);
    await store.close();

    // And back again (a server that leaves PostgreSQL): SQLite gets the same rows, page by page.
    const back = `sqlite://${join(tempDir(), 'back.sqlite')}`;
    const again = await migrate('--from', to, '--to', back);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(await allRows(back)).toEqual(source);
  }, 120_000); // 600 members seeded one by one: slow on a busy machine, and not what is measured

  it('refuses to write into a store that already holds records, leaving it as it was', async () => {
    const from = await seededSqlite(USERS.slice(0, 20));
    const to = await postgresDatabase();
    const store = await openStore(to);
    await new Goals(new Members(store, new DueIndex(store))).add('111111111111111111', 'already here', NOW);
    await store.close();
    const before = await allRows(to);

    const result = await migrate('--from', from, '--to', to);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^migrate-store: the target already holds 2 records; migrate-store only writes into an empty store/);
    expect(await allRows(to)).toEqual(before);
  });

  it('names a source file that does not exist instead of copying nothing', async () => {
    const missing = join(tempDir(), 'typo.sqlite');
    const result = await migrate('--from', `sqlite://${missing}`, '--to', await postgresDatabase());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`migrate-store: --from: no such file ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('explains its usage when --to is missing', async () => {
    const result = await migrate('--from', 'sqlite://data/murshid.sqlite');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('usage: npm run migrate-store -- --from <DATABASE_URL> --to <DATABASE_URL>');
  });
});
