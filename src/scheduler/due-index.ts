import { z } from 'zod';
import { MINUTE_MS } from '../time/index.js';
import type { Collection, Store } from '../store/store.js';
import { KeyedMutex } from './mutex.js';

/**
 * "Who is due when": the index Keyv cannot give us. Jobs are kept in one bucket per minute, so a
 * tick reads the buckets since the last tick (one `getMany`) and then only the subjects that are
 * due, however many are subscribed.
 *
 * The index is a hint, never the truth: a job's own record decides whether it is really due. So a
 * write of the record without its index entry (a crash between the two) is repaired by writing the
 * index entry first, and a stale entry (a paused user, a moved schedule) is simply dropped.
 *
 * Keyv has no transactions, so a bucket is changed by read-modify-write, serialised per bucket in
 * this process. Under the ShardingManager each shard process files into buckets of its own
 * (`<minute>:<shard>`; shard 0 keeps `<minute>`), and the scheduler reads all of them.
 */
export const dueBucketSchema = z.object({ version: z.literal(1), jobs: z.array(z.string()) });
export type DueBucket = z.infer<typeof dueBucketSchema>;

const cursorSchema = z.object({ version: z.literal(1), minute: z.number().int() });

export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS);

/** Reading more buckets than this in one tick (after long downtime) is split into batches. */
const BUCKETS_PER_READ = 500;

export class DueIndex {
  private readonly buckets: Collection<DueBucket>;
  private readonly meta: Collection<z.infer<typeof cursorSchema>>;
  private readonly lock = new KeyedMutex();
  private readonly unreadable: string[] = [];
  /**
   * The first minute a tick has not read yet, as this process knows it. While a tick runs, that is
   * the minute after the tick's `now`: whatever falls due at or before it (a long outage's next
   * occurrence inside the grace period) is filed there and read by the next tick, never into a
   * minute the running tick has already read and would then pass for good.
   */
  private passed: number | undefined;
  /**
   * Whether this process runs the scheduler's ticks. One that does not (another shard, or an
   * instance that has just lost the lease) cannot know how far a tick elsewhere has read, so it
   * files nothing earlier than two minutes ahead of its clock: a minute no tick has read yet.
   */
  private ticking = true;

  /** `writer`: this process's shard; `writers`: how many shards file jobs. */
  constructor(
    store: Store,
    private readonly shards: { writer: number; writers: number } = { writer: 0, writers: 1 },
    private readonly clock: () => number = Date.now,
  ) {
    this.buckets = store.collection('due', dueBucketSchema);
    this.meta = store.collection('scheduler', cursorSchema);
  }

  private static key(minute: number, writer: number): string {
    return writer === 0 ? String(minute) : `${minute}:${writer}`;
  }

  async add(dueAt: number, job: string): Promise<void> {
    await this.addMany([{ dueAt, job }]);
  }

  /** Files many jobs with one read and one write per bucket (a weekly batch lands in few buckets). */
  async addMany(entries: readonly { dueAt: number; job: string }[]): Promise<void> {
    const floor = this.floor();
    const byBucket = new Map<string, string[]>();
    for (const { dueAt, job } of entries) {
      // A bucket the clock has already passed would never be read: file it under the next tick.
      const key = DueIndex.key(Math.max(minuteOf(dueAt), floor), this.shards.writer);
      byBucket.set(key, [...(byBucket.get(key) ?? []), job]);
    }
    for (const [key, jobs] of byBucket) {
      await this.lock.run(key, async () => {
        const bucket = (await this.buckets.get(key)) ?? { version: 1 as const, jobs: [] };
        const filed = new Set(bucket.jobs);
        const fresh = [...new Set(jobs)].filter((job) => !filed.has(job));
        if (fresh.length > 0) await this.buckets.set(key, { version: 1, jobs: [...bucket.jobs, ...fresh] });
      });
    }
  }

  /** Takes a job out of this process's bucket (another shard's entry is left to its tick, which drops it). */
  async remove(dueAt: number, job: string): Promise<void> {
    await this.removeMany([{ dueAt, job }]);
  }

  /** Takes jobs out of this process's buckets, one read and one write per bucket. */
  async removeMany(entries: readonly { dueAt: number; job: string }[]): Promise<void> {
    const floor = this.floor();
    const byBucket = new Map<string, Set<string>>();
    for (const { dueAt, job } of entries) {
      for (const minute of new Set([minuteOf(dueAt), Math.max(minuteOf(dueAt), floor)])) {
        const key = DueIndex.key(minute, this.shards.writer);
        byBucket.set(key, (byBucket.get(key) ?? new Set()).add(job));
      }
    }
    for (const [key, jobs] of byBucket) await this.dropFrom(key, (job) => jobs.has(job));
  }

