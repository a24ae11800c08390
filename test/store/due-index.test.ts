import { describe, expect, it } from 'vitest';
import { DueIndex, minuteOf } from '../../src/scheduler/due-index.js';
import { openStore, type Store } from '../../src/store/store.js';
import { MINUTE_MS } from '../../src/time/index.js';
import { engines } from '../support/engines.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const at = (minutes: number) => T0 + minutes * MINUTE_MS;

describe.each(engines)('DueIndex ($engine)', ({ url }) => {
  const open = async (): Promise<Store> => openStore(await url());

  it('hands out a job when its minute comes, not before', async () => {
    const store = await open();
    const index = new DueIndex(store);
    const from = await index.cursor(at(0));
    await index.addMany([
      { dueAt: at(2), job: 'checkin:a' },
      { dueAt: at(2) + 30_000, job: 'checkin:b' },
      { dueAt: at(2), job: 'checkin:a' },
      { dueAt: at(9), job: 'checkin:c' },
    ]);
    expect((await index.jobsUntil(from, at(1))).jobs).toEqual([]);
    const due = await index.jobsUntil(from, at(2));
    expect(due.jobs).toEqual(['checkin:a', 'checkin:b']);
    expect(due.buckets).toEqual([String(minuteOf(at(2)))]);
    await store.close();
  });

  it('forgets a removed job, and the bucket with it once empty', async () => {
    const store = await open();
    const index = new DueIndex(store);
    const from = await index.cursor(at(0));
    await index.add(at(3), 'checkin:a');
    await index.add(at(3), 'checkin:b');
    await index.remove(at(3), 'checkin:a');
    expect((await index.jobsUntil(from, at(3))).jobs).toEqual(['checkin:b']);
    await index.remove(at(3), 'checkin:b');
    expect(await index.jobsUntil(from, at(3))).toEqual({ jobs: [], buckets: [] });
    await store.close();
  });

  it('after advancing, keeps the cursor across restarts, drops spent buckets and files late jobs at the next tick', async () => {
    const location = await url();
    const store = await openStore(location);
    const index = new DueIndex(store);
    const from = await index.cursor(at(0));
    await index.add(at(1), 'checkin:a');
    const due = await index.jobsUntil(from, at(1));
    await index.advance(at(1), due.buckets);
    expect(await index.jobsUntil(from, at(1))).toEqual({ jobs: [], buckets: [] });
    await store.close();

    const reopened = await openStore(location);
    const again = new DueIndex(reopened);
    const next = await again.cursor(at(30));
    expect(next).toBe(minuteOf(at(2)));
    // Filed for a minute already handled: it must still run, at the next tick.
    await again.add(at(0), 'checkin:late');
    expect((await again.jobsUntil(next, at(2))).jobs).toEqual(['checkin:late']);
    await reopened.close();
  });

  it('finds every job after a long downtime, across many buckets', async () => {
    const store = await open();
    const index = new DueIndex(store);
    const from = await index.cursor(at(0));
    await index.add(at(1), 'checkin:early');
    await index.add(at(700), 'checkin:late');
    expect((await index.jobsUntil(from, at(800))).jobs).toEqual(['checkin:early', 'checkin:late']);
    await store.close();
  });

  it('under sharding, the scheduler sees the jobs every shard filed into the same minute', async () => {
    const store = await open();
    const reader = new DueIndex(store, { writer: 0, writers: 2 });
    const from = await reader.cursor(at(0));
    await reader.add(at(4), 'checkin:zero');
    await new DueIndex(store, { writer: 1, writers: 2 }).add(at(4), 'checkin:one');
    expect((await reader.jobsUntil(from, at(4))).jobs.sort()).toEqual(['checkin:one', 'checkin:zero']);
    await store.close();
  });

  it('a process not running the ticks files nothing into a minute a tick elsewhere may have read already', async () => {
    const store = await open();
    const ticking = new DueIndex(store, { writer: 0, writers: 2 }, () => at(10));
    const from = await ticking.cursor(at(10));
    const tick = ticking.jobsUntil(from, at(10)); // the scheduler, on another shard, reads up to 10
    const other = new DueIndex(store, { writer: 1, writers: 2 }, () => at(10));
    other.standBy();
    await other.add(at(9), 'checkin:late'); // a next occurrence inside the grace period, already past
    expect((await tick).jobs).toEqual([]);
    await ticking.advance(at(10), []);
    // Not lost behind the cursor: two minutes ahead of that process's clock, read by a later tick.
    expect((await ticking.jobsUntil(minuteOf(at(11)), at(11))).jobs).toEqual([]);
    expect((await ticking.jobsUntil(minuteOf(at(11)), at(12))).jobs).toEqual(['checkin:late']);
    await store.close();
  });
});
