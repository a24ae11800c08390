import { translator, type Lang } from '../i18n/index.js';
import { openGoals } from '../goals/goals.js';
import { CHECKIN_DELIVERY, checkinJob, GOALS, MemberGone, recordRef, SESSIONS, WEEK, type Member, type Members } from '../members/members.js';
import { tidy, tidyReads } from '../members/retention.js';
import { openDmChannel } from '../scheduler/dm.js';
import { forEachBounded } from '../scheduler/pool.js';
import type { JobKind, SendingJobDeps } from '../scheduler/scheduler.js';
import type { Servers } from '../servers/servers.js';
import type { CheckinWeek, GuildRecord, UserRecord } from '../store/records.js';
import { weeklyRun, WEEK_MS, type WeeklyRun } from '../time/index.js';
import { checkinButtonId, checkinPrompt } from './prompt.js';

export interface CheckinJobDeps extends SendingJobDeps {
  members: Members;
  servers: Servers;
}

/** The language of a member's DMs: their choice, else the default of the server they opted in from. */
export const dmLanguage = (user: UserRecord, home: GuildRecord | undefined): Lang => user.lang ?? home?.lang ?? 'en';

/** The weekly run due for a member at `now`, or nothing (paused, moved, or a stale index entry). */
function dueRun(profile: UserRecord | undefined, now: number): WeeklyRun | undefined {
  const checkin = profile?.checkin;
  if (!checkin || checkin.status !== 'active' || checkin.nextDueAt > now) return undefined;
  return weeklyRun(checkin, checkin.nextDueAt, now);
}

/** Weeks whose records the run reads: those still waiting for an answer, the latest, and the one due. */
function weeksToRead(profile: UserRecord, week: string): string[] {
  const pending = profile.pending ?? profile.weeks.slice(-1); // records from before `pending` was kept
  return [...new Set([...pending, ...profile.weeks.slice(-1), week])];
}

/**
 * Sends each due member their weekly check-in DM, exactly once per ISO week. Each member is handled
 * under their lock (`Members.update`), so an answer, a schedule change or `/checkin forget` made
 * while the batch runs is never overwritten: the batch reads everything in bulk first, and uses
 * that only where the member's revision shows nothing changed since.
 */
export class CheckinJob implements JobKind {
  readonly name = 'checkin';

  constructor(private readonly deps: CheckinJobDeps) {}

  async runBatch(jobs: readonly string[][], now: number, signal?: AbortSignal): Promise<string[][]> {
    const { members, servers, log } = this.deps;
    const memberIds = [...new Set(jobs.map(([userId]) => userId!))];
    // Everything the batch needs, in a handful of bulk reads whatever its size; then one read per
    // due member (their profile, under their lock).
    const runs = new Map<string, WeeklyRun>();
    const troubled = new Set<string>();
    const snapshots = await members.snapshot(memberIds, (memberId, profile) => {
      let run: WeeklyRun | undefined;
      try {
        run = dueRun(profile, now);
      } catch {
        troubled.add(memberId); // an unknown timezone: set aside under the lock below
        return [];
      }
      if (!run) return [];
      runs.set(memberId, run);
      return [
        recordRef(GOALS),
        recordRef(SESSIONS),
        recordRef(CHECKIN_DELIVERY, run.week),
        ...weeksToRead(profile, run.week).map((week) => recordRef(WEEK, week)),
        ...tidyReads(profile),
      ];
    });
    // Members with unreadable records are handled too: under the lock they are set aside, and told.
    const due = memberIds.filter((memberId) => runs.has(memberId) || troubled.has(memberId) || (snapshots.get(memberId)?.unreadable.length ?? 0) > 0);
    if (due.length === 0) return [];
    // Next week's index entries first, all at once: a crash from here on leaves nobody unscheduled.
    const filed = [...runs].map(([memberId, run]) => ({ dueAt: run.nextDueAt, job: checkinJob(memberId) }));
    await members.index.addMany(filed);
    const homes = await servers.getMany(due.map((memberId) => snapshots.get(memberId)?.profile?.homeGuildId ?? 'none'));

    const retry: string[][] = [];
    const reached = new Set<string>();
    await forEachBounded(
      due.map((memberId, i) => ({ memberId, home: homes[i] })),
      this.deps.concurrency,
      async ({ memberId, home }) => {
        reached.add(memberId);
        try {
          await members.update(memberId, (member) => this.runOne(member, now, home, runs.get(memberId)), { snapshot: snapshots.get(memberId), setAside: true });
        } catch (error) {
          if (error instanceof MemberGone) return;
          log.warn({ err: error, user: memberId }, 'check-in not delivered; will retry');
          retry.push([memberId]);
        }
      },
      signal,
    );
    // Stopped before some members were reached: their entries for next week go again (they are
    // filed anew when the batch reruns), so a member who forgets meanwhile leaves none behind.
    const unreached = filed.filter((entry) => !reached.has(entry.job.slice('checkin:'.length)));
    if (unreached.length > 0) await members.index.removeMany(unreached);
    return retry;
  }

