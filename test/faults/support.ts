/**
 * Shared helpers for the fault-injection tests: seeding a database with due check-ins, session
 * reminders and guide posts, running the built bot against the fake (and killing it mid-batch), waiting without timing assertions, holding a SQLite lock from another
 * process, and a seeded PRNG for the fuzz test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { guideJob } from '../../src/guide/schedule.js';
import { CHECKIN_DELIVERY, checkinJob, Members, PROFILE, SESSIONS, sessionJob, WEEK } from '../../src/members/members.js';
import { projectRoot } from '../../src/paths.js';
import { DueIndex } from '../../src/scheduler/due-index.js';
import { deliverySchema } from '../../src/scheduler/outbox.js';
import { Servers } from '../../src/servers/servers.js';
import type { UserRecord } from '../../src/store/records.js';
import { openStore, type Store } from '../../src/store/store.js';
import { isoWeekKey, type IsoWeekday } from '../../src/time/index.js';
import type { FakeDiscord, RecordedRequest } from '../fake-discord/index.js';
import { botEnv, runBuilt, type BotProcess } from '../support/process.js';
import { tempDir } from '../support/temp.js';

export const MINUTE = 60_000;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds; the timeout only bounds a broken run, it asserts nothing about speed. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 45_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await sleep(everyMs);
  }
}

/** A store given as a SQLite file's path, or as a URL (`sqlite://…`, `postgres://…`). */
export const databaseUrl = (fileOrUrl: string): string => (fileOrUrl.includes('://') ? fileOrUrl : `sqlite://${fileOrUrl}`);

/** A fresh SQLite file in a temp folder (removed after the test). */
export const newDatabaseFile = (): string => join(tempDir(), 'murshid.sqlite');

export function startBuiltBot(fake: FakeDiscord, databaseFile: string, env: Record<string, string> = {}): BotProcess {
  return runBuilt('src/index.js', { ...botEnv(fake, databaseFile), ...env });
}

/**
 * The built bot, once it serves interactions: connected, and its commands registered with a fake
 * that had none (so not for a restart against the same fake).
 */
export async function startServingBot(fake: FakeDiscord, databaseFile: string, env: Record<string, string> = {}): Promise<BotProcess> {
  const run = startBuiltBot(fake, databaseFile, env);
  await waitFor(
    () => fake.registeredCommands(fake.defaults.guildId).length > 0,
    () => `the bot to register its commands; stderr:\n${run.stderr()}`,
  );
  return run;
}

/** The JSON log lines a built bot has written to stdout so far. */
export const logLines = (run: BotProcess): Array<{ level: number; msg: string; [field: string]: unknown }> =>
  run
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));

/** The POSTs (attempts, whatever their answer) to a user's DM channel. */
export const dmPosts = (fake: FakeDiscord, userId: string): RecordedRequest[] => {
  const path = `/channels/${fake.dmChannelIdFor(userId)}/messages`;
  return fake.requests.filter((request) => request.method === 'POST' && request.path === path);
};

/** Messages in the user's DM that are the weekly check-in of `week` (found by their buttons' marker). */
export const checkinMessagesFor = (fake: FakeDiscord, userId: string, week: string) =>
  fake.dmMessagesFor(userId).filter((stored) => JSON.stringify(stored.message.components ?? []).includes(`checkin:answer:${week}`));

export interface SeededUsers {
  users: string[];
  dueAt: number;
  week: string;
}

/** The minute before `now`, and the weekly schedule (UTC) that falls due in it. */
function dueMinute(now: number): { dueAt: number; schedule: { weekday: IsoWeekday; hour: number; minute: number; timeZone: string } } {
  const dueAt = Math.floor((now - MINUTE) / MINUTE) * MINUTE;
  const date = new Date(dueAt);
  return { dueAt, schedule: { weekday: (date.getUTCDay() || 7) as IsoWeekday, hour: date.getUTCHours(), minute: date.getUTCMinutes(), timeZone: 'UTC' } };
}

/**
 * Writes through the project's own repositories into the database file, then closes the store.
 * The scheduler's cursor is left at `dueAt`, as a bot that ran until then would have left it.
 */
