import type { DueIndex } from '../scheduler/due-index.js';
import { jobRef, type JobKind } from '../scheduler/scheduler.js';
import type { Logger } from '../log.js';
import type { GuildRecord, WeeklySeriesSchedule } from '../store/records.js';
import { StoredRecordError } from '../store/store.js';
import { nextWeeklyOccurrence, weeklyRun, type WeeklySchedule } from '../time/index.js';
import type { Servers } from './servers.js';

/*
 * A server's weekly post in one channel (the guide series, the moderators' digest): its schedule
 * kept in the server's record, and the job that runs it. Both series share every rule but what a
 * post says: the index entry is written before the record that needs it, a late week is skipped,
 * the bot's permissions are checked before each post, a post Discord refuses for good stops the
 * series, and the next moderator is told once that it stopped.
 */

export type SeriesField = 'guideSchedule' | 'digestSchedule';
export type SeriesOf<F extends SeriesField> = NonNullable<GuildRecord[F]>;

/** Why a series stopped, from Discord's answer: it is never retried weekly after that. */
export function disabledReasonFor(code: number): NonNullable<WeeklySeriesSchedule['disabledReason']> {
  if (code === 10003) return 'channel-deleted';
  if (code === 10004) return 'left-server';
  return 'missing-access';
}

/** One kind of weekly series, kept in the server's record under `field`, run by the job `kind`. */
export class WeeklySeries<F extends SeriesField> {
  constructor(
    protected readonly servers: Servers,
    private readonly index: DueIndex,
    readonly field: F,
    readonly kind: string,
    /** What a new schedule keeps of the one it replaces (the guide's place in the guide). */
    private readonly carried: (previous: SeriesOf<F> | undefined) => Partial<SeriesOf<F>> = () => ({}),
  ) {}

  job(guildId: string): string {
    return jobRef(this.kind, guildId);
  }

  async get(guildId: string): Promise<{ guild: GuildRecord; series: SeriesOf<F> } | undefined> {
    const guild = await this.servers.get(guildId);
    const series = guild?.[this.field] as SeriesOf<F> | undefined;
    return guild && series ? { guild, series } : undefined;
  }

  /** Replaces the server's series; the index entry is written before the record that needs it. */
  async schedule(guildId: string, channelId: string, weekly: WeeklySchedule, now: number): Promise<SeriesOf<F>> {
    const nextDueAt = nextWeeklyOccurrence(weekly, now);
    await this.index.add(nextDueAt, this.job(guildId));
    const saved = await this.servers.update(guildId, (guild) => {
      const previous = guild[this.field] as SeriesOf<F> | undefined;
      const series = { ...weekly, channelId, status: 'active', nextDueAt, lastDueAt: previous?.lastDueAt, ...this.carried(previous) };
      return { ...guild, [this.field]: series };
    });
    return saved[this.field] as SeriesOf<F>;
  }

  /** Whether there was a series to stop. */
  async unschedule(guildId: string): Promise<boolean> {
    let had = false;
    await this.servers.update(guildId, (guild) => {
      had = guild[this.field] !== undefined;
      return { ...guild, [this.field]: undefined };
    });
    return had;
  }

  /** Changes the series (if it still exists) under the server's lock. */
  async change(guildId: string, change: (series: SeriesOf<F>) => SeriesOf<F>): Promise<void> {
    await this.servers.update(guildId, (guild) => {
      const series = guild[this.field] as SeriesOf<F> | undefined;
      return series ? { ...guild, [this.field]: change(series) } : guild;
    });
  }

  async disable(guildId: string, reason: NonNullable<WeeklySeriesSchedule['disabledReason']>): Promise<void> {
    await this.change(guildId, (series) => ({ ...series, status: 'disabled', disabledReason: reason }));
  }