  /** One member, under their lock. `planned` is what the bulk read expected; the profile read here decides. */
  private async runOne(member: Member, now: number, home: GuildRecord | undefined, planned: WeeklyRun | undefined): Promise<void> {
    const { log } = this.deps;
    const profile = member.profile;
    if (!profile) return; // forgotten, or unreadable (told on their next command)
    let run: WeeklyRun | undefined;
    try {
      run = dueRun(profile, now);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // A timezone this Node's Intl no longer knows: pause and tell the member, never block the rest.
      log.error({ user: member.id, key: `users:${member.id}` }, 'check-in timezone unknown; check-ins paused');
      member.setProfile((current) => ({ ...current, notice: 'timezone', checkin: current.checkin && { ...current.checkin, status: 'paused', pausedReason: 'timezone' } }));
      return;
    }
    if (!run) return;
    const { dueAt, week, late, nextDueAt } = run;
    if (planned?.nextDueAt !== nextDueAt) await member.file(nextDueAt, checkinJob(member.id));

    const weeks = await member.getMany(WEEK, weeksToRead(profile, week).map((w) => [w] as const));
    const byWeek = new Map(weeks.filter((record): record is CheckinWeek => record !== undefined).map((record) => [record.week, record]));
    // No answer by the next due time: every earlier week still waiting is missed.
    for (const record of byWeek.values()) {
      if (record.status === 'pending' && record.week < week) await member.put(WEEK, { ...record, status: 'missed' }, record.week);
    }
    const pending = (profile.pending ?? []).filter((w) => w >= week);
    const advance = (changes: Partial<UserRecord> = {}) =>
      member.setProfile((current) => ({
        ...current,
        ...changes,
        pending: [...new Set([...pending, ...(changes.pending ?? [])])].sort(),
        checkin: current.checkin?.nextDueAt === dueAt ? { ...current.checkin, nextDueAt } : current.checkin,
      }));

    const thisWeek = byWeek.get(week);
    if (thisWeek?.status === 'answered' || thisWeek?.status === 'skipped') {
      advance(); // answered early (`/checkin now`): nothing to ask
    } else if (late) {
      if (!thisWeek) await member.put(WEEK, { version: 1, week, status: 'bot-missed', dueAt }, week);
      advance();
    } else {
      await this.send(member, profile, run, now, thisWeek, byWeek, home, advance);
    }
    await tidy(member, week, now);
  }

  private async send(
    member: Member,
    profile: UserRecord,
    { dueAt, week }: WeeklyRun,
    now: number,
    thisWeek: CheckinWeek | undefined,
    byWeek: Map<string, CheckinWeek>,
    home: GuildRecord | undefined,
    advance: (changes?: Partial<UserRecord>) => void,
  ): Promise<void> {
    const { outbox, rest, log } = this.deps;
    const lang = dmLanguage(profile, home);
    const lastWeek = profile.weeks.filter((w) => w < week).at(-1);
    const sessions = (await member.get(SESSIONS))?.items ?? [];
    const body = checkinPrompt({
      t: translator(this.deps.ui[lang], lang),
      week,
      openGoals: openGoals((await member.get(GOALS))?.items).map((goal) => goal.text),
      lastFocus: (lastWeek && byWeek.get(lastWeek)?.answers?.focus) || undefined,
      actionItems: sessions
        .filter((session) => session.actionItems && !session.cancelledAt && session.startsAt > dueAt - WEEK_MS && session.startsAt <= dueAt)
        .map((session) => session.actionItems!),
      first: !profile.welcomed,
    });

    const dmChannelId = profile.dmChannelId ?? (await openDmChannel(rest, member.id));
    const slot = member.slot(CHECKIN_DELIVERY, week);
    const result = await outbox.deliver(slot, dmChannelId, body, checkinButtonId('answer', week), now);
    if (result.status === 'failed' && result.code === 10003) {
      // The cached DM channel is gone: forget it so the retry opens a new one.
      await slot.delete();
      member.setProfile((current) => ({ ...current, dmChannelId: undefined }));
      await member.flush();
      throw new Error('DM channel no longer exists');
    }
    if (result.status === 'failed') {
      // Closed DMs (50007) and the like: pause with the reason, keep the data, tell them next time.
      if (!thisWeek) await member.put(WEEK, { version: 1, week, status: 'bot-missed', dueAt }, week);
      advance({ delivered: [...new Set([...(profile.delivered ?? []), week])].sort() });
      member.setProfile((current) => ({
        ...current,
        notice: 'dm-closed',
        checkin: current.checkin && { ...current.checkin, status: 'paused', pausedReason: 'dm-closed' },
      }));
      log.info({ user: member.id, code: result.code }, 'check-in DM refused; check-ins paused');
      return;
    }
    // Sent (or found sent): the week waits for an answer. A week the bot had given up on (a DM
    // refused earlier that week, before the member re-opened DMs) is open again.
    if (!thisWeek || thisWeek.status === 'bot-missed') await member.put(WEEK, { version: 1, week, status: 'pending', dueAt }, week);
    advance({ welcomed: true, dmChannelId, pending: [week], delivered: [...new Set([...(profile.delivered ?? []), week])].sort() });
  }
}
