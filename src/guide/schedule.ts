import type { Content } from '../content/load.js';
import { renderEntry } from '../content/render.js';
import { translator } from '../i18n/index.js';
import type { DueIndex } from '../scheduler/due-index.js';
import { jobRef, type SendingJobDeps } from '../scheduler/scheduler.js';
import { WeeklySeries, WeeklySeriesJob, type SeriesRun } from '../servers/series.js';
import type { Servers } from '../servers/servers.js';

export const guideJob = (guildId: string): string => jobRef('guide', guildId);
export { guideDeliveryKey } from '../servers/servers.js';

/** One weekly series of guide posts per server, kept in the server's record; a new schedule keeps its place in the guide. */
export class GuideSchedules extends WeeklySeries<'guideSchedule'> {
  constructor(servers: Servers, index: DueIndex) {
    super(servers, index, 'guideSchedule', 'guide', (previous) => ({ nextEntry: previous?.nextEntry ?? 0 }));
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
export class GuideJob extends WeeklySeriesJob<'guideSchedule'> {
  constructor(private readonly deps: GuideJobDeps) {
    super(deps.schedules, deps);
  }

  protected async post({ guildId, guild, series, dueAt, week, save }: SeriesRun<'guideSchedule'>, now: number): Promise<void> {
    const { servers, outbox, content } = this.deps;
    const ids = content.entryIds;
    const entryId = ids[series.nextEntry % ids.length]!;
    const lang = guild.lang ?? 'en';
    const t = translator(this.deps.ui[lang], lang);
    const post = renderEntry(content, lang, entryId);
    // The footer names the week: after a crash, the channel's history shows whether it went out.
    // It follows the entry's own footer (a platform's "as published" line), never replaces it.
    const marker = `${t('guide.weekly_footer')} · ${week}`;
    const embeds = post.embeds.map((embed, i) =>
      i === post.embeds.length - 1 ? { ...embed, footer: { text: embed.footer?.text ? `${embed.footer.text}\n${marker}` : marker } } : embed,
    );
    const result = await outbox.deliver(servers.slot(guildId, dueAt), series.channelId, { ...post, embeds }, marker, now);
    if (result.status === 'failed') return this.stop(guildId, result.code);
    // The previous post can no longer be sent again: its record goes.
    if (series.lastDueAt !== undefined && series.lastDueAt !== dueAt) await servers.slot(guildId, series.lastDueAt).delete();
    await save({ nextEntry: (series.nextEntry + 1) % ids.length, lastDueAt: dueAt });
  }
}