async function seedStore(databaseFile: string, dueAt: number, seed: (members: Members, index: DueIndex, store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(databaseUrl(databaseFile));
  try {
    const index = new DueIndex(store);
    await seed(new Members(store, index), index, store);
    // cursor := the due minute (advance() sets it to the minute after the one given).
    await index.advance(dueAt - MINUTE, []);
  } finally {
    await store.close();
  }
}

/** `count` new users of the fake, each with their DM channel id cached (a send is one request). */
async function seedProfiles(fake: FakeDiscord, members: Members, count: number, prefix: string, extra: () => Partial<UserRecord> = () => ({})): Promise<string[]> {
  const users: string[] = [];
  for (let i = 0; i < count; i++) {
    const userId = fake.user({ username: `${prefix}${i}` }).id;
    users.push(userId);
    await members.collection(PROFILE).set(userId, { version: 1, revision: 0, weeks: [], welcomed: true, dmChannelId: fake.dmChannelIdFor(userId), ...extra() });
  }
  return users;
}

/** Seeds `count` users whose weekly check-in fell due a minute ago. */
export async function seedDueCheckins(fake: FakeDiscord, databaseFile: string, count: number, now = Date.now()): Promise<SeededUsers> {
  const { dueAt, schedule } = dueMinute(now);
  let users: string[] = [];
  await seedStore(databaseFile, dueAt, async (members, index) => {
    users = await seedProfiles(fake, members, count, 'due', () => ({ checkin: { ...schedule, status: 'active', nextDueAt: dueAt } }));
    await index.addMany(users.map((userId) => ({ dueAt, job: checkinJob(userId) })));
  });
  return { users, dueAt, week: isoWeekKey(dueAt, 'UTC') };
}

/** The session each seeded user has, starting in a little under an hour. */
export const SEEDED_SESSION = 's1';

/** Seeds `count` users whose session starts in about an hour: its 1-hour reminder fell due a minute ago. */
export async function seedDueReminders(fake: FakeDiscord, databaseFile: string, count: number, now = Date.now()): Promise<SeededUsers> {
  const { dueAt } = dueMinute(now);
  const startsAt = dueAt + 60 * MINUTE;
  let users: string[] = [];
  await seedStore(databaseFile, dueAt, async (members, index) => {
    users = await seedProfiles(fake, members, count, 'mentee');
    await index.addMany(users.map((userId) => ({ dueAt, job: sessionJob(userId, SEEDED_SESSION) })));
    const sessions = members.collection(SESSIONS);
    for (const userId of users) {
      await sessions.set(userId, {
        version: 1,
        items: [{ id: SEEDED_SESSION, startsAt, timeZone: 'UTC', createdAt: startsAt - 48 * 60 * MINUTE, done: ['before-24h'], topic: 'code review' }],
      });
    }
  });
  return { users, dueAt, week: isoWeekKey(dueAt, 'UTC') };
}

/** Seeds a weekly guide series for each server, into its channel, that fell due a minute ago. */
export async function seedDueGuidePosts(databaseFile: string, servers: ReadonlyArray<{ guildId: string; channelId: string }>, now = Date.now()): Promise<{ dueAt: number; week: string }> {
  const { dueAt, schedule } = dueMinute(now);
  await seedStore(databaseFile, dueAt, async (_members, index, store) => {
    await index.addMany(servers.map(({ guildId }) => ({ dueAt, job: guideJob(guildId) })));
    const records = new Servers(store);
    for (const { guildId, channelId } of servers) {
      await records.update(guildId, () => ({ version: 1, guideSchedule: { ...schedule, channelId, status: 'active', nextDueAt: dueAt, nextEntry: 0 } }));
    }
  });
  return { dueAt, week: isoWeekKey(dueAt, 'UTC') };
}

/** How many of these delivery records (keys in the `deliveries` namespace) are unmarked intents: sent or not, unknown. */
export async function countIntents(databaseFile: string, deliveryKeys: readonly string[]): Promise<number> {
  const store = await openStore(databaseUrl(databaseFile));
  try {
    const deliveries = await store.collection('deliveries', deliverySchema).getMany(deliveryKeys);
    return deliveries.filter((delivery) => delivery?.state === 'intent').length;
  } finally {
    await store.close();
  }
}

/** Reads each user's check-in state back from the file, after the bot has stopped. */
export async function readCheckinState(databaseFile: string, users: readonly string[], week: string) {
  const store = await openStore(databaseUrl(databaseFile));
  try {
    const members = new Members(store, new DueIndex(store));
    const userRecords = await members.collection(PROFILE).getMany(users);
    const deliveries = await members.collection(CHECKIN_DELIVERY).getMany(users.map((userId) => CHECKIN_DELIVERY.key(userId, week)));
    const weeks = await members.collection(WEEK).getMany(users.map((userId) => WEEK.key(userId, week)));
    return users.map((userId, i) => ({ userId, user: userRecords[i], delivery: deliveries[i], week: weeks[i] }));
  } finally {
    await store.close();
  }
}

/**
 * Starts the built bot and kills it (SIGKILL) the moment Discord creates the `count`th message of
 * its batch, before the bot has the answer: that send, and any others in flight, stay unmarked.
 */
export async function killMidBatch(fake: FakeDiscord, databaseFile: string, count: number): Promise<BotProcess> {
  let first: BotProcess | undefined;
  let killed = false;
  const stopWatching = fake.onMessageCreated((created) => {
    if (!killed && created.count >= count) {
      killed = true;
      first!.child.kill('SIGKILL');
    }
  });
  first = startBuiltBot(fake, databaseFile);
  const exit = await first.exited;
  stopWatching();
  expect(exit.signal, `the first bot should have been killed mid-batch; stderr:\n${first.stderr()}`).toBe('SIGKILL');
  return first;
}

/**
 * Starts the bot again over the same database, waits until `done()` holds, and stops it
 * gracefully (a graceful stop waits for the sends in flight, so nothing is still being sent when
 * the caller counts). Returns the second process.
 */
export async function restartUntil(fake: FakeDiscord, databaseFile: string, done: () => boolean, what: () => string): Promise<BotProcess> {
  // Let the fake's 1-second global rate-limit window of the dead process run out: a fresh
  // process starts its own count at zero, as a restarted bot would against Discord.
  await sleep(1_100);
  const second = startBuiltBot(fake, databaseFile);
  await waitFor(done, () => `${what()}; stderr:\n${second.stderr()}`);
  second.child.kill('SIGTERM');
  expect((await second.exited).code).toBe(0);
  return second;
}

/* ---------- SQLite from another process ---------- */

/**
 * Starts the bot again over the same database, waits until every user has their check-in, stops
 * it, and checks the promise: exactly one check-in message per user, at most two POST attempts,
 * every delivery marked sent and the next week scheduled. Returns the second process.
 */
export async function restartAndExpectExactlyOnce(fake: FakeDiscord, databaseFile: string, users: readonly string[], week: string): Promise<BotProcess> {
  const second = await restartUntil(
    fake,
    databaseFile,
    () => users.every((user) => fake.dmMessagesFor(user).length > 0),
    () => `every user to have a DM (${users.filter((user) => fake.dmMessagesFor(user).length > 0).length}/${users.length})`,
  );
  for (const user of users) {
    expect(fake.dmMessagesFor(user), `DMs of user ${user}`).toHaveLength(1);
    expect(checkinMessagesFor(fake, user, week), `check-ins of user ${user}`).toHaveLength(1);
    expect(dmPosts(fake, user).length, `POSTs to the DM of user ${user}`).toBeLessThanOrEqual(2);
  }
  const state = await readCheckinState(databaseFile, users, week);
  for (const { userId, user, delivery, week: weekRecord } of state) {
    expect(delivery?.state, `delivery of ${userId}`).toBe('sent');
    expect(weekRecord?.status, `week record of ${userId}`).toBe('pending');
    expect(user?.checkin?.nextDueAt, `next check-in of ${userId}`).toBeGreaterThan(Date.now());
  }
  return second;
}

/**
 * Runs SQL against a database file in a separate `node` process through the project's own sqlite3
 * package: `hold` keeps the connection (and whatever lock it took) open until the process is
 * ended. Prints one JSON line: {ok, rows} or {ok:false, error}.
 */
const SQL_CHILD = `
const sqlite3 = require('sqlite3');
const [file, sql, hold] = process.argv.slice(1);
const db = new sqlite3.Database(file, (openError) => {
  if (openError) { console.log(JSON.stringify({ ok: false, error: String(openError) })); process.exit(1); }
  db.configure('busyTimeout', 10000);
  const statements = sql.split(';').map((s) => s.trim()).filter(Boolean);
  const rows = [];
  const next = (i) => {
    if (i === statements.length) {
      console.log(JSON.stringify({ ok: true, rows }));
      if (hold !== 'hold') db.close(() => process.exit(0));
      else setInterval(() => undefined, 1 << 30);
      return;
    }
    db.all(statements[i], (error, result) => {
      if (error) { console.log(JSON.stringify({ ok: false, error: String(error) })); process.exit(1); }
      rows.push(...result);
      next(i + 1);
    });
  };
  next(0);
});
`;

export interface SqlChild {
  child: ChildProcess;
  /** The first JSON line the child printed. */
  result: Promise<{ ok: boolean; rows?: Record<string, unknown>[]; error?: string }>;
  exited: Promise<unknown>;
}

function sqlChild(file: string, sql: string, hold: boolean): SqlChild {
  const child = spawn(process.execPath, ['-e', SQL_CHILD, file, sql, hold ? 'hold' : 'once'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const result = new Promise<{ ok: boolean; rows?: Record<string, unknown>[]; error?: string }>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line));
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    // 'close', not 'exit': stdout may still hold the result when the process has exited.
    child.once('close', (code) => reject(new Error(`sqlite child exited (${code}) without a result: ${err}`)));
  });
  const exited = once(child, 'exit');
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, result, exited };
}

/** Runs SQL once in another process and returns its rows. */
export async function querySqlite(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const run = sqlChild(file, sql, false);
  const result = await run.result;
  if (!result.ok) throw new Error(`sqlite: ${result.error}`);
  return result.rows ?? [];
}

/**
 * Another process takes SQLite's EXCLUSIVE lock on the file and keeps it: no other connection can
 * read or write until `release()`. (File permissions would not do: CI runs as root, and root
 * ignores them.)
 */
export async function holdExclusiveLock(file: string): Promise<{ release: () => Promise<void> }> {
  const run = sqlChild(file, 'PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE', true);
  const result = await run.result;
  if (!result.ok) throw new Error(`could not lock ${file}: ${result.error}`);
  return {
    async release() {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGKILL');
        await run.exited;
      }
    },
  };
}

/* ---------- Deterministic randomness ---------- */

/** mulberry32: a small seeded PRNG, so a failing fuzz case can be replayed exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
