/**
 * `npm run bench`: Murshid against a bare discord.js client on one loopback fake Discord, as
 * SPEC.md's "Performance targets" define. Progress goes to stderr; the results go to
 * bench/RESULTS.md (and a summary to stdout). Exits 0 even when a target is missed: the verdicts
 * say so.
 *
 * Each client runs as its own process (`node dist/src/index.js`, `node dist/scripts/bench/bare-bot.js`),
 * one at a time, alternating, against the fake Discord served from this process; start-up is also
 * measured through `npm start` for both. The due-selection
 * phase runs the scheduler in this process to count store reads.
 *
 * The batch and due-selection phases run on each store engine: SQLite (a file, as `npm start` runs by
 * default) and PostgreSQL (a throw-away cluster on loopback started for the run with the tests'
 * scripts/throwaway-postgres.ts, with fsync and synchronous commit on, as a real server runs). Where
 * PostgreSQL is not installed the bench says so and leaves that column out.
 *
 * Environment (for quick local runs only; the committed results use the defaults):
 *   BENCH_ROUNDS (5), BENCH_STARTS (9), BENCH_LATENCY_PER_COMMAND (2000), BENCH_BATCH_USERS (2000),
 *   BENCH_DUE (1000), BENCH_SUBSCRIBERS ("10000,100000"), BENCH_PHASES ("startup,rounds,batch,due,pictures"), BENCH_PICTURES (200),
 *   BENCH_ENGINES ("sqlite,postgres": the batch and due phases' engines), BENCH_OUT (bench/RESULTS.md), BENCH_CPU_PROF (a folder: the batch phase's Murshid runs with
 *   --cpu-prof there, e.g. bench/tmp/prof), BENCH_EXPORT_MS (200), BENCH_MURSHID_ENTRY (another build
 *   of dist/src/index.js, to try a fix).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { REST } from '@discordjs/rest';
import { checkinJob, Members, PROFILE } from '../src/members/members.js';
import { createLogger } from '../src/log.js';
import { projectPath } from '../src/paths.js';
import { DueIndex, dueBucketSchema, minuteOf } from '../src/scheduler/due-index.js';
import { createServices } from '../src/services.js';
import { userRecordSchema, type UserRecord } from '../src/store/records.js';
import { openStore } from '../src/store/store.js';
import { FakeDiscord, snowflake, type CommandInvocation, type InteractionHandle } from '../test/fake-discord/index.js';
import { spawnBot, type BotKind, type BotProcess } from './bench/child.js';
import { commitLatencyMs } from './bench/commit.js';
import { osRss, peakRss, treePss } from './bench/memory.js';
import { ENGINES, machineInfo, writeResults, type Engine, type Results, type RoundResult } from './bench/report.js';
import { writeRecords } from './bench/seed.js';
import { mb, quantile } from './bench/stats.js';
import { measurePictures } from './bench/pictures.js';
import { isoWeekKey } from '../src/time/index.js';
import { databaseUrlFor, findPostgresBin, NOT_INSTALLED, queryDatabase, startPostgres, type PostgresServer } from './throwaway-postgres.js';

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const CONFIG = {
  rounds: int('BENCH_ROUNDS', 5),
  starts: int('BENCH_STARTS', 9),
  latencyPerCommand: int('BENCH_LATENCY_PER_COMMAND', 2_000),
  warmup: 200,
  memoryLow: 1_000,
  memoryHigh: 10_000,
  fillerConcurrency: 4,
  batchUsers: int('BENCH_BATCH_USERS', 2_000),
  exportEveryMs: int('BENCH_EXPORT_MS', 200),
  due: int('BENCH_DUE', 1_000),
  subscribers: (process.env.BENCH_SUBSCRIBERS ?? '10000,100000').split(',').map((s) => Number.parseInt(s, 10)).filter((n) => n > 0),
  phases: new Set((process.env.BENCH_PHASES ?? 'startup,rounds,batch,due,pictures').split(',')),
  pictures: int('BENCH_PICTURES', 200),
  engines: (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').filter((e): e is Engine => e in ENGINES),
  out: process.env.BENCH_OUT ?? projectPath('bench', 'RESULTS.md'),
  memberPool: 20,
};

const started = performance.now();
const progress = (message: string): void => {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
};

const DM_ROUTE = 'POST /channels/:channel/messages';

// -------------------------------------------------------------------------------------------------
// The fake and the two clients

const TOKEN = 'bench-bot-token';
// Webhook routes (editReply, follow-ups) count toward the fake's global limit, as they do in
// @discordjs/rest's own queue: the batch phase must show whether a batch starves them.
const fake = await FakeDiscord.start({ token: TOKEN, globalLimitExemptsWebhooks: false, waitTimeoutMs: 15_000 });
const workDir = mkdtempSync(join(tmpdir(), 'murshid-bench-'));
mkdirSync(projectPath('bench', 'tmp'), { recursive: true });
// Users who run the commands: guild members before any client connects, so every session gets the
// same GUILD_CREATE.
const members = Array.from({ length: CONFIG.memberPool }, (_, i) => fake.addMember({ username: `bench${i}` }));

let dbCounter = 0;
const sqliteUrl = (): string => `sqlite://${join(workDir, `murshid-${++dbCounter}.sqlite`)}`;

// PostgreSQL: one cluster for the run, started when first needed, a fresh database for each measurement.
let postgres: Promise<PostgresServer | undefined> | undefined;
function postgresServer(results: Results): Promise<PostgresServer | undefined> {
  postgres ??= (async () => {
    const skip = (reason: string) => {
      progress(`PostgreSQL column skipped: ${reason}`);
      results.postgres = { skipped: reason };
      return undefined;
    };
    if (!findPostgresBin()) return skip(NOT_INSTALLED);
    try {
      const server = await startPostgres({ durable: true });
      results.postgres = { version: server.version };
      progress(`${server.version} started on loopback`);
      return server;
    } catch (error) {
      return skip(`PostgreSQL did not start: ${(error as Error).message.split('\n')[0]}`);
    }
  })();
  return postgres;
}

/** The engines a phase runs on: those asked for, less PostgreSQL when it is not installed. */
async function enginesFor(results: Results): Promise<Engine[]> {
  const engines: Engine[] = [];
  for (const engine of CONFIG.engines) if (engine === 'sqlite' || (await postgresServer(results))) engines.push(engine);
  return engines;
}

