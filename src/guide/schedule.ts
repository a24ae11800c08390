import type { Content } from '../content/load.js';
import { renderEntry } from '../content/render.js';
import { translator } from '../i18n/index.js';
import type { DueIndex } from '../scheduler/due-index.js';
import { KeyedMutex } from '../scheduler/mutex.js';
import { jobRef, type JobKind, type SendingJobDeps } from '../scheduler/scheduler.js';
import type { GuideSchedule, GuildRecord } from '../store/records.js';
import type { Collection } from '../store/store.js';
import { classifyDue, isoWeekKey, MISSED_RUN_GRACE_MS, nextWeeklyOccurrence, type WeeklySchedule } from '../time/index.js';

export const guideJob = (guildId: string): string => jobRef('guide', guildId);
export const guideDeliveryKey = (guildId: string, dueAt: number): string => `guide:${guildId}:${dueAt}`;

/** Why a schedule stopped, from Discord's answer: it is never retried weekly after that. */
export function disabledReasonFor(code: number): GuideSchedule['disabledReason'] {
  if (code === 10003) return 'channel-deleted';
  if (code === 10004) return 'left-server';
  return 'missing-access';
}

/** One weekly series of guide posts per server. */
export class GuideSchedules {
  readonly lock = new KeyedMutex();

  constructor(
    readonly guilds: Collection<GuildRecord>,
    private readonly index: DueIndex,
  ) {}

  async update(guildId: string, change: (guild: GuildRecord) => GuildRecord): Promise<GuildRecord> {
    return this.lock.run(guildId, async () => {
      const next = change((await this.guilds.get(guildId)) ?? { version: 1 });
      await this.guilds.set(guildId, next);
      return next;
    });
  }

  /** Replaces the server's series; the index entry is written before the record that needs it. */
  async schedule(guildId: string, channelId: string, schedule: WeeklySchedule, now: number): Promise<GuideSchedule> {
    const nextDueAt = nextWeeklyOccurrence(schedule, now);
    await this.index.add(nextDueAt, guideJob(guildId));
    const saved = await this.update(guildId, (guild) => ({
      ...guild,
      guideSchedule: { ...schedule, channelId, status: 'active', nextDueAt, nextEntry: guild.guideSchedule?.nextEntry ?? 0 },
    }));
    return saved.guideSchedule!;
  }

  async unschedule(guildId: string): Promise<boolean> {
    let had = false;
    await this.update(guildId, (guild) => {
      had = guild.guideSchedule !== undefined;
      return { ...guild, guideSchedule: undefined };
    });
    return had;
  }

  async disable(guildId: string, reason: NonNullable<GuideSchedule['disabledReason']>): Promise<void> {
    await this.update(guildId, (guild) =>
      guild.guideSchedule ? { ...guild, guideSchedule: { ...guild.guideSchedule, status: 'disabled', disabledReason: reason } } : guild,
    );
  }
}

export interface GuideJobDeps extends SendingJobDeps {
  schedules: GuideSchedules;
  index: DueIndex;
  content: Content;
}

/** Posts each server's next guide entry, in guide order, in the server's default language. */
export class GuideJob implements JobKind {
  readonly name = 'guide';

  constructor(private readonly deps: GuideJobDeps) {}

  async runBatch(jobs: readonly string[][], now: number, signal?: AbortSignal): Promise<string[][]> {
    const retry: string[][] = [];
    for (const [guildId = ''] of jobs) {
      if (signal?.aborted) break;
      try {
        await this.deps.schedules.lock.run(`job:${guildId}`, () => this.runOne(guildId, now));
      } catch (error) {
        this.deps.log.warn({ err: error, guild: guildId }, 'guide post not delivered; will retry');
        retry.push([guildId]);
      }
    }
    return retry;
  }

  private async runOne(guildId: string, now: number): Promise<void> {
    const { schedules, index, outbox, content } = this.deps;
    const guild = await schedules.guilds.get(guildId);
    const schedule = guild?.guideSchedule;
    if (!schedule || schedule.status !== 'active' || schedule.nextDueAt > now) return; // stale entry

    const dueAt = schedule.nextDueAt;
    const late = classifyDue(dueAt, now) === 'bot-missed';
    const nextDueAt = nextWeeklyOccurrence(schedule, late ? Math.max(dueAt, now - MISSED_RUN_GRACE_MS) : dueAt);
    await index.add(nextDueAt, guideJob(guildId));
    const advance = (nextEntry: number) =>
      schedules.update(guildId, (current) =>
        current.guideSchedule?.nextDueAt === dueAt ? { ...current, guideSchedule: { ...current.guideSchedule, nextDueAt, nextEntry } } : current,
      );
    if (late) return void (await advance(schedule.nextEntry));

    const ids = content.entryIds;
    const entryId = ids[schedule.nextEntry % ids.length]!;
    const lang = guild.lang ?? 'en';
    const t = translator(this.deps.ui[lang], lang);
    const week = isoWeekKey(dueAt, schedule.timeZone);
    const post = renderEntry(content, lang, entryId);
    // The footer names the week: after a crash, the channel's history shows whether it went out.
    const marker = `${t('guide.weekly_footer')} · ${week}`;
    const embeds = post.embeds.map((embed, i) => (i === post.embeds.length - 1 ? { ...embed, footer: { text: marker } } : embed));
    const result = await outbox.deliver(guideDeliveryKey(guildId, dueAt), await outbox.records.get(guideDeliveryKey(guildId, dueAt)), schedule.channelId, { ...post, embeds }, marker, now);
    if (result.status === 'failed') {
      await schedules.disable(guildId, disabledReasonFor(result.code)!);
      this.deps.log.info({ guild: guildId, code: result.code }, 'guide schedule disabled');
      return;
    }
    await advance((schedule.nextEntry + 1) % ids.length);
  }
}
