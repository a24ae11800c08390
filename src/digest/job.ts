import { truncate } from '../text/format.js';
import { DISCORD_LIMITS } from '../text/limits.js';
import { Routes, type APIChannel } from 'discord.js';
import { discordErrorCode } from '../discord/errors.js';
import { isolate, translator, type Lang, type Translate } from '../i18n/index.js';
import type { PictureRenderer } from '../pictures/renderer.js';
import type { DueIndex } from '../scheduler/due-index.js';
import type { SendingJobDeps } from '../scheduler/scheduler.js';
import { WeeklySeriesJob, type SeriesRun } from '../servers/series.js';
import { DIGEST_PARTS, type Servers } from '../servers/servers.js';
import { weekOf } from '../time/index.js';
import type { Digests } from './digests.js';
import { chartDescription, CHART_FILE, digestEmbed, INLINE_WINS, participationChart, winPages, type DigestFacts } from './message.js';

export interface DigestJobDeps extends SendingJobDeps {
  servers: Servers;
  digests: Digests;
  index: DueIndex;
  pictures: PictureRenderer;
  missingPermissions?: (guildId: string, channelId: string) => readonly string[];
}

/** The post (embed, chart) of a digest, ready to send: what the job posts and `/digest now` shows. */
export async function digestPost(t: Translate, lang: Lang, facts: DigestFacts, marker: string, pictures: PictureRenderer) {
  const { png } = await pictures.render(participationChart(t, lang, facts));
  const description = truncate(chartDescription(t, facts), DISCORD_LIMITS.attachmentDescription);
  return {
    embed: digestEmbed(t, facts, marker),
    chart: { name: CHART_FILE, data: png, description },
  };
}

/** The footer that names the digest's week (isolated, so an Arabic footer keeps its order). */
export const digestMarker = (t: Translate, lang: Lang, week: string): string => `${t('digest.footer')} · ${isolate(lang, week)}`;

/** Discord's answer when a message already has a thread: its thread has the message's id. */
const THREAD_EXISTS = 160004;

/**
 * Posts each server's weekly digest once, in the server's language: the counts and the chart, then
 * (when more members shared a win than fit in the post) the wins in a thread under it. Every
 * message goes through the Outbox with a record of its own, so a crash at any point neither loses
 * nor repeats one.
 */
export class DigestJob extends WeeklySeriesJob<'digestSchedule'> {
  constructor(private readonly deps: DigestJobDeps) {
    super(deps.digests, deps);
  }

  protected async post({ guildId, guild, series, dueAt, week, save }: SeriesRun<'digestSchedule'>, now: number): Promise<void> {
    const { servers, outbox, digests } = this.deps;
    const lang = guild.lang ?? 'en';
    const t = translator(this.deps.ui[lang], lang);
    const facts = await digests.facts(guildId, week);
    // The footer names the week: after a crash, the channel's history shows whether it went out.
    const marker = digestMarker(t, lang, week);
    const { embed, chart } = await digestPost(t, lang, facts, marker, this.deps.pictures);
    const slot = servers.digestSlot(guildId, dueAt, 0);
    const result = await outbox.deliver(
      slot,
      series.channelId,
      { embeds: [embed], attachments: [{ id: '0', filename: chart.name, description: chart.description }] },
      marker,
      now,
      [{ name: chart.name, data: chart.data, contentType: 'image/png' }],
    );
    if (result.status === 'failed') return this.stop(guildId, result.code);
    if (facts.wins.length > INLINE_WINS) {
      const messageId = result.status === 'sent' ? result.messageId : (await slot.get())?.messageId;
      if (messageId) await this.postWinsThread(guildId, series.channelId, messageId, dueAt, t, facts, marker, now);
    }
    // The previous digest can no longer be sent again: its records go.
    if (series.lastDueAt !== undefined && series.lastDueAt !== dueAt) {
      for (let part = 0; part <= DIGEST_PARTS; part++) await servers.digestSlot(guildId, series.lastDueAt, part).delete();
    }
    await save({ lastDueAt: dueAt });
  }

  /** The wins, in a thread started from the post: the list stays out of the channel. */
  private async postWinsThread(guildId: string, channelId: string, messageId: string, dueAt: number, t: Translate, facts: DigestFacts, marker: string, now: number): Promise<void> {
    const { rest, outbox, servers, log } = this.deps;
    let threadId = messageId;
    try {
      outbox.fence();
      const thread = (await rest.post(Routes.threads(channelId, messageId), {
        body: { name: t('digest.thread_name', { week: weekOf(facts.week) }).replace(/[\u200f]/g, '').slice(0, 100), auto_archive_duration: 10080 },
      })) as APIChannel;
      threadId = thread.id;
    } catch (error) {
      const code = discordErrorCode(error);
      if (code !== THREAD_EXISTS) {
        // No thread (missing Create Public Threads, say): the post still says how many shared.
        log.info({ guild: guildId, code }, 'digest wins thread not created');
        if (code === undefined) throw error;
        return;
      }
    }
    const pages = winPages(t, facts.wins).slice(0, DIGEST_PARTS);
    for (const [i, page] of pages.entries()) {
      const pageMarker = `${marker} · ${i + 1}`;
      await outbox.deliver(servers.digestSlot(guildId, dueAt, i + 1), threadId, { embeds: [{ description: page, footer: { text: pageMarker } }] }, pageMarker, now);
    }
  }
}
