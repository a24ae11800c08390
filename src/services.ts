import type { REST } from '@discordjs/rest';
import { Checkins } from './checkins/checkins.js';
import { CheckinJob } from './checkins/job.js';
import { loadContent, type Content } from './content/load.js';
import { Goals } from './goals/goals.js';
import { GuideJob, GuideSchedules } from './guide/schedule.js';
import { loadUiStrings, type Lang, type UiStrings } from './i18n/index.js';
import type { Logger } from './log.js';
import { Members } from './members/members.js';
import { MentorJob } from './mentoring/job.js';
import { Mentoring } from './mentoring/mentoring.js';
import type { PermissionName } from './discord/permissions.js';
import { DueIndex } from './scheduler/due-index.js';
import { Outbox } from './scheduler/outbox.js';
import { Scheduler } from './scheduler/scheduler.js';
import { Servers } from './servers/servers.js';
import { SessionJob } from './sessions/job.js';
import { Sessions } from './sessions/sessions.js';
import { LanguagePreferences } from './store/language.js';
import { openStore, type Store } from './store/store.js';
import { PictureRenderer } from './pictures/renderer.js';
import { Progress } from './progress/progress.js';
import { Digests } from './digest/digests.js';
import { DigestJob } from './digest/job.js';

/**
 * Everything a handler or a scheduled job may reach: the feature repositories (each over its data's
 * one owner, `Members` or `Servers`), words, Discord's REST API and the clock.
 */
export interface Services {
  log: Logger;
  clock: () => number;
  content: Content;
  ui: Record<Lang, UiStrings>;
  store: Store;
  rest: REST;
  /** Every member's records: export, forget, and the owner the repositories below write through. */
  members: Members;
  servers: Servers;
  languages: LanguagePreferences;
  checkins: Checkins;
  goals: Goals;
  sessions: Sessions;
  mentoring: Mentoring;
  guides: GuideSchedules;
  index: DueIndex;
  scheduler: Scheduler;
  /** Draws pictures (progress cards, the digest's chart) on a worker thread. */
  pictures: PictureRenderer;
  progress: Progress;
  /** The moderators' weekly digest: schedules, counts, shared wins. */
  digests: Digests;
}

export interface ServiceOptions {
  databaseUrl: string;
  log: Logger;
  /** Discord's REST client; the gateway client's own, so every request shares one rate limiter. */
  rest: REST;
  clock?: () => number;
  contentDir?: string;
  /** Scheduled sends in flight at once. */
  sendConcurrency?: number;
  /** Under the ShardingManager: this process's shard and the shard count (see DueIndex). */
  shard?: { id: number; count: number };
  /**
   * What the bot lacks in a server channel (from the gateway's cache): the guide job asks before
   * each post (`wanted` defaults to what a guide post needs); mentoring before opening a thread.
   */
  missingPermissions?: (guildId: string, channelId: string, wanted?: readonly PermissionName[]) => readonly string[];
  /** Whether this instance may still send scheduled messages (holds the lease; see src/cluster/). */
  isActive?: () => boolean;
}

export async function createServices(options: ServiceOptions): Promise<Services> {
  // Content first: a broken edit stops start-up before anything touches the database.
  const content = loadContent(options.contentDir);
  const ui = loadUiStrings(options.contentDir);
  const store = await openStore(options.databaseUrl, options.log);
  const index = new DueIndex(store, { writer: options.shard?.id ?? 0, writers: options.shard?.count ?? 1 }, options.clock);
  const members = new Members(store, index);
  const servers = new Servers(store, { writer: options.shard?.id ?? 0, writers: options.shard?.count ?? 1 });
  const languages = new LanguagePreferences({ get: (userId) => members.profile(userId) }, servers);
  members.onProfileChanged = (userId) => languages.forget('user', userId);
  members.reportUnreadable = (userId, keys) => options.log.error({ user: userId, keys }, 'stored records unreadable; set aside');
  servers.onChanged = (guildId) => languages.forget('guild', guildId);
  const outbox = new Outbox(options.rest, options.isActive);
  const jobDeps = { rest: options.rest, ui, log: options.log, outbox, concurrency: options.sendConcurrency ?? 8 };
  const guides = new GuideSchedules(servers, index);
  const mentoring = new Mentoring({ ...jobDeps, members, servers, index, store, content, missingPermissions: options.missingPermissions });
  const pictures = new PictureRenderer();
  const digests = new Digests(servers, members, index);
  // A forgotten member's shared win leaves the server's list with them.
  members.onForget = async (memberId, { profile }) => {
    const win = profile?.sharedWin;
    if (win) await servers.digest.setWinner(win.guildId, win.week, memberId, false);
  };
  const scheduler = new Scheduler(
    index,
    [
      new CheckinJob({ ...jobDeps, members, servers }),
      new GuideJob({ ...jobDeps, servers, schedules: guides, index, content, missingPermissions: options.missingPermissions }),
      new SessionJob({ ...jobDeps, members, servers }),
      new MentorJob({ mentoring, log: options.log, concurrency: jobDeps.concurrency }),
      new DigestJob({ ...jobDeps, servers, digests, index, pictures, missingPermissions: options.missingPermissions }),
    ],
    options.log,
  );
  return {
    log: options.log,
    clock: options.clock ?? Date.now,
    content,
    ui,
    store,
    rest: options.rest,
    members,
    servers,
    languages,
    checkins: new Checkins(members, servers.digest),
    goals: new Goals(members, servers.digest),
    sessions: new Sessions(members),
    mentoring,
    guides,
    index,
    scheduler,
    pictures,
    progress: new Progress(members),
    digests,
  };
}
