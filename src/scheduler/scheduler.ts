import cron, { type ScheduledTask } from 'node-cron';
import type { REST } from '@discordjs/rest';
import type { Lang, UiStrings } from '../i18n/index.js';
import type { Logger } from '../log.js';
import type { Outbox } from './outbox.js';
import { DueIndex } from './due-index.js';

/** A kind of scheduled work (check-ins, session reminders, guide posts), run for a batch of due jobs. */
export interface JobKind {
  /** The first part of the job's reference, e.g. `checkin` in `checkin:<userId>`. */
  readonly name: string;
  /**
   * Handles every due job of this kind; reads what it needs in bulk. Returns the jobs that failed
   * for a passing reason, to be tried again a minute later.
   */
  runBatch(jobs: readonly string[][], now: number, signal: AbortSignal): Promise<readonly string[][]>;
}

/** What every job that sends DMs or posts needs. */
export interface SendingJobDeps {
  outbox: Outbox;
  rest: REST;
  ui: Record<Lang, UiStrings>;
  log: Logger;
  /** Sends in flight at once: a batch must leave room in Discord's 50 requests/s for interactions. */
  concurrency: number;
}

export interface TickReport {
  jobs: number;
  retried: number;
}

export const jobRef = (kind: string, ...parts: string[]): string => [kind, ...parts].join(':');

const RETRY_AFTER_MS = 60_000;

/**
 * One clock for everything scheduled. `tick(now)` sends everything due and not yet sent, so a late
 * or skipped tick loses nothing; node-cron calls it every minute without overlapping itself.
 */
export class Scheduler {
  private task: ScheduledTask | undefined;
  private running: Promise<TickReport> | undefined;
  private stopping = new AbortController();

  constructor(
    readonly index: DueIndex,
    private readonly kinds: readonly JobKind[],
    private readonly log: Logger,
  ) {}

  async tick(now: number): Promise<TickReport> {
    // A tick called while one is under way (a test, or cron racing a slow batch) joins it.
    this.running ??= this.runTick(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async runTick(now: number): Promise<TickReport> {
    const { signal } = this.stopping;
    const from = await this.index.cursor(now);
    const { jobs, buckets } = await this.index.jobsUntil(from, now);
    this.index.startTick(now);
    for (const key of this.index.takeUnreadable()) this.log.error({ key: `due:${key}` }, 'due-index bucket unreadable; left in place');
    const byKind = new Map<string, string[][]>();
    for (const job of jobs) {
      const [kind = '', ...parts] = job.split(':');
      const batch = byKind.get(kind);
      if (batch) batch.push(parts);
      else byKind.set(kind, [parts]);
    }
    let retried = 0;
    for (const [name, batch] of byKind) {
      const kind = this.kinds.find((candidate) => candidate.name === name);
      if (!kind) {
        this.log.warn({ kind: name, jobs: batch.length }, 'scheduled jobs of an unknown kind dropped');
        continue;
      }
      let again: readonly string[][];
      try {
        again = await kind.runBatch(batch, now, signal);
      } catch (error) {
        this.log.error({ err: error, kind: name }, 'scheduled batch failed; retrying its jobs');
        again = batch;
      }
      for (const parts of again) await this.index.add(now + RETRY_AFTER_MS, jobRef(name, ...parts));
      retried += again.length;
    }
    // Stopped mid-batch: the cursor stays, so the next start reads these buckets again; what was
    // sent has moved on in its own record and is skipped.
    if (signal.aborted) return { jobs: jobs.length, retried };
    await this.index.advance(now, buckets);
    if (jobs.length > 0) this.log.info({ jobs: jobs.length, retried }, 'scheduler tick');
    return { jobs: jobs.length, retried };
  }

  /** Starts the minute clock. A failed tick is logged here (not by node-cron's console logger); the next one retries. */
  start(clock: () => number = Date.now): ScheduledTask {
    // Started again after a stop (an instance that lost the lease and won it back).
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.task = cron.schedule(
      '* * * * *',
      async () => {
        await this.tick(clock()).catch((error: unknown) => this.log.error({ err: error }, 'scheduler tick failed; the next one retries'));
      },
      { name: 'murshid-scheduler', noOverlap: true },
    );
    return this.task;
  }

  /** Stops the clock and the batch under way: sends in flight finish, the rest wait for the next start. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.task?.stop();
    this.task = undefined;
    await this.running?.catch(() => undefined);
  }
}
