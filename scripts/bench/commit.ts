import { performance } from 'node:perf_hooks';
import { openAdapter } from '../../src/store/store.js';
import { median } from './stats.js';

/**
 * How long one small write takes to commit on a store right now: the median of `samples` single-row
 * writes to its `keyv` table (each its own transaction, as the bot's writes are), through the
 * adapter the bot uses, ms. The probe's row is deleted afterwards. SQLite syncs its file several
 * times per commit, one commit at a time; PostgreSQL syncs its log once per commit and lets commits
 * that wait together share it. A disk busy with other work slows the first far more.
 */
export async function commitLatencyMs(databaseUrl: string, samples = 50): Promise<number> {
  const store = await openAdapter(databaseUrl);
  const upsert =
    store.dialect === 'sqlite'
      ? 'INSERT OR REPLACE INTO keyv (key, value) VALUES (?, ?)'
      : 'INSERT INTO keyv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      await store.query(upsert, ['bench-probe:commit', JSON.stringify({ value: i })]);
      times.push(performance.now() - start);
    }
    await store.query(store.dialect === 'sqlite' ? 'DELETE FROM keyv WHERE key = ?' : 'DELETE FROM keyv WHERE key = $1', ['bench-probe:commit']);
  } finally {
    await store.adapter.disconnect?.();
  }
  return median(times);
}
