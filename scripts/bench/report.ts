import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem, type as osType } from 'node:os';
import { version as discordJsVersion } from 'discord.js';
import { projectPath } from '../../src/paths.js';
import type { BotKind } from './child.js';
import { fmt, mb, median, quantile, spread, type Spread } from './stats.js';
import { picturesReport, type PicturesResult } from './pictures.js';

/** The store engines the batch and due phases run on, with their names in RESULTS.md. */
export const ENGINES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;
export type Engine = keyof typeof ENGINES;

export interface RoundResult {
  kind: BotKind;
  round: number;
  latency: { why: number[]; platforms: number[] };
  /** RSS after a forced GC: right after start, after 1,000 and after 10,000 interactions. */
  rss: { idle: number; low: number; high: number };
  /** RSS as the OS reports it, no forced GC, after 1,000 and 10,000 interactions. */
  osRss: { low: number; high: number };
  heap: { low: number; high: number };
  /** The whole `process.memoryUsage()` at each point. */
  usage: { idle: NodeJS.MemoryUsage; low: NodeJS.MemoryUsage; high: NodeJS.MemoryUsage };
  violations: string[];
}

export interface BatchResult {
  engine: Engine;
  /** Median ms to commit one small write to the store, just before the run (scripts/bench/commit.ts). */
  commitMs: number;
  /** ms from spawning Murshid on the seeded store to IDENTIFY (one start). */
  identifyMs: number;
  /**
   * Bytes at the end of the batch: the bot's resident set now (`VmRSS`) and at its peak (`VmHWM`);
   * on PostgreSQL also the server's processes together (their PSS).
   */
  memory: { botRss: number; botPeakRss: number; serverPss?: number };
  users: number;
  requests: number;
  delivered: number;
  distinctChannels: number;
  /** Requests counted by the global limit (all but interaction callbacks) from the first DM to the last. */
  budgetRequests: number;
  dmOpens: number;
  sent429: number;
  elapsedMs: number;
  deferToEdit: number[];
  dispatchToEdit: number[];
  exportErrors: string[];
  tickLog: string | undefined;
  violations: string[];
  /** Requests the fake answered 429, with their time after the first DM. */
  rateLimited: string[];
  /** ms of each DM request after the first. */
  dmTimeline: number[];
}

export interface DueResult {
  engine: Engine;
  subscribers: number;
  due: number;
  /** ms to write the subscribers into the fresh store (bulk inserts) and read some back. */
  seedMs: number;
  /** Median ms to commit one small write to the store, just before the run. */
  commitMs: number;
  jobs: number;
  retried: number;
  reads: number;
  writes: number;
  idleJobs: number;
  idleReads: number;
  dms: number;
  tickMs: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  discordJs: string;
  discordjsRest: string;
  date: string;
  /** The commit measured, and whether the working tree differed from it. */
  commit: string;
}

export interface Results {
  config: {
    rounds: number;
    starts: number;
    latencyPerCommand: number;
    warmup: number;
    memoryLow: number;
    memoryHigh: number;
    fillerConcurrency: number;
    batchUsers: number;
    exportEveryMs: number;
    due: number;
    subscribers: number[];
    engines: Engine[];
  };
  machine: Machine;
  /** `samples`: `node <entry>`; `npmSamples`: `npm start` (the bare client's runs `node <its file>`). */
  startup?: { samples: Record<BotKind, number[]>; npmSamples: Record<BotKind, number[]>; commandPuts: number };
  rounds: RoundResult[];
  /** The PostgreSQL the batch and due phases ran on, or why they ran without it. */
  postgres?: { version: string } | { skipped: string };
  batches: BatchResult[];
  due: DueResult[];
  pictures?: PicturesResult;
  errors: string[];
  totalSeconds?: number;
  /** The machine's 1-minute load average as each phase started, and at the end (`end`). */
  load: Array<{ at: string; load: number }>;
}

