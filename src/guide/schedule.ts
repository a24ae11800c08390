import type { Content } from '../content/load.js';
import { renderEntry } from '../content/render.js';
import { translator } from '../i18n/index.js';
import type { DueIndex } from '../scheduler/due-index.js';
import { jobRef, type JobKind, type SendingJobDeps } from '../scheduler/scheduler.js';
import type { Servers } from '../servers/servers.js';
import type { GuideSchedule } from '../store/records.js';
import { StoredRecordError } from '../store/store.js';
import { nextWeeklyOccurrence, weeklyRun, type WeeklySchedule } from '../time/index.js';

export const guideJob = (guildId: string): string => jobRef('guide', guildId);
export { guideDeliveryKey } from '../servers/servers.js';

/** Why a schedule stopped, from Discord's answer: it is never retried weekly after that. */
export function disabledReasonFor(code: number): GuideSchedule['disabledReason'] {
  if (code === 10003) return 'channel-deleted';
  if (code === 10004) return 'left-server';
  return 'missing-access';
}

/** One weekly series of guide posts per server, kept in the server's record. */
export class GuideSchedules {
  constructor(
    private readonly servers: Servers,
    private readonly index: DueIndex,
  ) {}

  /** Replaces the server's series; the index entry is written before the record that needs it. */
  async schedule(guildId: string, channelId: string, schedule: WeeklySchedule, now: number): Promise<GuideSchedule> {
    const nextDueAt = nextWeeklyOccurrence(schedule, now);
    await this.index.add(nextDueAt, guideJob(guildId));
    const saved = await this.servers.update(guildId, (guild) => ({
      ...guild,
      guideSchedule: { ...schedule, channelId, status: 'active', nextDueAt, nextEntry: guild.guideSchedule?.nextEntry ?? 0, lastDueAt: guild.guideSchedule?.lastDueAt },
    }));
    return saved.guideSchedule!;
  }

  async unschedule(guildId: string): Promise<boolean> {
    let had = false;
    await this.servers.update(guildId, (guild) => {
      had = guild.guideSchedule !== undefined;
      return { ...guild, guideSchedule: undefined };
    });
    return had;
  }

  async disable(guildId: string, reason: NonNullable<GuideSchedule['disabledReason']>): Promise<void> {
    await this.servers.update(guildId, (guild) =>
      guild.guideSchedule ? { ...guild, guideSchedule: { ...guild.guideSchedule, status: 'disabled', disabledReason: reason } } : guild,
    );
  }
}

export interface GuideJobDeps extends SendingJobDeps {
  servers: Servers;
  schedules: GuideSchedules;
  index: DueIndex;
  content: Content;
  /**
   * What the bot lacks in a channel to post a readable guide entry (from the gateway's cache), or
   * nothing. Checked again before every post: permissions change between weeks.
   */
  missingPermissions?: (guildId: string, channelId: string) => readonly string[];
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
        await this.deps.servers.posting(guildId, () => this.runOne(guildId, now));
      } catch (error) {
        if (error instanceof StoredRecordError || error instanceof RangeError) {
          // A record that fails its schema, or a timezone this Node no longer knows: retrying
          // every minute would not help. Logged by key; the series waits for a new /guide schedule.
          this.deps.log.error({ err: { name: error.name }, key: `guilds:${guildId}` }, 'guide schedule unreadable; set aside');
          continue;
        }
        this.deps.log.warn({ err: error, guild: guildId }, 'guide post not delivered; will retry');
        retry.push([guildId]);
      }
    }
    return retry;
  }

  private async runOne(guildId: string, now: number): Promise<void> {
    const { servers, index, outbox, content } = this.deps;
    const guild = await servers.get(guildId);
    const schedule = guild?.guideSchedule;
    if (!schedule || schedule.status !== 'active' || schedule.nextDueAt > now) return; // stale entry

    const { dueAt, week, late, nextDueAt } = weeklyRun(schedule, schedule.nextDueAt, now);
    await index.add(nextDueAt, guideJob(guildId));
    const save = async (changes: Partial<GuideSchedule>) => {
      await servers.update(guildId, (current) =>
        current.guideSchedule?.nextDueAt === dueAt ? { ...current, guideSchedule: { ...current.guideSchedule, nextDueAt, ...changes } } : current,
      );
    };
    if (late) return save({});

    const missing = this.deps.missingPermissions?.(guildId, schedule.channelId) ?? [];
    if (missing.length > 0) {
      await servers.update(guildId, (current) =>
        current.guideSchedule ? { ...current, guideSchedule: { ...current.guideSchedule, status: 'disabled', disabledReason: 'missing-access' } } : current,
      );
      this.deps.log.info({ guild: guildId, missing }, 'guide schedule disabled: the bot lacks permissions in its channel');
      return;
    }

    const ids = content.entryIds;
    const entryId = ids[schedule.nextEntry % ids.length]!;
    const lang = guild.lang ?? 'en';
    const t = translator(this.deps.ui[lang], lang);
    const post = renderEntry(content, lang, entryId);
    // The footer names the week: after a crash, the channel's history shows whether it went out.
    // It follows the entry's own footer (a platform's "as published" line), never replaces it.
    const marker = `${t('guide.weekly_footer')} · ${week}`;
    const embeds = post.embeds.map((embed, i) =>
      i === post.embeds.length - 1 ? { ...embed, footer: { text: embed.footer?.text ? `${embed.footer.text}\n${marker}` : marker } } : embed,
    );
    const result = await outbox.deliver(servers.slot(guildId, dueAt), schedule.channelId, { ...post, embeds }, marker, now);
    if (result.status === 'failed') {
      await this.deps.schedules.disable(guildId, disabledReasonFor(result.code)!);
      this.deps.log.info({ guild: guildId, code: result.code }, 'guide schedule disabled');
      return;
    }
    // The previous post can no longer be sent again: its record goes.
    if (schedule.lastDueAt !== undefined && schedule.lastDueAt !== dueAt) await servers.slot(guildId, schedule.lastDueAt).delete();
    await save({ nextEntry: (schedule.nextEntry + 1) % ids.length, lastDueAt: dueAt });
  }
}
