import { discordErrorCode } from '../discord/errors.js';
import { tallyWeek } from '../digest/tally.js';
import { dmLanguage } from '../checkins/job.js';
import { openGoals } from '../goals/goals.js';
import { translator, type Lang } from '../i18n/index.js';
import { GOALS, MemberGone, recordRef, REMINDER_DELIVERY, SESSIONS, sessionJob, type Member, type Members } from '../members/members.js';
import { openDmChannel } from '../scheduler/dm.js';
import { PERMANENT_ERRORS } from '../scheduler/outbox.js';
import { forEachBounded } from '../scheduler/pool.js';
import type { JobKind, SendingJobDeps } from '../scheduler/scheduler.js';
import type { Servers } from '../servers/servers.js';
import type { GuildRecord, Session } from '../store/records.js';
import { dueReminders, nextReminderDueAt, sessionReminderTimes, type SessionReminderKind } from '../time/index.js';
import { reminderMarker, reminderMessage } from './messages.js';
import { reminderInput } from './sessions.js';

export interface SessionJobDeps extends SendingJobDeps {
  members: Members;
  servers: Servers;
}

/** The DM channel for this run. */
interface Channel {
  id: string | undefined;
  /** Discord said the cached channel no longer exists: forget it. */
  gone: boolean;
  /** Discord refused to open one, or to deliver (permanent): nothing more is sent this run. */
  refused: boolean;
}

const REMINDER_KINDS: readonly SessionReminderKind[] = ['before-24h', 'before-1h', 'follow-up'];

const isPermanent = (error: unknown): boolean => PERMANENT_ERRORS.has(discordErrorCode(error) ?? -1);

/** The first reminder not yet done whose time is still ahead, or null. */
export function nextReminderAfter(session: Session, now: number): number | null {
  const pending = { ...reminderInput(session), done: [...session.done, ...sessionReminderTimes(session.startsAt).filter((r) => r.atMs <= now).map((r) => r.kind)] };
  return nextReminderDueAt(pending);
}

/**
 * Session reminders: 24 h and 1 h before the start ("come ready"), and a follow-up 1 h after it
 * (note the action items). `dueReminders` decides; each reminder is delivered exactly once through
 * the Outbox, and never at or after the start. Each member is handled under their lock.
 */
export class SessionJob implements JobKind {
  readonly name = 'session';

  constructor(private readonly deps: SessionJobDeps) {}

  async runBatch(jobs: readonly string[][], now: number, signal?: AbortSignal): Promise<string[][]> {
    const { members, servers, log } = this.deps;
    const byUser = new Map<string, Set<string>>();
    for (const [userId, sessionId] of jobs) {
      if (!userId || !sessionId) continue;
      byUser.set(userId, (byUser.get(userId) ?? new Set()).add(sessionId));
    }
    const userIds = [...byUser.keys()];
    if (userIds.length === 0) return [];
    // What the DMs need, in a few bulk reads whatever the batch's size.
    const snapshots = await members.snapshot(userIds, (userId) => [
      recordRef(SESSIONS),
      recordRef(GOALS),
      ...[...byUser.get(userId)!].flatMap((sessionId) => REMINDER_KINDS.map((kind) => recordRef(REMINDER_DELIVERY, sessionId, kind))),
    ]);
    const homes = await servers.getMany(userIds.map((userId) => snapshots.get(userId)?.profile?.homeGuildId ?? 'none'));

    const retry: string[][] = [];
    await forEachBounded(
      userIds.map((userId, i) => ({ userId, home: homes[i] })),
      this.deps.concurrency,
      async ({ userId, home }) => {
        const sessionIds = [...byUser.get(userId)!];
        try {
          const failed = await members.update(userId, (member) => this.runUser(member, sessionIds, now, home), { snapshot: snapshots.get(userId), setAside: true });
          for (const sessionId of failed) retry.push([userId, sessionId]);
        } catch (error) {
          if (error instanceof MemberGone) return;
          log.warn({ err: error, user: userId }, 'session reminders not handled; will retry');
          for (const sessionId of sessionIds) retry.push([userId, sessionId]);
        }
      },
      signal,
    );
    return retry;
  }

