import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.js';
import { acquireLease, type Lease, type LeaseOptions } from './lease.js';

/*
 * Several instances against one PostgreSQL database: the one holding a lease does the work, the
 * others stand by and take over when it goes. `npm start` holds the `active` lease (gateway,
 * interactions and scheduler); under `npm run start:sharded` every shard serves its own servers and
 * only the `scheduler` lease is contested. Losing a lease stops the work at once: the Outbox asks
 * `isHeld()` before every scheduled send, and the work's own stop follows.
 */

/** How long an instance that lost its lease waits before contesting it again. */
const BACK_OFF_AFTER_LOSS_MS = 10_000;

/** Whether this store can hold a lease: only PostgreSQL (SQLite is one machine's file). */
export const leasesSupported = (databaseUrl: string): boolean => /^postgres(ql)?:\/\//.test(databaseUrl);

export interface LeasedWork {
  /** The lease's name: instances contest it by name. */
  name: string;
  /** Starts the work once the lease is held; returns how to stop it. */
  start(lease: Lease): Promise<() => Promise<void>>;
  /** Timings of the lease (tests shorten them). */
  lease?: Pick<LeaseOptions, 'heartbeatMs' | 'lostAfterMs'> & { retryMs?: number };
}

export interface LeasedWorkHandle {
  /** True while this instance holds the lease and the work runs: the fence for every send. */
  isHeld(): boolean;
  /** Settles when `signal` has stopped the work and released the lease; rejects if starting the work failed. */
  done: Promise<void>;
}

/**
 * Runs `work` whenever this instance holds its lease, for as long as `signal` lasts: stand by until
 * the lease is free, start, and on losing it stop and stand by again.
 */
export function whileLeaseHeld(databaseUrl: string, work: LeasedWork, log: Logger, signal: AbortSignal): LeasedWorkHandle {
  let current: Lease | undefined;
  const aborted = new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));

  const serve = async (): Promise<void> => {
    while (!signal.aborted) {
      let lost: (reason: string) => void = () => undefined;
      const lostReason = new Promise<string>((resolve) => (lost = resolve));
      let toldStandingBy = false;
      let lease: Lease;
      try {
        lease = await acquireLease(databaseUrl, {
          name: work.name,
          ...work.lease,
          signal,
          onLost: (reason) => lost(reason),
          onStandingBy: () => {
            if (!toldStandingBy) log.info({ lease: work.name }, 'standing by: another instance holds the lease');
            toldStandingBy = true;
          },
          onTryError: (error) => log.warn({ err: error, lease: work.name }, 'could not reach the database for the lease; trying again'),
        });
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
      current = lease;
      log.info({ lease: work.name, fencingToken: lease.token }, 'lease held: this instance is active');
      let stop: () => Promise<void>;
      try {
        stop = await work.start(lease);
      } catch (error) {
        current = undefined;
        await lease.release().catch(() => undefined);
        throw error;
      }
      const reason = await Promise.race([lostReason, aborted.then(() => undefined)]);
      current = undefined;
      if (reason !== undefined) log.warn({ lease: work.name, reason }, 'lease lost: stopped sending; standing by');
      await stop().catch((error: unknown) => log.error({ err: error, lease: work.name }, 'unclean stop after the lease ended'));
      await lease.release().catch(() => undefined);
      // An instance that has just lost its lease (its database connection failed) lets the
      // stand-bys go first, rather than winning it back before it knows its connection is sound.
      if (reason !== undefined) await sleep(BACK_OFF_AFTER_LOSS_MS, undefined, { signal }).catch(() => undefined);
    }
  };

  return { isHeld: () => current?.isHeld() ?? false, done: serve() };
}
