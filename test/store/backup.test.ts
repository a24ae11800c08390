import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Checkins } from '../../src/checkins/checkins.js';
import { Members } from '../../src/members/members.js';
import { DueIndex } from '../../src/scheduler/due-index.js';
import { insertRows } from '../../src/store/migrate.js';
import { openAdapter, openStore, type Store } from '../../src/store/store.js';
import { postgresDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp.js';

/**
 * The backups README.md ("Operations") tells operators to take while the bot runs:
 * `sqlite3 -cmd ".timeout 5000" … "VACUUM INTO …"` on SQLite, `pg_dump` / `pg_restore` on
 * PostgreSQL. Each runs while members keep subscribing, and the copy must open as a working store
 * holding everyone who had subscribed when the backup started, and nobody halfway.
 *
 * Not `sqlite3 … ".backup …"`: it copies a page range at a time, starts over whenever another
 * process writes in between, and gives up with "database is locked" on a file of some size under
 * steady writes (as this test's 20 MB one); VACUUM INTO reads the whole file in one transaction.
 */

const run = promisify(execFile);
const NOW = Date.UTC(2026, 0, 7, 12, 0);
const userId = (i: number) => String(700_000_000_000_000_000n + BigInt(i));

/** Members subscribing one after another, the bot's way, until stopped; `done` tells how many did. */
function keepSubscribing(store: Store) {
  const checkins = new Checkins(new Members(store, new DueIndex(store)));
  let count = 0;
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      await checkins.subscribe(userId(count), { weekday: 3, hour: 9, minute: count % 60, timeZone: 'Asia/Riyadh' }, '900000000000000001', NOW);
      count += 1;
    }
    return count;
  })();
  return {
    get count() {
      return count;
    },
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

/** Until `n` members have subscribed. */
async function untilSubscribed(writer: { count: number }, n: number) {
  while (writer.count < n) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Whether each of the first `upTo` members is subscribed in a store, read through the repositories. */
async function subscribedIn(url: string, upTo: number) {
  const store = await openStore(url);
  try {
    const members = new Members(store, new DueIndex(store));
    const profiles = await Promise.all(Array.from({ length: upTo }, (_, i) => members.profile(userId(i))));
    return profiles.map((p) => p?.checkin?.status === 'active');
  } finally {
    await store.close();
  }
}

/**
 * Takes a backup while members keep subscribing, restores it, and checks the copy is a snapshot:
 * everyone who had subscribed when the backup started, then nobody missing up to the last one in
 * it, and nobody who subscribed after it ended. Every write must go through meanwhile.
 */
async function backupWhileSubscribing(store: Store, backup: { take(): Promise<void>; restore(): Promise<string> }) {
  const writer = keepSubscribing(store);
  try {
    await untilSubscribed(writer, 50);
    const before = writer.count;
    await backup.take();
    const after = writer.count;
    // A write that failed (the database locked too long, say) rejects here.
    const total = await writer.stop();
    const copy = await backup.restore();
    const subscribed = await subscribedIn(copy, total);
    expect(subscribed.slice(0, before).every(Boolean)).toBe(true);
    const last = subscribed.lastIndexOf(true);
    expect(subscribed.slice(0, last + 1).every(Boolean)).toBe(true);
    expect(last).toBeLessThanOrEqual(after);
    return { before, after, copy };
  } finally {
    await writer.stop();
    await store.close();
  }
}

describe('backups while the bot runs', () => {
  it('SQLite: sqlite3 "VACUUM INTO" copies a consistent store while members subscribe', async () => {
    const dir = tempDir();
    const file = join(dir, 'murshid.sqlite');
    const backupFile = join(dir, 'backup.sqlite');
    // Some 20 MB of other records, so that copying takes a while.
    const filler = await openAdapter(`sqlite://${file}`);
    for (let page = 0; page < 50; page++) {
      await insertRows(filler, Array.from({ length: 1_000 }, (_, i) => ({ key: `filler:${page}-${i}`, value: JSON.stringify({ value: 'x'.repeat(400) }) })));
    }
    await filler.adapter.disconnect?.();

    await backupWhileSubscribing(await openStore(`sqlite://${file}`), {
      take: async () => void (await run('sqlite3', ['-cmd', '.timeout 5000', file, `VACUUM INTO '${backupFile}'`])),
      restore: async () => `sqlite://${backupFile}`,
    });
    const opened = await openAdapter(`sqlite://${backupFile}`);
    expect(await opened.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    await opened.adapter.disconnect?.();
  });

  it('PostgreSQL: pg_dump while members subscribe, pg_restore into an empty database', async () => {
    const url = await postgresDatabase();
    const dump = join(tempDir(), 'murshid.dump');
    const { before, after } = await backupWhileSubscribing(await openStore(url), {
      take: async () => void (await run('pg_dump', ['--format=custom', `--file=${dump}`, url])),
      restore: async () => {
        const restored = await postgresDatabase();
        await run('pg_restore', ['--no-owner', `--dbname=${restored}`, dump]);
        return restored;
      },
    });
    expect(after).toBeGreaterThan(before); // the dump held nobody up
  });
});
