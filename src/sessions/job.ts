import { discordErrorCode } from '../discord/errors.js';
import type { Checkins } from '../checkins/checkins.js';
import { emptyUser } from '../checkins/checkins.js';
import { dmLanguage } from '../checkins/job.js';
import { openGoals, type Goals } from '../goals/goals.js';
import { translator, type Lang } from '../i18n/index.js';
import { openDmChannel } from '../scheduler/dm.js';
import { PERMANENT_ERRORS } from '../scheduler/outbox.js';
import { forEachBounded } from '../scheduler/pool.js';
import type { JobKind, SendingJobDeps } from '../scheduler/scheduler.js';
import type { GuildRecord, Session, UserRecord } from '../store/records.js';
import type { Collection } from '../store/store.js';
import { dueReminders, nextReminderDueAt, sessionReminderTimes, type SessionReminderKind } from '../time/index.js';
import { reminderMarker, reminderMessage } from './messages.js';
import { reminderInput, sessionDeliveryKey, sessionJob, type Sessions } from './sessions.js';

export interface SessionJobDeps extends SendingJobDeps {
  sessions: Sessions;
  checkins: Checkins;
  goals: Goals;
  guilds: Collection<GuildRecord>;
}

/** The DM channel for this run, and what to write back to the user's record afterwards. */
interface Channel {
  id: string | undefined;
  /** Opened during this run: cache it. */
  opened: boolean;
  /** Discord said the cached channel no longer exists: forget it. */
  gone: boolean;
  /** Discord refused to open one (permanent): nothing can be delivered this run. */
  refused: boolean;
}

const isPermanent = (error: unknown): boolean => PERMANENT_ERRORS.has(discordErrorCode(error) ?? -1);

/** The first reminder not yet done whose time is still ahead, or null. */
export function nextReminderAfter(session: Session, now: number): number | null {
  const pending = { ...reminderInput(session), done: [...session.done, ...sessionReminderTimes(session.startsAt).filter((r) => r.atMs <= now).map((r) => r.kind)] };
  return nextReminderDueAt(pending);
}

/**
 * Session reminders: 24 h and 1 h before the start ("come ready"), and a follow-up 1 h after it
 * (note the action items). `dueReminders` decides; each reminder is delivered exactly once through
 * the Outbox, and never at or after the start.
 */
export class SessionJob implements JobKind {
  readonly name = 'session';

  constructor(private readonly deps: SessionJobDeps) {}

  async runBatch(jobs: readonly string[][], now: number, signal?: AbortSignal): Promise<string[][]> {
    const { checkins, goals, guilds } = this.deps;
    const byUser = new Map<string, Set<string>>();
    for (const [userId, sessionId] of jobs) {
      if (!userId || !sessionId) continue;
      byUser.set(userId, (byUser.get(userId) ?? new Set()).add(sessionId));
    }
    const userIds = [...byUser.keys()];
    if (userIds.length === 0) return [];
    // What the DMs need, in a few bulk reads whatever the batch's size. Each user's sessions are
    // read under their lock, since that record is written back.
    const [users, goalRecords] = await Promise.all([checkins.users.getMany(userIds), goals.records.getMany(userIds)]);
    const homes = await guilds.getMany(users.map((user) => user?.homeGuildId ?? 'none'));

    const retry: string[][] = [];
    await forEachBounded(
      userIds.map((userId, i) => ({ userId, i })),
      this.deps.concurrency,
      async ({ userId, i }) => {
        const sessionIds = [...byUser.get(userId)!];
        try {
          const failed = await this.runUser(userId, sessionIds, now, {
            user: users[i] ?? emptyUser(),
            goals: openGoals(goalRecords[i]?.items).map((goal) => goal.text),
            home: homes[i],
          });
          for (const sessionId of failed) retry.push([userId, sessionId]);
        } catch (error) {
          this.deps.log.warn({ err: error, user: userId }, 'session reminders not handled; will retry');
          for (const sessionId of sessionIds) retry.push([userId, sessionId]);
        }
      },
      signal,
    );
    return retry;
  }