  /** The earliest minute this process may file into. */
  private floor(): number {
    return this.ticking ? (this.passed ?? -Infinity) : minuteOf(this.clock()) + 2;
  }

  /**
   * Takes every job `matches` out of the buckets it may be in, whichever shard filed it: `minutes`,
   * and every minute from the cursor to `now` + 3 minutes (where retries and entries filed during a
   * tick, or by a process not ticking, land). What forget uses, so no bucket keeps the member's id.
   */
  async purge(matches: (job: string) => boolean, minutes: readonly number[], now: number): Promise<void> {
    const from = (await this.meta.get('cursor'))?.minute ?? minuteOf(now);
    const wanted = new Set(minutes);
    for (let minute = from; minute <= minuteOf(now) + 3; minute++) wanted.add(minute);
    const writers = Array.from({ length: this.shards.writers }, (_, writer) => writer);
    const keys = [...wanted].flatMap((minute) => writers.map((writer) => DueIndex.key(minute, writer)));
    for (let start = 0; start < keys.length; start += BUCKETS_PER_READ) {
      const slice = keys.slice(start, start + BUCKETS_PER_READ);
      const found = await this.buckets.getMany(slice, () => undefined);
      for (const [i, bucket] of found.entries()) if (bucket?.jobs.some(matches)) await this.dropFrom(slice[i]!, matches);
    }
  }

  private async dropFrom(key: string, matches: (job: string) => boolean): Promise<void> {
    await this.lock.run(key, async () => {
      const bucket = await this.buckets.get(key);
      if (!bucket?.jobs.some(matches)) return;
      const jobs = bucket.jobs.filter((entry) => !matches(entry));
      if (jobs.length === 0) await this.buckets.delete(key);
      else await this.buckets.set(key, { version: 1, jobs });
    });
  }

  /** The first minute not yet handled; a new store starts at the current minute. */
  async cursor(now: number): Promise<number> {
    this.passed = (await this.meta.get('cursor'))?.minute ?? minuteOf(now);
    return this.passed;
  }

  /** Another process runs the ticks now (see `ticking`). */
  standBy(): void {
    this.ticking = false;
  }

  /** This process starts running the ticks: it learns how far they have got first. */
  async takeOver(now: number): Promise<void> {
    await this.cursor(now);
    this.ticking = true;
  }

  /** A tick reads up to `now`: from here until `advance`, jobs filed at or before its minute go to the minute after it. */
  startTick(now: number): void {
    this.passed = minuteOf(now) + 1;
  }

  /** Every job in the buckets from `fromMinute` up to and including `now`'s minute. */
  async jobsUntil(fromMinute: number, now: number): Promise<{ jobs: string[]; buckets: string[] }> {
    const last = minuteOf(now);
    const jobs = new Set<string>();
    const buckets: string[] = [];
    const { writers } = this.shards;
    for (let start = fromMinute; start <= last; start += BUCKETS_PER_READ) {
      const minutes = Array.from({ length: Math.min(BUCKETS_PER_READ, last - start + 1) }, (_, i) => start + i);
      const keys = minutes.flatMap((minute) => Array.from({ length: writers }, (_, writer) => DueIndex.key(minute, writer)));
      // A bucket that fails its schema is left where it is (and logged by the scheduler's store
      // error count) rather than stopping every other due job.
      const found = await this.buckets.getMany(keys, (key) => this.unreadable.push(key));
      found.forEach((bucket, i) => {
        if (!bucket) return;
        buckets.push(keys[i]!);
        for (const job of bucket.jobs) jobs.add(job);
      });
    }
    return { jobs: [...jobs], buckets };
  }

  /**
   * After every job up to `now` is handled: drop the spent buckets, then advance the cursor. A crash
   * between the two reads the (now empty) minutes again; the other order would orphan the buckets.
   */
  async advance(now: number, spentBuckets: readonly string[]): Promise<void> {
    for (const key of spentBuckets) {
      await this.lock.run(key, () => this.buckets.delete(key));
    }
    this.passed = minuteOf(now) + 1;
    await this.meta.set('cursor', { version: 1, minute: this.passed });
  }

  /** Buckets found unreadable since last asked (their keys only). */
  takeUnreadable(): string[] {
    return this.unreadable.splice(0);
  }
}
