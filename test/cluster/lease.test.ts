import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it, onTestFinished } from 'vitest';
import { acquireLease, tryAcquireLease, type Lease } from '../../src/cluster/lease.js';
import { projectPath } from '../../src/paths.js';
import { networkLink } from '../support/network.js';
import { postgresDatabase, queryDatabase } from '../support/postgres.js';

const quick = { heartbeatMs: 100, retryMs: 50 };

/** Polls until `check` holds; the bound only ends a broken run, it asserts nothing about speed. */
async function waitFor(check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 20_000; !check(); ) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Releases whatever a test left held, so its database can be dropped. */
function tidy<T extends Lease | undefined>(lease: T): T {
  onTestFinished(() => lease?.release());
  return lease;
}

/** Ends every session of the lease's holder by the server's hand, as a database restart or a network cut seen from the server would. */
const terminateHolder = (url: string) =>
  queryDatabase(url, "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");

describe('the active-instance lease (PostgreSQL)', () => {
  it('is held by one of many instances trying at once, and the others are refused', async () => {
    const url = await postgresDatabase();
    const tries = await Promise.all(Array.from({ length: 8 }, () => tryAcquireLease(url, quick).then(tidy)));
    const holders = tries.filter((lease) => lease !== undefined);
    expect(holders).toHaveLength(1);
    expect(holders[0]!.isHeld()).toBe(true);
    expect(await tryAcquireLease(url, quick)).toBeUndefined();
  });

  it('passes to a waiting stand-by when the holder’s connection is killed, and tells the holder', async () => {
    const url = await postgresDatabase();
    const lost: string[] = [];
    const first = tidy(await acquireLease(url, { ...quick, onLost: (reason) => lost.push(reason) }));
    let [secondHeld, refusals] = [false, 0];
    const second = acquireLease(url, { ...quick, onStandingBy: () => (refusals += 1) }).then((lease) => {
      secondHeld = true;
      return tidy(lease);
    });
    await waitFor(() => refusals >= 3);
    expect(secondHeld).toBe(false);
    expect(first.isHeld()).toBe(true);

    await terminateHolder(url);
    const taken = await second;
    expect(taken.isHeld()).toBe(true);
    expect(taken.token).toBeGreaterThan(first.token);
    expect(first.isHeld()).toBe(false);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/database connection/);
  });

  it('passes on when released, without calling the holder lost', async () => {
    const url = await postgresDatabase();
    let lost = 0;
    const first = await acquireLease(url, { ...quick, onLost: () => (lost += 1) });
    await first.release();
    expect(first.isHeld()).toBe(false);
    const second = tidy(await tryAcquireLease(url, quick));
    expect(second?.isHeld()).toBe(true);
    expect(lost).toBe(0);
  });

  it('passes to a stand-by when the holding process is killed with SIGKILL', async () => {
    const url = await postgresDatabase();
    // A separate process holds the lease (the built module, as `npm start` would load it).
    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e', `const { acquireLease } = await import(${JSON.stringify(projectPath('dist', 'src', 'cluster', 'lease.js'))}); const lease = await acquireLease(process.argv[1]); console.log('held', lease.token);`, url],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    onTestFinished(() => void holder.kill('SIGKILL'));
    const [line] = (await once(holder.stdout!, 'data')) as [Buffer];
    expect(line.toString()).toMatch(/^held 1/);
    expect(await tryAcquireLease(url, quick)).toBeUndefined();

    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const standBy = tidy(await acquireLease(url, quick));
    expect(standBy.token).toBe(2);
  });

  it('is given up by a holder cut off from the database, which is told', async () => {
    const url = new URL(await postgresDatabase());
    const link = await networkLink(Number(url.port));
    url.port = String(link.port);
    const lost: string[] = [];
    const lease = tidy(await acquireLease(url.toString(), { ...quick, lostAfterMs: 1_000, onLost: (reason) => lost.push(reason) }));
    expect(lease.isHeld()).toBe(true);

    link.cut();
    await waitFor(() => lost.length > 0);
    expect(lease.isHeld()).toBe(false);
    expect(lost).toEqual([expect.stringMatching(/heartbeat|timeout/i)]);
  });

  it('stops waiting when told to', async () => {
    const url = await postgresDatabase();
    tidy(await acquireLease(url, quick));
    const controller = new AbortController();
    const waiting = acquireLease(url, { ...quick, signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
  });
});
