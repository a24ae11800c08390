import type { REST } from '@discordjs/rest';
import { Checkins } from './checkins/checkins.js';
import { CheckinJob } from './checkins/job.js';
import { loadContent, type Content } from './content/load.js';
import { Goals } from './goals/goals.js';
import { GuideJob, GuideSchedules } from './guide/schedule.js';
import { loadUiStrings, type Lang, type UiStrings } from './i18n/index.js';
import type { Logger } from './log.js';
import { DueIndex } from './scheduler/due-index.js';
import { NONCE_WINDOW_MS, Outbox } from './scheduler/outbox.js';
import { Scheduler } from './scheduler/scheduler.js';
import { SessionJob } from './sessions/job.js';
import { Sessions } from './sessions/sessions.js';
import { LanguagePreferences } from './store/language.js';
import { guildRecordSchema, sessionsRecordSchema, type GuildRecord, type SessionsRecord } from './store/records.js';
import { openStore, type Collection, type Store } from './store/store.js';

/** Everything a handler or a scheduled job may reach: data, words, Discord's REST API and the clock. */
export interface Services {
  log: Logger;
  clock: () => number;
  content: Content;
  ui: Record<Lang, UiStrings>;
  store: Store;
  rest: REST;
  guilds: Collection<GuildRecord>;
  sessions: Collection<SessionsRecord>;
  /** Mentor sessions: booking, cancelling, action items (over `sessions`, under the user lock). */
  mentorSessions: Sessions;
  languages: LanguagePreferences;
  checkins: Checkins;
  goals: Goals;
  guides: GuideSchedules;
  index: DueIndex;
  outbox: Outbox;
  scheduler: Scheduler;
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
  nonceWindowMs?: number;
  /** Under the ShardingManager: this process's shard and the shard count (see DueIndex). */
  shard?: { id: number; count: number };
}

export async function createServices(options: ServiceOptions): Promise<Services> {
  // Content first: a broken edit stops start-up before anything touches the database.
  const content = loadContent(options.contentDir);
  const ui = loadUiStrings(options.contentDir);
  const store = await openStore(options.databaseUrl, options.log);
  const index = new DueIndex(store, { writer: options.shard?.id ?? 0, writers: options.shard?.count ?? 1 });
  const checkins = new Checkins(store, index);
  const guilds = store.collection('guilds', guildRecordSchema);
  const sessions = store.collection('sessions', sessionsRecordSchema);
  const goals = new Goals(store);
  const languages = new LanguagePreferences(checkins.users, guilds);
  checkins.onUserChanged = (userId) => languages.forget('user', userId);
  const mentorSessions = new Sessions(sessions, index, checkins.userLock);
  const outbox = new Outbox(store, options.rest, options.nonceWindowMs ?? NONCE_WINDOW_MS);
  const jobDeps = { rest: options.rest, ui, log: options.log, concurrency: options.sendConcurrency ?? 8 };
  const guides = new GuideSchedules(guilds, index);
  const scheduler = new Scheduler(
    index,
    [
      new CheckinJob({ ...jobDeps, checkins, goals, sessions, guilds, outbox }),
      new GuideJob({ ...jobDeps, schedules: guides, index, outbox, content }),
      new SessionJob({ ...jobDeps, sessions: mentorSessions, checkins, goals, guilds, outbox }),
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
    guilds,
    sessions,
    mentorSessions,
    languages,
    checkins,
    goals,
    guides,
    index,
    outbox,
    scheduler,
  };
}