  /** Handles one member's due sessions, under their lock; returns the ids to try again a minute later. */
  private async runUser(member: Member, sessionIds: readonly string[], now: number, home: GuildRecord | undefined): Promise<string[]> {
    const record = await member.get(SESSIONS);
    if (!record) return []; // forgotten, unreadable (set aside and told), or a stale index entry
    const profile = member.profile;
    const channel: Channel = { id: profile?.dmChannelId, gone: false, refused: false };
    const lang: Lang = profile ? dmLanguage(profile, home) : (home?.lang ?? 'en');
    const words = { t: translator(this.deps.ui[lang], lang), lang, goals: openGoals((await member.get(GOALS))?.items).map((goal) => goal.text) };
    const retry: string[] = [];
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
        const outcome = await this.deliver(member, session, kind, channel, now, words);
        if (outcome === 'retry') failed = true;
        else done.add(kind); // sent, or refused for good (closed DMs): never tried again
      }
      // The follow-up is done (sent or dropped): the session was held. Counted once, for the server's digest.
      if (done.has('follow-up') && !session.done.includes('follow-up') && profile?.homeGuildId) await this.countHeld(profile.homeGuildId, session);
      const updated: Session = { ...session, done: [...done] };
      // The next reminder's index entry before the record that makes it due.
      // (A reminder left to retry is found again through the scheduler's retry entry.)
      const next = nextReminderAfter(updated, now);
      if (next !== null) await member.file(next, sessionJob(member.id, sessionId));
      if (failed) retry.push(sessionId);
      items[at] = updated;
      changed = true;
    }
    if (changed) await member.put(SESSIONS, { ...record, items });

    if (channel.id && channel.id !== profile?.dmChannelId && !channel.gone) {
      const id = channel.id;
      member.setProfile((current) => ({ ...current, dmChannelId: id }));
    } else if (channel.gone && profile?.dmChannelId) {
      member.setProfile((current) => ({ ...current, dmChannelId: undefined }));
    }
    if (channel.refused && profile) {
      // The same notice as a refused check-in: the member learns why reminders stopped coming.
      member.setProfile((current) => ({ ...current, notice: 'dm-closed' }));
    }
    return retry;
  }

  private async countHeld(guildId: string, session: Session): Promise<void> {
    await this.deps.servers.digest.count(guildId, tallyWeek(session.startsAt, session.timeZone), { sessionsHeld: 1 });
  }

  /** Sends one reminder: `done` when sent or permanently refused, `retry` on a passing failure. */
  private async deliver(
    member: Member,
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
        channel.id = await openDmChannel(rest, member.id);
      } catch (error) {
        if (!isPermanent(error)) throw error;
        channel.refused = true;
        log.info({ user: member.id, code: discordErrorCode(error) }, 'could not open a DM for a session reminder; dropped');
        return 'done';
      }
    }
    const slot = member.slot(REMINDER_DELIVERY, session.id, kind);
    let body;
    try {
      body = reminderMessage({ t: words.t, lang: words.lang, session, kind, openGoals: words.goals });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // A timezone this Node no longer knows: this reminder cannot be written; the others go on.
      log.error({ user: member.id, key: `sessions:${member.id}`, session: session.id }, 'session timezone unknown; reminder dropped');
      return 'done';
    }
    let result;
    try {
      result = await outbox.deliver(slot, channel.id, body, reminderMarker(session.id, kind), now);
    } catch (error) {
      log.warn({ err: error, user: member.id, session: session.id, kind }, 'session reminder not delivered; will retry');
      return 'retry';
    }
    if (result.status !== 'failed') return 'done';
    if (result.code === 10003) {
      // The cached DM channel is gone: forget it so the retry opens a new one.
      await slot.delete();
      channel.gone = true;
      return 'retry';
    }
    // Closed DMs (50007) and the like: this reminder is dropped, with no retries (each one would
    // count toward Discord's invalid-request limit), and the member is told next time.
    channel.refused = true;
    log.info({ user: member.id, session: session.id, kind, code: result.code }, 'session reminder refused; dropped');
    return 'done';
  }
}