function gitCommit(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: projectPath(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'src', 'commands', 'content', 'package.json', 'package-lock.json') !== '';
    return dirty ? `${head} with uncommitted changes to the bot` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(projectPath('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): Machine {
  let os = `${osType()} ${release()}`;
  if (existsSync('/etc/os-release')) {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    if (pretty) os = `${pretty} (${osType()} ${release()})`;
  }
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() || 'unknown',
    cores: list.length,
    ramGiB: totalmem() / 1024 ** 3,
    os,
    node: process.version,
    discordJs: discordJsVersion,
    discordjsRest: packageVersion('@discordjs/rest'),
    date: new Date().toISOString(),
    commit: gitCommit(),
  };
}

const verdict = (met: boolean | undefined): string => (met === undefined ? 'not measured' : met ? '**met**' : '**missed**');
const range = (s: Spread, digits = 2, unit = ''): string => `${fmt(s.median, digits)}${unit} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;

type Metric = 'p50' | 'p99';
type Series = 'why' | 'platforms' | 'combined';

function latencyOf(round: RoundResult, series: Series, metric: Metric): number {
  const values = series === 'combined' ? [...round.latency.why, ...round.latency.platforms] : round.latency[series];
  return quantile(values, metric === 'p50' ? 0.5 : 0.99);
}

/** Per round: [bare, murshid] pairs. */
function pairs(rounds: readonly RoundResult[]): Array<{ round: number; bare: RoundResult; murshid: RoundResult }> {
  const out: Array<{ round: number; bare: RoundResult; murshid: RoundResult }> = [];
  for (const round of [...new Set(rounds.map((r) => r.round))]) {
    const bare = rounds.find((r) => r.round === round && r.kind === 'bare');
    const murshid = rounds.find((r) => r.round === round && r.kind === 'murshid');
    if (bare && murshid) out.push({ round, bare, murshid });
  }
  return out;
}

/** What was found when a target was missed on this machine, for the reader of RESULTS.md. */
const WHY_MISSED: Record<string, string> = {
  'RSS growth 1k → 10k':
    'the growth is native allocator memory, not a JavaScript leak: the V8 heap in use grows under 1 MB, and ' +
    '`/proc/<pid>/smaps` puts the rest in the main-thread malloc heap and per-thread arenas. It levels off ' +
    '(with only `/mentorship why` and `/platforms` it stops after about 20,000 interactions) and varies a lot between rounds. ' +
    '`MALLOC_ARENA_MAX=1` cuts it to about 1.3 MB but pushes the RSS ratio to 1.30–1.31×; two libuv threads and a 1 MiB SQLite ' +
    'page cache (both in the bot) took about 1 MB off. No code change found that removes the rest.',
  'Batch elapsed (DM requests only)':
    'during the batch, `/checkin export` edits take about a tenth of the 50 requests a second that Discord allows the bot as a whole, ' +
    'so the DMs alone run at about 44 a second. Counting every request in the global queue (the next row) the batch runs at 49 a second and ' +
    'meets the target; without the exports the DMs alone take about 40.6 s for 2,000. ' +
    'SQLite falls further behind on a disk that is slow to sync: each of its writes is a commit of its own, about five per DM (see ' +
    '"writes" under Due selection), one at a time on the bot\'s one connection, and the exports queue their reads on that ' +
    'connection too. On this shared machine (a commit took 1.3–1.5 ms, in one run 8 ms: the row "one small write committed"), in separate runs of ' +
    'this batch, SQLite sent the 2,000 DMs at 18–31 a second with the exports (five runs), at 47.5 a second without them ' +
    '(`BENCH_EXPORT_MS=100000`), and at 41 a second with them and its file in memory (`TMPDIR=/dev/shm`); PostgreSQL on the same ' +
    'disk kept 41–44 a second with the exports (three runs).',
  'Batch elapsed (every request in the global queue: DMs + edits)':
    'see the row above: on SQLite, slow commits on a busy disk hold the DMs back (the exports then get more of the budget).',
  'Edit latency during batch (p99)':
    "a member's `/checkin export` reads their records on the same SQLite connection as the batch's writes, one statement at a time, " +
    'so when commits are slow (see the batch rows) it waits behind them; on PostgreSQL it runs on another of the pool\'s connections.',
};

/** A warning when other work on the machine competed with the run: timings suffer, counts do not. */
function busyNote(results: Results): string[] {
  const peak = Math.max(...results.load.map((l) => l.load));
  if (!(peak > results.machine.cores)) return [];
  return [
    `**A busy machine:** the load average reached ${peak.toFixed(1)} on ${results.machine.cores} cores during this run (other work ` +
      'sharing the machine; see the load per phase above). Timings (latency, start-up, the batch) suffer from that, one client or ' +
      'engine more than another depending on when the load came; counts (requests, 429s, store reads) do not.',
    '',
  ];
}

export function writeResults(results: Results): string {
  const { config: c, machine: m } = results;
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  push(
    '# Benchmark results',
    '',
    'Generated by `npm run bench` (`scripts/bench.ts`); see SPEC.md, "Performance targets". Murshid',
    '(`node dist/src/index.js`) and a bare discord.js client (`node dist/scripts/bench/bare-bot.js`: `Guilds`',
    'intent, default caches, one constant embed for every command) each run as their own process, one at a',
    'time, alternating, against one loopback fake Discord (`test/fake-discord`) in the bench process. Murshid',
    'stores its data in SQLite (a file) except where a table has a PostgreSQL column: the weekly batch and due',
    'selection run on both engines.',
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB.toFixed(1)} GiB RAM`,
    `- OS: ${m.os}`,
    `- Node ${m.node}, discord.js ${m.discordJs}, @discordjs/rest ${m.discordjsRest}`,
    ...(results.postgres === undefined
      ? []
      : 'version' in results.postgres
        ? [`- PostgreSQL: ${results.postgres.version}, a throw-away cluster on loopback on the same machine, fsync and synchronous commit on`]
        : [`- PostgreSQL: not measured (${results.postgres.skipped})`]),
    `- Commit: ${m.commit}`,
    `- Date: ${m.date}${results.totalSeconds ? `; the whole run took ${results.totalSeconds.toFixed(0)} s` : ''}`,
    `- Load average (1 min; ${m.cores} cores, shared with whatever else runs) as each phase started: ${results.load.map((l) => `${l.at} ${l.load.toFixed(1)}`).join(', ')}`,
    '',
    'Medians are over rounds (or starts); brackets give the spread, min–max over rounds.',
    '',
  );
  const summary: Array<[string, string, string]> = [];

  // Latency --------------------------------------------------------------------------------------
  push('## Latency', '');
  push(
    `Dispatch of INTERACTION_CREATE → arrival of the request carrying the answer (the fake's \`latencyMs\`), one`,
    `interaction in flight, ${c.latencyPerCommand} \`/mentorship why\` and ${c.latencyPerCommand} \`/platforms\` a round, alternating,`,
    `after ${c.memoryLow} interactions of warm-up (the first ${c.warmup} of them the same two commands); ${c.rounds} rounds. ms.`,
    '',
  );
  const ps = pairs(results.rounds);
  let latencyMet: boolean | undefined;
  if (ps.length > 0) {
    push('| series | metric | bare | Murshid | Murshid − bare | target | verdict |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const series of ['why', 'platforms', 'combined'] as const) {
      for (const metric of ['p50', 'p99'] as const) {
        const bare = spread(ps.map((p) => latencyOf(p.bare, series, metric)));
        const mur = spread(ps.map((p) => latencyOf(p.murshid, series, metric)));
        const diff = spread(ps.map((p) => latencyOf(p.murshid, series, metric) - latencyOf(p.bare, series, metric)));
        const limit = metric === 'p50' ? 0.5 : 1.5;
        const target = series === 'combined' ? `≤ ${limit}` : '';
        const v = series === 'combined' ? verdict(diff.median <= limit) : '';
        if (series === 'combined') {
          latencyMet = (latencyMet ?? true) && diff.median <= limit;
          summary.push([`Latency ${metric} difference`, `${fmt(diff.median, 3)} ms (target ≤ ${limit} ms)`, verdict(diff.median <= limit)]);
        }
        push(`| ${series} | ${metric} | ${range(bare, 3)} | ${range(mur, 3)} | ${range(diff, 3)} | ${target} | ${v} |`);
      }
    }
    push('', 'Per round (combined):', '', '| round | bare p50 | Murshid p50 | Δ p50 | bare p99 | Murshid p99 | Δ p99 |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const p of ps) {
      const b50 = latencyOf(p.bare, 'combined', 'p50');
      const m50 = latencyOf(p.murshid, 'combined', 'p50');
      const b99 = latencyOf(p.bare, 'combined', 'p99');
      const m99 = latencyOf(p.murshid, 'combined', 'p99');
      push(`| ${p.round + 1} | ${fmt(b50, 3)} | ${fmt(m50, 3)} | ${fmt(m50 - b50, 3)} | ${fmt(b99, 3)} | ${fmt(m99, 3)} | ${fmt(m99 - b99, 3)} |`);
    }
    const violations = results.rounds.flatMap((r) => r.violations.map((v) => `${r.kind}: ${v}`));
    push('', `Fake Discord violations during these rounds: ${violations.length === 0 ? 'none' : violations.slice(0, 5).join('; ')}`, '');
  } else push('Not measured.', '');

  // Start-up -------------------------------------------------------------------------------------
  push('## Start-up', '');
  push(
    'Spawning `node` on the built entry point → IDENTIFY arriving at the fake (`performance.now()` in the bench',
    `process at spawn vs. at IDENTIFY). ${c.starts} starts each, alternating, after one uncounted start of each; Murshid`,
    "reuses one database and finds its commands registered (a normal restart: `GET` commands, no `PUT`). ms.",
    '',
  );
  if (results.startup) {
    const { samples, npmSamples, commandPuts } = results.startup;
    /** A table of both clients' starts and the ratio of their medians. */
    const starts = (runs: Record<BotKind, number[]>, suffix: string): number => {
      const bare = spread(runs.bare);
      const mur = spread(runs.murshid);
      const row = (name: string, s: Spread, all: number[]) =>
        `| ${name}${suffix} | ${fmt(s.median, 0)} | ${fmt(s.min, 0)}–${fmt(s.max, 0)} | ${all.map((x) => x.toFixed(0)).join(', ')} |`;
      push('| client | median | min–max | all starts |', '| --- | --- | --- | --- |', row('bare', bare, runs.bare), row('Murshid', mur, runs.murshid), '');
      return mur.median / bare.median;
    };
    const ratio = starts(samples, '');
    summary.push(['Start-up ratio', `${fmt(ratio)}× (target ≤ 1.3×)`, verdict(ratio <= 1.3)]);
    push(`Ratio of medians: **${fmt(ratio)}×** (target ≤ 1.3×): ${verdict(ratio <= 1.3)}. Command PUTs during the counted starts: ${commandPuts}.`, '');
    push(
      'As people start it: `npm start` → IDENTIFY on an unchanged checkout (Murshid\'s `scripts/launch.mjs` finds the',
      'build current and runs it in its own process), against `npm start` in a folder whose start script is',
      '`node <bare client>`. The same alternation and database. ms.',
      '',
    );
    const npmRatio = starts(npmSamples, ', `npm start`');
    summary.push(['`npm start` ratio', `${fmt(npmRatio)}× (target ≤ 1.3×)`, verdict(npmRatio <= 1.3)]);
    push(`Ratio of medians: **${fmt(npmRatio)}×** (target ≤ 1.3×): ${verdict(npmRatio <= 1.3)}.`, '');
  } else push('Not measured.', '');

  // Memory ---------------------------------------------------------------------------------------
  push('## Memory', '');
  push(
    '`process.memoryUsage().rss` after forced full GCs (`--expose-gc` and a preloaded probe answering over IPC,',
    `\`scripts/bench/gc-probe.ts\`), right after start, after ${c.memoryLow} and after ${c.memoryHigh} interactions: the latency`,
    `commands plus a mix (guide sections, platforms with a focus, \`/goal list\`, \`/checkin history\`, \`/session list\`)`,
    `from 20 members, ${c.fillerConcurrency} in flight. MB.`,
    '',
  );
  if (ps.length > 0) {
    push('| point | bare | Murshid | ratio (per round) | target | verdict |', '| --- | --- | --- | --- | --- | --- |');
    let ratioMet = true;
    for (const point of ['idle', 'low', 'high'] as const) {
      const label = point === 'idle' ? 'right after start (reference only)' : point === 'low' ? `after ${c.memoryLow}` : `after ${c.memoryHigh}`;
      const bare = spread(ps.map((p) => mb(p.bare.rss[point])));
      const mur = spread(ps.map((p) => mb(p.murshid.rss[point])));
      const ratio = spread(ps.map((p) => p.murshid.rss[point] / p.bare.rss[point]));
      if (point !== 'idle') ratioMet &&= ratio.median <= 1.3;
      const target = point === 'idle' ? '' : '≤ 1.3×';
      push(`| ${label} | ${range(bare, 1)} | ${range(mur, 1)} | ${range(ratio, 2, '×')} | ${target} | ${point === 'idle' ? '' : verdict(ratio.median <= 1.3)} |`);
    }
    for (const point of ['low', 'high'] as const) {
      const label = `after ${point === 'low' ? c.memoryLow : c.memoryHigh}, as the OS reports it (no forced GC)`;
      const bare = spread(ps.map((p) => mb(p.bare.osRss[point])));
      const mur = spread(ps.map((p) => mb(p.murshid.osRss[point])));
      const ratio = spread(ps.map((p) => p.murshid.osRss[point] / p.bare.osRss[point]));
      push(`| ${label} | ${range(bare, 1)} | ${range(mur, 1)} | ${range(ratio, 2, '×')} | (reported) | |`);
    }
    push(
      '',
      'The verdict is on the ratios in service (after 1,000 and 10,000 interactions). Right after start the RSS of either',
      'client swings by 10–20 % from run to run (how much of the start-up heap the OS has got back yet), so that row is',
      'shown for reference only.',
    );
    const growth = spread(ps.map((p) => mb(p.murshid.rss.high - p.murshid.rss.low)));
    const bareGrowth = spread(ps.map((p) => mb(p.bare.rss.high - p.bare.rss.low)));
    const heapGrowth = spread(ps.map((p) => mb(p.murshid.heap.high - p.murshid.heap.low)));
    push(
      '',
      `| growth ${c.memoryLow} → ${c.memoryHigh} interactions | bare | Murshid | target | verdict |`,
      '| --- | --- | --- | --- | --- |',
      `| RSS after GC | ${range(bareGrowth)} | ${range(growth)} | ≤ 5 MB | ${verdict(growth.median <= 5)} |`,
      `| V8 heap used after GC (for reference) | ${range(spread(ps.map((p) => mb(p.bare.heap.high - p.bare.heap.low))))} | ${range(heapGrowth)} | | |`,
      '',
    );
    summary.push([
      `RSS ratio after ${c.memoryLow} / ${c.memoryHigh} interactions`,
      `${(['low', 'high'] as const).map((pt) => fmt(median(ps.map((p) => p.murshid.rss[pt] / p.bare.rss[pt])))).join(' / ')}× (target ≤ 1.3×)`,
      verdict(ratioMet),
    ]);
    summary.push([
      `RSS as the OS reports it (no forced GC) after ${c.memoryLow}`,
      `${fmt(median(ps.map((p) => mb(p.murshid.osRss.low))), 1)} MB vs ${fmt(median(ps.map((p) => mb(p.bare.osRss.low))), 1)} MB, ${fmt(median(ps.map((p) => p.murshid.osRss.low / p.bare.osRss.low)))}×`,
      'reported',
    ]);
    summary.push(['RSS growth 1k → 10k', `${fmt(growth.median)} MB, max ${fmt(growth.max)} (target ≤ 5 MB)`, verdict(growth.median <= 5)]);
  } else push('Not measured.', '');

  // Batch ----------------------------------------------------------------------------------------
  push('## Weekly batch', '');
  push(
    `${c.batchUsers} users due a minute ago with their DM channels cached, seeded into a fresh database before Murshid`,
    'starts; the catch-up tick at start-up sends them. Elapsed = first to last `POST /channels/{id}/messages` at the',
    `fake. Meanwhile \`/checkin export\` every ${c.exportEveryMs} ms (deferred at once, then a PATCH of @original through`,
    "@discordjs/rest's global queue; the fake counts webhook routes toward its global limit too). One run on each engine.",
    '',
  );
  if (results.batches.length > 0) {
    const bs = results.batches;
    const targetOf = (requests: number) => 1.05 * (requests / 50);
    const elapsedOf = (b: BatchResult) => b.elapsedMs / 1000;
    const p99Of = (b: BatchResult) => quantile(b.deferToEdit, 0.99);
    const checks = {
      oneEach: (b: BatchResult) => b.requests === b.users && b.distinctChannels === b.users && b.dmOpens === 0,
      dmsOnly: (b: BatchResult) => elapsedOf(b) <= targetOf(b.requests),
      budget: (b: BatchResult) => elapsedOf(b) <= targetOf(b.budgetRequests),
      no429: (b: BatchResult) => b.sent429 === 0,
      edits: (b: BatchResult) => b.deferToEdit.length > 0 && p99Of(b) <= 1000,
    };
    const row = (measure: string, target: string, cell: (b: BatchResult) => string) => push(`| ${measure} | ${target} | ${bs.map(cell).join(' | ')} |`);
    const judged = (check: (b: BatchResult) => boolean, text: (b: BatchResult) => string) => (b: BatchResult) => `${text(b)}: ${verdict(check(b))}`;
    push(`| measure | target | ${bs.map((b) => ENGINES[b.engine]).join(' | ')} |`, `| --- | --- | ${bs.map(() => '---').join(' | ')} |`);
    row('DM requests (users)', 'one per user', judged(checks.oneEach, (b) => `${b.requests} (${b.users}); delivered ${b.delivered} to ${b.distinctChannels} channels; DM opens ${b.dmOpens}`));
    row('elapsed, first → last DM', '≤ 1.05 × DM requests ÷ 50 s', judged(checks.dmsOnly, (b) => `${fmt(elapsedOf(b), 2)} s, ${fmt(b.requests / elapsedOf(b), 1)} DMs/s (≤ ${fmt(targetOf(b.requests), 2)} s)`));
    row(
      'the same, counting every request in the global queue meanwhile (DMs + edits)',
      '≤ 1.05 × requests ÷ 50 s',
      judged(checks.budget, (b) => `${b.budgetRequests} requests, ${fmt(b.budgetRequests / elapsedOf(b), 1)}/s (≤ ${fmt(targetOf(b.budgetRequests), 2)} s)`),
    );
    row('429s', '0', judged(checks.no429, (b) => `${b.sent429}${b.rateLimited.length ? ` (${b.rateLimited.join('; ')})` : ''}`));
    row(
      'deferral → edit, p50 / p99 / max',
      'p99 ≤ 1000 ms',
      judged(checks.edits, (b) => `${fmt(quantile(b.deferToEdit, 0.5), 0)} / ${fmt(p99Of(b), 0)} / ${fmt(Math.max(...b.deferToEdit), 0)} ms (${b.deferToEdit.length} exports)`),
    );
    row('dispatch → edit, p50 / p99', '', (b) => `${fmt(quantile(b.dispatchToEdit, 0.5), 0)} / ${fmt(quantile(b.dispatchToEdit, 0.99), 0)} ms`);
    row('DMs per whole second, min / median / max', '', (b) => {
      const perSecond: number[] = [];
      for (const t of b.dmTimeline) perSecond[Math.floor(t / 1000)] = (perSecond[Math.floor(t / 1000)] ?? 0) + 1;
      const full = perSecond.slice(0, -1).map((n) => n ?? 0);
      return full.length ? `${Math.min(...full)} / ${median(full)} / ${Math.max(...full)}` : 'n/a';
    });
    row("Murshid's RSS at the end of the batch / its peak (`VmRSS` / `VmHWM`)", '(reported)', (b) => `${fmt(mb(b.memory.botRss), 1)} / ${fmt(mb(b.memory.botPeakRss), 1)} MB`);
    row('the database server at the end of the batch (PSS of all its processes)', '(reported)', (b) =>
      b.memory.serverPss === undefined ? 'none: SQLite runs inside the bot' : `${fmt(mb(b.memory.serverPss), 1)} MB`,
    );
    row('spawn → IDENTIFY on the seeded store (one start)', '(reported)', (b) => `${fmt(b.identifyMs, 0)} ms`);
    row('one small write committed to the store, median of 50, just before', '(reported)', (b) => `${fmt(b.commitMs, 2)} ms`);
    push('');
    for (const b of bs) {
      const notes = [
        b.exportErrors.length ? `export errors: ${b.exportErrors.length} (${b.exportErrors[0]})` : '',
        b.violations.length ? `other violations: ${b.violations.join('; ')}` : '',
      ].filter(Boolean);
      if (notes.length) push(`${ENGINES[b.engine]}: ${notes.join('; ')}.`, '');
    }
    /** One summary row for a batch target: each engine's result and verdict. */
    const summarize = (target: string, check: (b: BatchResult) => boolean, text: (b: BatchResult) => string, goal: string) =>
      summary.push([target, `${bs.map((b) => `${ENGINES[b.engine]} ${text(b)}`).join(', ')} (target ${goal})`, bs.map((b) => `${bs.length > 1 ? `${ENGINES[b.engine]} ` : ''}${verdict(check(b))}`).join(', ')]);
    const first = bs[0]!;
    summarize('Batch elapsed (DM requests only)', checks.dmsOnly, (b) => `${fmt(elapsedOf(b), 2)} s for ${b.requests} requests`, `≤ ${fmt(targetOf(first.requests), 2)} s`);
    summarize(
      'Batch elapsed (every request in the global queue: DMs + edits)',
      checks.budget,
      (b) => `${fmt(elapsedOf(b), 2)} s for ${b.budgetRequests} requests (≤ ${fmt(targetOf(b.budgetRequests), 2)} s)`,
      '≤ 1.05 × requests ÷ 50 s',
    );
    summarize('Batch 429s', checks.no429, (b) => String(b.sent429), '0');
    summarize('Edit latency during batch (p99)', checks.edits, (b) => `${fmt(p99Of(b), 0)} ms`, '≤ 1000 ms');
  } else push('Not measured.', '');

  // Due selection ----------------------------------------------------------------------------------
  push('## Due selection', '');
  push(
    `Store reads (\`Store.stats.reads\`; a \`getMany\` is one read) in one \`scheduler.tick(now)\` run in the bench process`,
    `(\`createServices\` with its REST client pointed at the fake), ${c.due} users due among all subscribers, the others due`,
    'later in the week; then a second tick with nothing due. Each size on each engine, in a fresh database seeded with',
    'bulk inserts (seed time: writing every subscriber and due-index bucket, then reading some back). Commit: one',
    'small write committed to the store just before (median of 50; `scripts/bench/commit.ts`), how busy the disk was.',
    '',
  );
  if (results.due.length > 0) {
    const CONSTANT = 16;
    push(
      '| engine | subscribers | due jobs | reads | reads − due | reads per due user (minus idle tick) | writes | idle tick reads | DMs sent | tick time | seed time | commit |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const d of results.due) {
      push(
        `| ${ENGINES[d.engine]} | ${d.subscribers} | ${d.jobs} | ${d.reads} | ${d.reads - d.due} | ${fmt((d.reads - d.idleReads) / d.due)} | ${d.writes} | ${d.idleReads} | ${d.dms} | ${fmt(d.tickMs / 1000, 1)} s | ${fmt(d.seedMs / 1000, 1)} s | ${fmt(d.commitMs, 2)} ms |`,
      );
    }
    const engines = [...new Set(results.due.map((d) => d.engine))];
    const runsOn = (engine: Engine) => results.due.filter((d) => d.engine === engine);
    const same = (engine: Engine) => runsOn(engine).every((d) => d.reads === runsOn(engine)[0]!.reads);
    const bounded = (engine: Engine) => runsOn(engine).every((d) => d.reads <= d.due + CONSTANT);
    push('');
    for (const engine of engines) {
      push(`${ENGINES[engine]}: same reads for every size: ${same(engine) ? 'yes' : 'no'} (${verdict(same(engine))}). Reads ≤ due + ${CONSTANT} (the tick's bulk reads): ${verdict(bounded(engine))}.`, '');
    }
    const label = (engine: Engine) => (engines.length > 1 ? `${ENGINES[engine]} ` : '');
    summary.push([
      'Due selection: reads independent of subscribers',
      engines.map((e) => `${label(e)}${runsOn(e).map((d) => `${d.reads} @ ${d.subscribers}`).join(', ')}`).join('; '),
      engines.map((e) => `${label(e)}${verdict(same(e))}`).join(', '),
    ]);
    summary.push([
      'Due selection: reads ≤ due + constant',
      `${engines.map((e) => `${label(e)}${runsOn(e).map((d) => d.reads - d.due).join(', ')}`).join('; ')} over due (${CONSTANT} allowed)`,
      engines.map((e) => `${label(e)}${verdict(bounded(e))}`).join(', '),
    ]);
  } else push('Not measured.', '');

  const pictures = picturesReport(results.pictures);
  push(...pictures.lines);
  for (const [target, result, met] of pictures.summary) summary.push([target, result, met === undefined ? 'reported' : verdict(met)]);

  if (results.errors.length) push('## Errors', '', ...results.errors.map((e) => `- ${e}`), '');

  const missed = new Set(summary.filter(([, , v]) => v.includes(verdict(false))).map(([target]) => target));
  const out = [
    '## Summary',
    '',
    '| target | result | verdict |',
    '| --- | --- | --- |',
    ...summary.map(([a, b, v]) => `| ${a} | ${b} | ${v} |`),
    '',
    ...[...missed].flatMap((target) => (WHY_MISSED[target] ? [`**${target}, missed:** ${WHY_MISSED[target]}`, ''] : [])),
    ...busyNote(results),
  ];
  const at = lines.indexOf('## Latency');
  lines.splice(at, 0, ...out);
  return lines.join('\n') + '\n';
}
