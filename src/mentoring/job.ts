import type { Logger } from '../log.js';
import { forEachBounded } from '../scheduler/pool.js';
import type { JobKind } from '../scheduler/scheduler.js';
import { StoredRecordError } from '../store/errors.js';
import type { Mentoring } from './mentoring.js';

/**
 * Mentoring's scheduled work, `mentor:<guildId>:<requestId>` (or `…:offer:<mentorId>`): a
 * request's 48-hour reminder and 7-day expiry, the deletion of a closed request after its time,
 * and any message a crash or a passing Discord failure left unsent. `Mentoring.flush` decides from
 * the record what is due, under the server's lock, so a stale entry does nothing.
 */
export class MentorJob implements JobKind {
  readonly name = 'mentor';

  constructor(private readonly deps: { mentoring: Mentoring; log: Logger; concurrency: number }) {}

  async runBatch(jobs: readonly string[][], now: number, signal?: AbortSignal): Promise<string[][]> {
    const retry: string[][] = [];
    await forEachBounded(
      jobs,
      this.deps.concurrency,
      async (parts) => {
        const [guildId, ...ref] = parts;
        if (!guildId || ref.length === 0) return;
        try {
          await this.deps.mentoring.process(guildId, ref, now);
        } catch (error) {
          if (error instanceof StoredRecordError) {
            // A record failing its schema: retrying every minute would not help. Logged by key.
            this.deps.log.error({ key: error.key }, 'mentoring record unreadable; set aside');
            return;
          }
          this.deps.log.warn({ err: error, guild: guildId, ref: ref.join(':') }, 'mentoring job failed; will retry');
          retry.push([...parts]);
        }
      },
      signal,
    );
    return retry;
  }
}
