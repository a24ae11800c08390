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
  /** The cursor as this process last saw it. */
  private passed: number | undefined;

  /** `writer`: this process's shard; `writers`: how many shards file jobs. */
  constructor(
    store: Store,
    private readonly shards: { writer: number; writers: number } = { writer: 0, writers: 1 },
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
    // A shard that does not run the scheduler learns how far it has got from the store.
    if (this.shards.writer !== 0) this.passed = (await this.meta.get('cursor'))?.minute;
    const byBucket = new Map<string, string[]>();
    for (const { dueAt, job } of entries) {
      // A bucket the clock has already passed would never be read: file it under the next tick.
      const key = DueIndex.key(Math.max(minuteOf(dueAt), this.passed ?? -Infinity), this.shards.writer);
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
    const key = DueIndex.key(minuteOf(dueAt), this.shards.writer);
    await this.lock.run(key, async () => {
      const bucket = await this.buckets.get(key);
      if (!bucket?.jobs.includes(job)) return;
      const jobs = bucket.jobs.filter((entry) => entry !== job);
      if (jobs.length === 0) await this.buckets.delete(key);
      else await this.buckets.set(key, { version: 1, jobs });
    });
  }

  /** The first minute not yet handled; a new store starts at the current minute. */
  async cursor(now: number): Promise<number> {
    this.passed = (await this.meta.get('cursor'))?.minute ?? minuteOf(now);
    return this.passed;
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
      const found = await this.buckets.getMany(keys);
      found.forEach((bucket, i) => {
        if (!bucket) return;
        buckets.push(keys[i]!);
        for (const job of bucket.jobs) jobs.add(job);
      });
    }
    return { jobs: [...jobs], buckets };
  }

  /** After every job up to `now` is handled: advance the cursor, then drop the spent buckets. */
  async advance(now: number, spentBuckets: readonly string[]): Promise<void> {
    this.passed = minuteOf(now) + 1;
    await this.meta.set('cursor', { version: 1, minute: this.passed });
    for (const key of spentBuckets) {
      await this.lock.run(key, () => this.buckets.delete(key));
    }
  }
}