  /**
   * A series that stopped by itself (its channel gone, or closed to the bot) and nobody has been
   * told yet: marked told and returned, so the next moderator to use its command learns it, once.
   */
  async takeStopNotice(guildId: string, now: number): Promise<SeriesOf<F> | undefined> {
    // Asked on every use of the series' command: a read, and a write only when there is news.
    const found = await this.get(guildId);
    if (found?.series.status !== 'disabled' || found.series.stopToldAt !== undefined) return undefined;
    let stopped: SeriesOf<F> | undefined;
    await this.change(guildId, (series) => {
      if (series.status !== 'disabled' || series.stopToldAt !== undefined) return series;
      stopped = series;
      return { ...series, stopToldAt: now };
    });
    return stopped;
  }
}

/** The week a due series posts for, and how to save its schedule for the week after. */
export interface SeriesRun<F extends SeriesField> {
  guildId: string;
  guild: GuildRecord;
  series: SeriesOf<F>;
  dueAt: number;
  week: string;
  /** Saves the schedule's next due time with `changes`, unless the schedule was replaced meanwhile. */
  save(changes?: Partial<SeriesOf<F>>): Promise<void>;
}

export interface SeriesJobDeps {
  servers: Servers;
  index: DueIndex;
  log: Logger;
  /** What the bot lacks in the series' channel (from the gateway's cache), asked before each post. */
  missingPermissions?: ((guildId: string, channelId: string) => readonly string[]) | undefined;
}

/** Runs each due series of one kind: the shared steps here, what a post says in `post`. */
export abstract class WeeklySeriesJob<F extends SeriesField> implements JobKind {
  constructor(
    protected readonly series: WeeklySeries<F>,
    private readonly base: SeriesJobDeps,
  ) {}

  get name(): string {
    return this.series.kind;
  }

  /** Sends this week's post; calls `run.save` once it is sent, or `stop` if Discord refuses it for good. */
  protected abstract post(run: SeriesRun<F>, now: number): Promise<void>;

  async runBatch(jobs: readonly string[][], now: number, signal?: AbortSignal): Promise<string[][]> {
    const retry: string[][] = [];
    for (const [guildId = ''] of jobs) {
      if (signal?.aborted) break;
      try {
        await this.base.servers.posting(`${this.name}:${guildId}`, () => this.runOne(guildId, now));
      } catch (error) {
        if (error instanceof StoredRecordError || error instanceof RangeError) {
          // A record that fails its schema, or a timezone this Node no longer knows: retrying
          // every minute would not help. Logged by key; the series waits for a new schedule.
          this.base.log.error({ err: { name: error.name }, key: `guilds:${guildId}` }, `${this.name} schedule unreadable; set aside`);
          continue;
        }
        this.base.log.warn({ err: error, guild: guildId }, `${this.name} post not delivered; will retry`);
        retry.push([guildId]);
      }
    }
    return retry;
  }

  /** Stops the series after Discord refused its post for good (`code`), or the bot lacks `missing`. */
  protected async stop(guildId: string, code: number, missing: readonly string[] = []): Promise<void> {
    await this.series.disable(guildId, disabledReasonFor(code));
    this.base.log.info({ guild: guildId, code, missing }, `${this.name} schedule disabled`);
  }

  private async runOne(guildId: string, now: number): Promise<void> {
    const found = await this.series.get(guildId);
    if (!found || found.series.status !== 'active' || found.series.nextDueAt > now) return; // stale entry
    const { guild, series } = found;
    const { dueAt, week, late, nextDueAt } = weeklyRun(series, series.nextDueAt, now);
    await this.base.index.add(nextDueAt, this.series.job(guildId));
    const save = (changes: Partial<SeriesOf<F>> = {}) =>
      this.series.change(guildId, (current) => (current.nextDueAt === dueAt ? { ...current, nextDueAt, ...changes } : current));
    if (late) return save();
    const missing = this.base.missingPermissions?.(guildId, series.channelId) ?? [];
    // 50013, Missing Permissions: what Discord would answer a post made without them.
    if (missing.length > 0) return this.stop(guildId, 50013, missing);
    await this.post({ guildId, guild, series, dueAt, week, save }, now);
  }
}
