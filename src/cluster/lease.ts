import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/**
 * Exactly one active instance per database: the one holding this lease.
 *
 * The lease is a PostgreSQL session-level advisory lock held on a connection of its own, rather
 * than a lease row renewed before it expires: PostgreSQL frees the lock the moment the holder's
 * session ends (a killed process, a dropped connection), so a stand-by takes over at its next try
 * instead of waiting out an expiry, and no clock has to agree with another. The weak spot, a holder
 * cut off from the network whose session the server still believes alive, is closed from both
 * ends: the holder stops holding once no heartbeat has succeeded for `lostAfterMs`, and its session
 * asks the server for TCP keepalives that end it (freeing the lock) only some time after that.
 *
 * `token` comes from a counter (table `murshid_lease`) that each new holder increments while it
 * holds the lock, so a later holder's token is always larger: a fencing token for writes to carry.
 * Session-level locks need a real session: not through pgbouncer in transaction mode.
 */

export interface LeaseOptions {
  /** Which lease (one per role); instances using different names do not exclude each other. */
  name?: string;
  /** Told once, when a held lease is lost (not on release()): stop acting as the active instance at once. */
  onLost?: (reason: string) => void;
  /** How often the holder checks its connection. */
  heartbeatMs?: number;
  /** No successful heartbeat for this long and the lease is treated as lost. */
  lostAfterMs?: number;
}

export interface WaitOptions extends LeaseOptions {
  /** acquireLease: how long to wait between tries. */
  retryMs?: number;
  /** acquireLease: stop waiting (it then rejects with an AbortError). */
  signal?: AbortSignal;
  /** acquireLease: told after each try refused because another instance holds the lease. */
  onStandingBy?: () => void;
  /** acquireLease: told when a try fails for another reason than the lease being held (the database is down…). */
  onTryError?: (error: Error) => void;
}

export interface Lease {
  readonly name: string;
  /** Larger for every new holder of this lease. */
  readonly token: number;
  /** True until the lease is lost or released; checked locally, so cheap enough before every send. */
  isHeld(): boolean;
  release(): Promise<void>;
}

/** The 64-bit advisory lock key of a lease name. */
const lockKey = (name: string): string => createHash('sha256').update(`murshid-lease:${name}`).digest().readBigInt64BE(0).toString();

/** One try: the lease, or undefined when another instance holds it. */
export async function tryAcquireLease(url: string, options: LeaseOptions = {}): Promise<Lease | undefined> {
  const { name = 'active', onLost, heartbeatMs = 2_000, lostAfterMs = 10_000 } = options;
  const client = new pg.Client({ connectionString: url, query_timeout: lostAfterMs, keepAlive: true });
  // Until the lease is held, an error shows up as a rejected query; unheard it would crash the process.
  let onConnectionError = (_error: Error): void => undefined;
  client.on('error', (error) => onConnectionError(error));
  await client.connect();
  let token: number;
  try {
    // The server ends this session, freeing the lock, after lostAfterMs + 15 s without a sign of
    // life: later than the holder gives up by itself (see above).
    await client.query(`SET tcp_keepalives_idle = ${Math.ceil(lostAfterMs / 1000)}; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3`);
    const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS held', [lockKey(name)]);
    if (!rows[0]?.held) {
      await client.end();
      return undefined;
    }
    await client.query('CREATE TABLE IF NOT EXISTS murshid_lease (name text PRIMARY KEY, token bigint NOT NULL, holder text NOT NULL, acquired_at timestamptz NOT NULL)');
    const bumped = await client.query<{ token: string }>(
      `INSERT INTO murshid_lease (name, token, holder, acquired_at) VALUES ($1, 1, $2, now())
       ON CONFLICT (name) DO UPDATE SET token = murshid_lease.token + 1, holder = excluded.holder, acquired_at = now()
       RETURNING token`,
      [name, `${hostname()}:${process.pid}`],
    );
    token = Number(bumped.rows[0]!.token);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }

  let state: 'held' | 'lost' | 'released' = 'held';
  /** When the last successful heartbeat was sent (sent, not answered: the earlier, the safer). */
  let confirmedAt = performance.now();
  let beating = false;
  const lose = (reason: string) => {
    if (state !== 'held') return;
    state = 'lost';
    clearInterval(timer);
    // Ending the session frees the lock on the server if it can still hear us.
    client.end().catch(() => undefined);
    onLost?.(reason);
  };
  onConnectionError = (error) => lose(`database connection error: ${error.message}`);
  client.on('end', () => lose('database connection closed'));
  const timer = setInterval(() => {
    if (performance.now() - confirmedAt > lostAfterMs) return lose(`no heartbeat for ${lostAfterMs} ms`);
    if (beating) return;
    beating = true;
    const sentAt = performance.now();
    client.query('SELECT 1').then(
      () => {
        confirmedAt = sentAt;
        beating = false;
      },
      (error: Error) => lose(`heartbeat failed: ${error.message}`),
    );
  }, heartbeatMs);

  return {
    name,
    token,
    isHeld: () => state === 'held' && performance.now() - confirmedAt <= lostAfterMs,
    async release() {
      if (state !== 'held') return;
      state = 'released';
      clearInterval(timer);
      await client.end();
    },
  };
}

/** Waits until this instance holds the lease (a stand-by calls this and waits, possibly for ever). */
export async function acquireLease(url: string, options: WaitOptions = {}): Promise<Lease> {
  const { retryMs = 2_000, signal, onStandingBy, onTryError, ...leaseOptions } = options;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const lease = await tryAcquireLease(url, leaseOptions);
      if (lease) {
        if (!signal?.aborted) return lease;
        await lease.release();
      } else {
        onStandingBy?.();
      }
    } catch (error) {
      onTryError?.(error as Error);
    }
    await sleep(retryMs, undefined, signal ? { signal } : {});
  }
}