interface FreshStore {
  url: string;
  /** The PostgreSQL server's processes (to measure its memory); undefined on SQLite. */
  serverPid?: number;
  drop(): Promise<void>;
}

async function freshStore(engine: Engine, results: Results): Promise<FreshStore> {
  if (engine === 'sqlite') {
    const url = sqliteUrl();
    return { url, drop: async () => rmSync(url.slice('sqlite://'.length), { force: true }) };
  }
  const server = (await postgresServer(results))!;
  const name = `murshid_bench_${++dbCounter}`;
  await queryDatabase(server.url, `CREATE DATABASE ${name}`);
  return {
    url: databaseUrlFor(server.url, name),
    serverPid: server.pid,
    drop: async () => void (await queryDatabase(server.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

function envFor(kind: BotKind, databaseUrl: string): Record<string, string> {
  const common = { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl };
  if (kind === 'bare') return common;
  return {
    ...common,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_GUILD_ID: fake.defaults.guildId,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
  };
}

/** Waits until the fake sees no bot session (the previous client is gone). */
async function untilDisconnected(timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (fake.connected) {
    if (performance.now() > deadline) throw new Error('the previous client is still connected');
    await sleep(10);
  }
}

interface Launched {
  bot: BotProcess;
  /** ms from spawn to IDENTIFY at the fake. */
  identifyMs: number;
}

async function launch(kind: BotKind, databaseUrl: string, probe: boolean, options: { nodeFlags?: string[]; npmStart?: boolean } = {}): Promise<Launched> {
  await untilDisconnected();
  const identify = fake.nextIdentify(30_000);
  const bot = spawnBot(kind, envFor(kind, databaseUrl), { probe, cwd: workDir, ...options });
  const early = bot.exited.then(({ code }) => {
    throw new Error(`${kind} exited (code ${code}) before IDENTIFY:\n${bot.tail()}`);
  });
  const record = await Promise.race([identify, early]);
  early.catch(() => undefined);
  await fake.waitForSession(15_000);
  return { bot, identifyMs: record.perfAt - bot.spawnedAt };
}

async function shutdown(bot: BotProcess): Promise<void> {
  await bot.stop();
  await untilDisconnected();
}

// -------------------------------------------------------------------------------------------------
// Interactions

const WHY: CommandInvocation = { name: 'mentorship', subcommand: 'why' };
const PLATFORMS: CommandInvocation = { name: 'platforms' };

/** The memory phases' mix: guide sections, platforms, and commands that read the store. */
const MIX: CommandInvocation[] = [
  WHY,
  PLATFORMS,
  { name: 'mentorship', subcommand: 'intro' },
  { name: 'mentorship', subcommand: 'find' },
  { name: 'mentorship', subcommand: 'mentee' },
  { name: 'mentorship', subcommand: 'mentee', options: { habit: 'listen' } },
  { name: 'platforms', options: { focus: 'career' } },
  { name: 'goal', subcommand: 'list' },
  { name: 'checkin', subcommand: 'history' },
  { name: 'session', subcommand: 'list' },
];

async function answerOf(spec: CommandInvocation): Promise<number> {
  const handle = await fake.command(spec);
  const answer = await handle.answer(15_000);
  return answer.latencyMs;
}

/** Sends `count` interactions of the mix, `concurrency` in flight, from the member pool. */
async function filler(count: number, offset: number): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: CONFIG.fillerConcurrency }, async () => {
    while (next < count) {
      const i = offset + next++;
      await answerOf({ ...MIX[i % MIX.length]!, user: members[i % members.length]! });
    }
  });
  await Promise.all(lanes);
}

/** One at a time, alternating `/mentorship why` and `/platforms`; returns the latencies of each. */
async function sequential(perCommand: number): Promise<{ why: number[]; platforms: number[] }> {
  const why: number[] = [];
  const platforms: number[] = [];
  for (let i = 0; i < perCommand * 2; i++) {
    if (i % 2 === 0) why.push(await answerOf(WHY));
    else platforms.push(await answerOf(PLATFORMS));
  }
  return { why, platforms };
}

const clearFake = () => fake.clearLog({ interactions: true, messages: true });

// -------------------------------------------------------------------------------------------------
// Phases

async function phaseStartup(results: Results): Promise<void> {
  // The first Murshid start registers the commands (one PUT); every later start finds them unchanged.
  const startupDb = sqliteUrl();
  progress('start-up: warm-up starts (not counted; Murshid registers its commands)');
  for (const kind of ['murshid', 'bare'] as const) {
    const { bot } = await launch(kind, startupDb, false);
    await sleep(300);
    await shutdown(bot);
  }
  clearFake();
  const samples: Record<BotKind, number[]> = { murshid: [], bare: [] };
  for (let i = 0; i < CONFIG.starts; i++) {
    const order: BotKind[] = i % 2 === 0 ? ['bare', 'murshid'] : ['murshid', 'bare'];
    for (const kind of order) {
      const { bot, identifyMs } = await launch(kind, startupDb, false);
      samples[kind].push(identifyMs);
      await sleep(200);
      await shutdown(bot);
    }
    progress(`start-up ${i + 1}/${CONFIG.starts}: bare ${samples.bare.at(-1)!.toFixed(0)} ms, Murshid ${samples.murshid.at(-1)!.toFixed(0)} ms`);
  }
  const puts = fake.requests.filter((r) => r.method === 'PUT').length;
  // The same, as people start it: `npm start` on an unchanged checkout against `npm start` running
  // `node` on the bare client's file (both builds are up to date: `npm run bench` built them).
  const npmSamples: Record<BotKind, number[]> = { murshid: [], bare: [] };
  for (let i = 0; i < CONFIG.starts; i++) {
    const order: BotKind[] = i % 2 === 0 ? ['bare', 'murshid'] : ['murshid', 'bare'];
    for (const kind of order) {
      const { bot, identifyMs } = await launch(kind, startupDb, false, { npmStart: true });
      npmSamples[kind].push(identifyMs);
      await sleep(200);
      await shutdown(bot);
    }
    progress(`npm start ${i + 1}/${CONFIG.starts}: bare ${npmSamples.bare.at(-1)!.toFixed(0)} ms, Murshid ${npmSamples.murshid.at(-1)!.toFixed(0)} ms`);
  }
  results.startup = { samples, npmSamples, commandPuts: puts };
  clearFake();
}

async function clientRun(kind: BotKind, round: number): Promise<RoundResult> {
  const { bot } = await launch(kind, sqliteUrl(), true);
  try {
    const idle = await bot.gc();
    let sent = 0;
    // Warm-up: not counted.
    await sequential(CONFIG.warmup / 2);
    sent += CONFIG.warmup;
    await filler(CONFIG.memoryLow - sent, sent);
    sent = CONFIG.memoryLow;
    // What the OS counts before anything forces a collection: the memory a member's machine pays.
    const lowOs = osRss(bot.child.pid!);
    const low = await bot.gc();
    clearFake();

    const latency = await sequential(CONFIG.latencyPerCommand);
    sent += CONFIG.latencyPerCommand * 2;
    const violations = [...fake.violations];
    clearFake();

    await filler(CONFIG.memoryHigh - sent, sent);
    sent = CONFIG.memoryHigh;
    const highOs = osRss(bot.child.pid!);
    const high = await bot.gc();
    violations.push(...fake.violations);
    clearFake();
    progress(
      `round ${round + 1} ${kind.padEnd(7)}: p50 ${quantile([...latency.why, ...latency.platforms], 0.5).toFixed(3)} ms, ` +
        `p99 ${quantile([...latency.why, ...latency.platforms], 0.99).toFixed(3)} ms, RSS ${mb(low.rss).toFixed(1)} → ${mb(high.rss).toFixed(1)} MB`,
    );
    const usage = { idle, low, high };
    return { kind, round, latency, rss: { idle: idle.rss, low: low.rss, high: high.rss }, osRss: { low: lowOs, high: highOs }, heap: { low: low.heapUsed, high: high.heapUsed }, usage, violations };
  } finally {
    await shutdown(bot);
    clearFake();
  }
}

async function phaseRounds(results: Results): Promise<void> {
  for (let round = 0; round < CONFIG.rounds; round++) {
    const order: BotKind[] = round % 2 === 0 ? ['bare', 'murshid'] : ['murshid', 'bare'];
    for (const kind of order) results.rounds.push(await clientRun(kind, round));
  }
}

/** A week-day schedule matching a UTC instant, as `/checkin start` would store it. */
function scheduleAt(dueAt: number): Pick<NonNullable<UserRecord['checkin']>, 'weekday' | 'hour' | 'minute' | 'timeZone'> {
  const d = new Date(dueAt);
  return { weekday: (d.getUTCDay() || 7) as 1 | 2 | 3 | 4 | 5 | 6 | 7, hour: d.getUTCHours(), minute: d.getUTCMinutes(), timeZone: 'UTC' };
}

interface Seeded {
  due: string[];
  dueAt: number;
}

/**
 * Subscribers with an active weekly check-in: `due` of them due a minute ago (DM channel cached),
 * the rest later in the week; their due-index buckets; the scheduler's cursor at the due minute.
 * Records pass the project's schemas before they are written, and are read back through its
 * repositories afterwards.
 */
async function seedSubscribers(databaseUrl: string, total: number, dueCount: number, now: number): Promise<Seeded> {
  const dueAt = (minuteOf(now) - 1) * 60_000;
  const guildId = fake.defaults.guildId;
  const ids = Array.from({ length: total }, () => snowflake());
  const buckets = new Map<number, string[]>();
  const records: Array<readonly [string, string, unknown]> = [];
  const week = 7 * 24 * 60;
  ids.forEach((id, i) => {
    const isDue = i < dueCount;
    // Later ones spread over the coming week, a few per minute, from ten minutes on (so a tick a
    // little later than `now` still finds only the due ones).
    const at = isDue ? dueAt : (minuteOf(now) + 10 + ((i - dueCount) % (week - 20))) * 60_000;
    const user = userRecordSchema.parse({
      version: 1,
      homeGuildId: guildId,
      checkin: { ...scheduleAt(at), status: 'active', nextDueAt: at },
      dmChannelId: isDue ? fake.dmChannelIdFor(id) : snowflake(),
      welcomed: true,
      weeks: [],
    });
    records.push([PROFILE.namespace, id, user]);
    const minute = minuteOf(at);
    const list = buckets.get(minute) ?? [];
    list.push(checkinJob(id));
    buckets.set(minute, list);
  });
  for (const [minute, jobs] of buckets) records.push(['due', String(minute), dueBucketSchema.parse({ version: 1, jobs })]);
  records.push(['scheduler', 'cursor', { version: 1, minute: minuteOf(dueAt) }]);
  await writeRecords(databaseUrl, records);

  // Read back through the repositories: the format is Keyv's, and the tick will find them.
  const store = await openStore(databaseUrl);
  try {
    const index = new DueIndex(store);
    const back = await new Members(store, index).collection(PROFILE).get(ids[0]!);
    if (JSON.stringify(back) !== JSON.stringify(records[0]![2])) throw new Error('seeded user does not read back as written');
    const cursor = await index.cursor(now);
    const { jobs } = await index.jobsUntil(cursor, now);
    if (cursor !== minuteOf(dueAt) || jobs.length !== dueCount) throw new Error(`due index reads back ${jobs.length} jobs from minute ${cursor}, wanted ${dueCount}`);
  } finally {
    await store.close();
  }
  return { due: ids.slice(0, dueCount), dueAt };
}

async function phaseBatch(results: Results): Promise<void> {
  for (const engine of await enginesFor(results)) await batchOn(engine, results);
}

async function batchOn(engine: Engine, results: Results): Promise<void> {
  const store = await freshStore(engine, results);
  const commitMs = await commitLatencyMs(store.url);
  const seedStart = performance.now();
  const { due } = await seedSubscribers(store.url, CONFIG.batchUsers, CONFIG.batchUsers, Date.now());
  progress(`batch (${ENGINES[engine]}): seeded ${due.length} due check-ins in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; starting Murshid`);
  clearFake();
  const isDm = (r: { route: string }) => r.route === DM_ROUTE;
  const firstDm = fake.waitForRequest(isDm, 60_000);
  let created = 0;
  const unhook = fake.onMessageCreated(() => {
    created += 1;
  });
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const { bot, identifyMs } = await launch('murshid', store.url, false, { nodeFlags: profile });
  const exports: Array<Promise<{ deferToEdit: number; dispatchToEdit: number } | { error: string }>> = [];
  try {
    await firstDm;
    progress('batch: first DM out; sending /checkin export every 200 ms');
    const deadline = performance.now() + 180_000;
    let lastCount = 0;
    let lastChange = performance.now();
    let k = 0;
    while (created < CONFIG.batchUsers) {
      const user = due[(k++ * 37) % due.length]!;
      exports.push(
        fake.command({ name: 'checkin', subcommand: 'export', user }).then(
          async (handle: InteractionHandle) => {
            const ack = await handle.acknowledgement(15_000);
            const answer = await handle.answer(15_000);
            return { deferToEdit: answer.at - ack.at, dispatchToEdit: answer.latencyMs };
          },
          (error: unknown) => ({ error: String(error) }),
        ).catch((error: unknown) => ({ error: String(error) })),
      );
      await sleep(CONFIG.exportEveryMs);
      if (created !== lastCount) {
        lastCount = created;
        lastChange = performance.now();
        if (k % 25 === 0) progress(`batch: ${created}/${CONFIG.batchUsers} DMs`);
      } else if (performance.now() - lastChange > 15_000) {
        progress(`batch: stalled at ${created} DMs`);
        break;
      }
      if (performance.now() > deadline) {
        progress(`batch: gave up after 180 s at ${created} DMs`);
        break;
      }
    }
    const edits = await Promise.all(exports);
    await sleep(1_000); // late duplicates, if any, would show up here
    // What the batch cost in memory: the bot's resident set now and at its peak, and on PostgreSQL
    // the database server's own processes (on SQLite the database lives in the bot's process).
    const memory = {
      botRss: osRss(bot.child.pid!),
      botPeakRss: peakRss(bot.child.pid!),
      ...(store.serverPid === undefined ? {} : { serverPss: treePss(store.serverPid) }),
    };
    writeFileSync(
      projectPath('bench', 'tmp', `batch-requests-${engine}.json`),
      JSON.stringify(fake.requests.map((r) => ({ route: r.route, at: r.at, status: r.status }))),
    );
    const dmRequests = fake.requests.filter(isDm);
    const ok = dmRequests.filter((r) => r.status === 200);
    const times = dmRequests.map((r) => r.at);
    const elapsedMs = times.length ? Math.max(...times) - Math.min(...times) : Number.NaN;
    const channels = new Set(ok.map((r) => r.path));
    // Everything that counted toward the 50/s global limit while the batch ran (all but interaction
    // callbacks): the DMs and the exports' edits share one budget.
    const first = Math.min(...times);
    const last = Math.max(...times);
    const budgetRequests = fake.requests.filter((r) => !r.route.includes('/callback') && r.at >= first && r.at <= last).length;
    const good = edits.filter((e): e is { deferToEdit: number; dispatchToEdit: number } => 'deferToEdit' in e);
    const tickLine = bot.lines().find((line) => line.includes('"scheduler tick"'));
    results.batches.push({
      engine,
      commitMs,
      identifyMs,
      memory,
      users: due.length,
      requests: dmRequests.length,
      delivered: ok.length,
      distinctChannels: channels.size,
      budgetRequests,
      dmOpens: fake.requests.filter((r) => r.route === 'POST /users/@me/channels').length,
      sent429: fake.sent429,
      elapsedMs,
      deferToEdit: good.map((e) => e.deferToEdit),
      dispatchToEdit: good.map((e) => e.dispatchToEdit),
      exportErrors: edits.filter((e): e is { error: string } => 'error' in e).map((e) => e.error),
      tickLog: tickLine,
      violations: fake.violations.filter((v) => !v.startsWith('429')).slice(0, 10),
      rateLimited: fake.requests
        .filter((r) => r.status === 429)
        .map((r) => `${r.route} at ${((r.at - first) / 1000).toFixed(3)} s`),
      dmTimeline: times.sort((a, b) => a - b).map((t) => t - (times[0] ?? 0)),
    });
    progress(`batch (${ENGINES[engine]}): ${dmRequests.length} DM requests in ${(elapsedMs / 1000).toFixed(2)} s, ${fake.sent429} 429s, ${good.length} exports`);
  } finally {
    unhook();
    await shutdown(bot);
    clearFake();
    await store.drop();
  }
}

async function phaseDue(results: Results): Promise<void> {
  for (const engine of await enginesFor(results)) for (const total of CONFIG.subscribers) await dueOn(engine, total, results);
}

async function dueOn(engine: Engine, total: number, results: Results): Promise<void> {
  const name = `due selection (${ENGINES[engine]})`;
  const store = await freshStore(engine, results);
  try {
    const commitMs = await commitLatencyMs(store.url);
    const now = Date.now();
    const seedStart = performance.now();
    await seedSubscribers(store.url, total, CONFIG.due, now);
    const seedMs = performance.now() - seedStart;
    progress(`${name}: seeded ${total} subscribers (${CONFIG.due} due) in ${(seedMs / 1000).toFixed(1)} s; ticking`);
    clearFake();
    const rest = new REST({ api: fake.apiUrl }).setToken(TOKEN);
    const services = await createServices({ databaseUrl: store.url, log: createLogger('silent'), rest });
    try {
      const before = { ...services.store.stats };
      const tickStart = performance.now();
      const report = await services.scheduler.tick(Date.now());
      const tickMs = performance.now() - tickStart;
      const after = { ...services.store.stats };
      // A second tick at once: nothing is due any more.
      const idleReport = await services.scheduler.tick(Date.now());
      const idle = { ...services.store.stats };
      results.due.push({
        engine,
        subscribers: total,
        due: CONFIG.due,
        seedMs,
        commitMs,
        jobs: report.jobs,
        retried: report.retried,
        reads: after.reads - before.reads,
        writes: after.writes - before.writes,
        idleJobs: idleReport.jobs,
        idleReads: idle.reads - after.reads,
        dms: fake.requests.filter((r) => r.route === DM_ROUTE && r.status === 200).length,
        tickMs,
      });
      progress(`${name}: ${total} subscribers → ${after.reads - before.reads} reads for ${report.jobs} due (${(tickMs / 1000).toFixed(1)} s)`);
    } finally {
      await services.store.close();
      clearFake();
    }
  } finally {
    await store.drop();
  }
}

/**
 * Pictures: render time and memory in the worker (in this process), then Murshid's reply latency
 * with and without progress cards being drawn alongside (members with check-ins ask /checkin history).
 */
async function phasePictures(results: Results): Promise<void> {
  const pictures = await measurePictures(CONFIG.pictures);
  results.pictures = pictures;
  progress(`pictures: card p99 ${quantile(pictures.series.card.workerMs, 0.99).toFixed(1)} ms in the worker; event-loop delay p99 ${pictures.loopDelayP99Ms.toFixed(1)} ms`);
  const { bot } = await launch('murshid', sqliteUrl(), false);
  try {
    const week = isoWeekKey(Date.now(), 'UTC');
    for (const member of members) {
      await answerOf({ name: 'checkin', subcommand: 'now', user: member });
      await (await fake.modalSubmit({ user: member, customId: `checkin:submit:${week}`, fields: { wins: 'Shipped it', difficulties: '', suggestions: '', focus: 'Tests' } })).answer(15_000);
    }
    await sequential(100);
    const quiet = await sequential(500);
    let stop = false;
    let cards = 0;
    const lane = (async () => {
      for (let i = 0; !stop; i++) {
        await answerOf({ name: 'checkin', subcommand: 'history', user: members[i % members.length]! });
        cards += 1;
      }
    })();
    const rendering = await sequential(500);
    stop = true;
    await lane;
    pictures.latency = { quiet: [...quiet.why, ...quiet.platforms], rendering: [...rendering.why, ...rendering.platforms], cards };
    progress(`pictures: latency p99 ${quantile(pictures.latency.quiet, 0.99).toFixed(3)} → ${quantile(pictures.latency.rendering, 0.99).toFixed(3)} ms with ${cards} cards`);
  } finally {
    await shutdown(bot);
    clearFake();
  }
}

// -------------------------------------------------------------------------------------------------

const results: Results = { config: CONFIG, machine: machineInfo(), rounds: [], batches: [], due: [], errors: [], load: [] };
const phases: Array<[string, (r: Results) => Promise<void>]> = [
  ['startup', phaseStartup],
  ['rounds', phaseRounds],
  ['batch', phaseBatch],
  ['due', phaseDue],
  ['pictures', phasePictures],
];
for (const [name, run] of phases) {
  if (!CONFIG.phases.has(name)) continue;
  progress(`phase ${name}`);
  results.load.push({ at: name, load: loadavg()[0]! });
  try {
    await run(results);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    progress(`phase ${name} failed: ${message}`);
    results.errors.push(`${name}: ${message.split('\n')[0]}`);
  }
}
results.totalSeconds = (performance.now() - started) / 1000;
results.load.push({ at: 'end', load: loadavg()[0]! });

try {
  mkdirSync(join(CONFIG.out, '..'), { recursive: true });
  const markdown = writeResults(results);
  // Raw samples for a closer look (bench/tmp is git-ignored).
  writeFileSync(projectPath('bench', 'tmp', 'results.json'), JSON.stringify(results));
  writeFileSync(CONFIG.out, markdown);
  process.stdout.write(markdown);
  progress(`wrote ${CONFIG.out} in ${results.totalSeconds.toFixed(0)} s`);
} finally {
  await fake.stop();
  await (await postgres)?.stop();
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(0);
