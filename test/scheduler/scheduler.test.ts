import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.js';
import { DueIndex, minuteOf } from '../../src/scheduler/due-index.js';
import { jobRef, Scheduler, type JobKind } from '../../src/scheduler/scheduler.js';
import { openStore, type Store } from '../../src/store/store.js';
import { engines } from '../support/engines.js';
import { tempDir } from '../support/temp.js';

const log = createLogger('silent');
const T0 = Date.UTC(2026, 10, 27, 16, 0); // a Friday, 16:00 UTC

/** A job kind that records what it was asked to run, and can fail a given job once. */
function recorder(failOnce: Set<string> = new Set()) {
  const runs: { job: string; now: number }[] = [];
  const kind: JobKind = {
    name: 'test',
    async runBatch(jobs, now) {
      const retry: string[][] = [];
      for (const parts of jobs) {
        const job = parts.join(':');
        if (failOnce.delete(job)) retry.push(parts);
        else runs.push({ job, now });
      }
      return retry;
    },
  };
  return { runs, kind };
}

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** The store engine the tests below run against (SQLite unless a `describe.each(engines)` sets it). */
let engineUrl: () => Promise<string> = async () => `sqlite://${join(tempDir(), 'bot.sqlite')}`;

async function setup(failOnce?: Set<string>) {
  store = await openStore(await engineUrl());
  const index = new DueIndex(store);
  const { runs, kind } = recorder(failOnce);
  return { index, runs, scheduler: new Scheduler(index, [kind], log), store };
}

describe.each(engines)('Scheduler.tick ($engine)', ({ url }) => {
  beforeEach(() => {
    engineUrl = url;
  });
  it('runs a job once its minute comes, and only once', async () => {
    const { index, runs, scheduler } = await setup();
    await index.cursor(T0); // a fresh store starts at the current minute
    await index.add(T0 + 5 * 60_000, jobRef('test', 'a'));
    await scheduler.tick(T0);
    expect(runs).toEqual([]);
    await scheduler.tick(T0 + 5 * 60_000);
    await scheduler.tick(T0 + 6 * 60_000);
    expect(runs.map((run) => run.job)).toEqual(['a']);
  });

  it('loses nothing when ticks are skipped: a late tick runs everything due since the last one', async () => {
    const { index, runs, scheduler } = await setup();
    await scheduler.tick(T0);
    await index.add(T0 + 2 * 60_000, jobRef('test', 'b'));
    await index.add(T0 + 30 * 60_000, jobRef('test', 'c'));
    await index.add(T0 + 90 * 60_000, jobRef('test', 'later'));
    await scheduler.tick(T0 + 45 * 60_000); // 44 minutes of ticks never happened
    expect(runs.map((run) => run.job).sort()).toEqual(['b', 'c']);
  });

  it('tries a job that failed for a passing reason again a minute later', async () => {
    const { index, runs, scheduler } = await setup(new Set(['flaky']));
    await scheduler.tick(T0);
    await index.add(T0 + 60_000, jobRef('test', 'flaky'));
    await scheduler.tick(T0 + 60_000);
    expect(runs).toEqual([]);
    await scheduler.tick(T0 + 2 * 60_000);
    expect(runs).toEqual([{ job: 'flaky', now: T0 + 2 * 60_000 }]);
  });

  it('re-reads the buckets of a tick that died before finishing', async () => {
    const { index, runs, scheduler, store } = await setup();
    await scheduler.tick(T0);
    await index.add(T0 + 60_000, jobRef('test', 'd'));
    // The process dies after reading but before advancing the cursor:
    const { jobs } = await index.jobsUntil(await index.cursor(T0 + 60_000), T0 + 60_000);
    expect(jobs).toEqual(['test:d']);
    // … and a new scheduler over the same file still finds it.
    const again = new Scheduler(new DueIndex(store), [recorder().kind], log);
    expect((await again.tick(T0 + 60_000)).jobs).toBe(1);
    expect(runs).toEqual([]);
  });

  it('reads the store a constant number of times per tick, however many jobs are scheduled later', async () => {
    const { index, scheduler, store } = await setup();
    await scheduler.tick(T0);
    for (let i = 0; i < 300; i++) await index.add(T0 + (10 + (i % 50)) * 60_000, jobRef('test', `u${i}`));
    const before = store.stats.reads;
    await scheduler.tick(T0 + 60_000);
    expect(store.stats.reads - before).toBeLessThanOrEqual(2);
  });

  it('runs a job filed for a minute the clock has already passed at the next tick', async () => {
    const { index, runs, scheduler } = await setup();
    await scheduler.tick(T0 + 10 * 60_000);
    await index.add(T0 + 5 * 60_000, jobRef('test', 'late'));
    await scheduler.tick(T0 + 11 * 60_000);
    expect(runs.map((run) => run.job)).toEqual(['late']);
  });

  it('under sharding, runs jobs filed by every shard into the same minute, losing none', async () => {
    const { runs, kind } = recorder();
    store = await openStore(`sqlite://${join(tempDir(), 'bot.sqlite')}`);
    const shards = [0, 1, 2].map((writer) => new DueIndex(store!, { writer, writers: 3 }));
    const scheduler = new Scheduler(shards[0]!, [kind], log);
    await scheduler.tick(T0);
    // Three processes file into the same minute at once (each its own read-modify-write).
    await Promise.all(shards.flatMap((index, writer) => Array.from({ length: 20 }, (_, i) => index.add(T0 + 5 * 60_000, jobRef('test', `s${writer}-${i}`)))));
    await scheduler.tick(T0 + 5 * 60_000);
    expect(runs).toHaveLength(60);
  });

  it('keeps a minute bucket per minute of the due time', () => {
    expect(minuteOf(T0 + 59_999)).toBe(minuteOf(T0));
    expect(minuteOf(T0 + 60_000)).toBe(minuteOf(T0) + 1);
  });
});

describe('Scheduler.start', () => {
  afterEach(() => vi.useRealTimers());

  it('lets node-cron call the tick every minute', async () => {
    vi.useFakeTimers({ now: T0 + 30_000 });
    const { scheduler } = await setup();
    const seen: number[] = [];
    const tick = vi.spyOn(scheduler, 'tick').mockImplementation(async (now) => {
      seen.push(now);
      return { jobs: 0, retried: 0 };
    });
    scheduler.start(() => Date.now());
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await scheduler.stop();
    expect(tick).toHaveBeenCalledTimes(2);
    expect(seen.map((now) => new Date(now).toISOString().slice(11, 16))).toEqual(['16:01', '16:02']);
  });

  it('starts again after a stop (an instance that won its lease back), and its ticks then finish', async () => {
    const { index, runs, scheduler } = await setup();
    await index.add(T0, jobRef('test', 'a'));
    scheduler.start(() => T0);
    await scheduler.stop();
    scheduler.start(() => T0);
    await scheduler.tick(T0);
    await scheduler.stop();
    expect(runs.map((run) => run.job)).toEqual(['a']);
    // The tick was not cut short as a stopped one is: the cursor moved past its minute.
    expect(await index.cursor(T0)).toBe(minuteOf(T0) + 1);
  });
});