  /** Handles one user's due sessions; returns the ids to try again a minute later. */
  private async runUser(
    userId: string,
    sessionIds: readonly string[],
    now: number,
    known: { user: UserRecord; goals: string[]; home: GuildRecord | undefined },
  ): Promise<string[]> {
    const { sessions, checkins } = this.deps;
    const channel: Channel = { id: known.user.dmChannelId, opened: false, gone: false, refused: false };
    const retry: string[] = [];
    const lang = dmLanguage(known.user, known.home);
    const t = translator(this.deps.ui[lang], lang);

    await sessions.lock.run(userId, async () => {
      const record = await sessions.records.get(userId);
      if (!record) return; // forgotten, or a stale index entry
      let changed = false;
      const items = [...record.items];
      for (const sessionId of sessionIds) {
        const at = items.findIndex((session) => session.id === sessionId);
        const session = items[at];
        if (!session || session.cancelledAt) continue; // cancelled: its reminders simply stop
        const { send, drop } = dueReminders(reminderInput(session), now);
        if (send.length === 0 && drop.length === 0) continue;

        const done = new Set<SessionReminderKind>([...session.done, ...drop]);
        let failed = false;
        for (const kind of send) {
          const outcome = await this.deliver(userId, session, kind, channel, now, { t, lang, goals: known.goals });
          if (outcome === 'retry') failed = true;
          else done.add(kind); // sent, or refused for good (closed DMs): never tried again
        }
        const updated: Session = { ...session, done: [...done] };
        // The next reminder's index entry before the record that makes it due.
        // (A reminder left to retry is found again through the scheduler's retry entry.)
        const next = nextReminderAfter(updated, now);
        if (next !== null) await sessions.index.add(next, sessionJob(userId, sessionId));
        if (failed) retry.push(sessionId);
        items[at] = updated;
        changed = true;
      }
      if (changed) await sessions.records.set(userId, { ...record, items });
    });

    // The user's record has its own lock; the DM channel cache is only a cache, so it is written after.
    if (channel.opened && channel.id) {
      const id = channel.id;
      await checkins.updateUser(userId, (current) => ({ ...current, dmChannelId: id }), { create: false });
    } else if (channel.gone) {
      await checkins.updateUser(
        userId,
        (current) => (current.dmChannelId === known.user.dmChannelId ? { ...current, dmChannelId: undefined } : current),
        { create: false },
      );
    }
    return retry;
  }

  /** Sends one reminder: `done` when sent or permanently refused, `retry` on a passing failure. */
  private async deliver(
    userId: string,
    session: Session,
    kind: SessionReminderKind,
    channel: Channel,
    now: number,
    words: { t: ReturnType<typeof translator>; lang: Lang; goals: string[] },
  ): Promise<'done' | 'retry'> {
    const { outbox, rest, log } = this.deps;
    if (channel.refused) return 'done';
    if (channel.gone) return 'retry';
    if (!channel.id) {
      try {
        channel.id = await openDmChannel(rest, userId);
        channel.opened = true;
      } catch (error) {
        if (!isPermanent(error)) throw error;
        channel.refused = true;
        log.info({ user: userId, code: discordErrorCode(error) }, 'could not open a DM for a session reminder; dropped');
        return 'done';
      }
    }
    const key = sessionDeliveryKey(userId, session.id, kind);
    const body = reminderMessage({ t: words.t, lang: words.lang, session, kind, openGoals: words.goals });
    let result;
    try {
      result = await outbox.deliver(key, await outbox.records.get(key), channel.id, body, reminderMarker(session.id, kind), now);
    } catch (error) {
      log.warn({ err: error, user: userId, session: session.id, kind }, 'session reminder not delivered; will retry');
      return 'retry';
    }
    if (result.status !== 'failed') return 'done';
    if (result.code === 10003) {
      // The cached DM channel is gone: forget it so the retry opens a new one.
      await outbox.records.delete(key);
      channel.gone = true;
      return 'retry';
    }
    // Closed DMs (50007) and the like: this reminder is dropped, with no retries (each one would
    // count toward Discord's invalid-request limit).
    log.info({ user: userId, session: session.id, kind, code: result.code }, 'session reminder refused; dropped');
    return 'done';
  }
}
