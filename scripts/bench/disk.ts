import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './stats.js';

/**
 * How long the disk under `dir` takes to make a small write durable: the median of `samples`
 * 4 KiB writes each followed by fsync, ms. SQLite syncs several times per committed write and
 * PostgreSQL once per commit (shared by commits that wait together), so both engines' write-heavy
 * phases slow down on a disk that is slow here, or busy with other work.
 */
export function fsyncLatencyMs(dir: string, samples = 50): number {
  const file = join(dir, 'fsync-probe');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(4096, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      writeSync(fd, block, 0, block.length, 0);
      fsyncSync(fd);
      times.push(performance.now() - start);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return median(times);
}
