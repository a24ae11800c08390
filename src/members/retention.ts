import type { CheckinWeek, GoalsRecord, SessionsRecord, UserRecord } from '../store/records.js';
import { addIsoWeeks, computeStreak, DAY_MS, EMPTY_STREAK } from '../time/index.js';
import { CHECKIN_DELIVERY, GOALS, recordRef, REMINDER_DELIVERY, SESSIONS, WEEK, type Member, type RecordRef } from './members.js';

/*
 * How long a member's records live (the README's "Your data" states the same rules). Applied by
 * the weekly check-in run under the member's lock, so stored data stops growing with time:
 * - a week's check-in delivery record: until the week after it (it only stops a second DM that week);
 * - weekly answers: the latest KEPT_WEEKS weeks in full; older weeks become counts and the streak
 *   they left, and their answers are deleted;
 * - sessions (with their reminders' delivery records): until SESSION_DAYS days after they start;
 * - goals marked done: until DONE_GOAL_DAYS days after.
 */
export const KEPT_WEEKS = 53;
export const SESSION_DAYS = 30;
export const DONE_GOAL_DAYS = 365;

/** Weeks to fold into the archive: the oldest beyond KEPT_WEEKS, never one still awaiting an answer. */
export function weeksToArchive(profile: UserRecord): string[] {
  const excess = profile.weeks.length - KEPT_WEEKS;
  if (excess <= 0) return [];
  return profile.weeks.slice(0, excess).filter((week) => !profile.pending?.includes(week));
}

/** The archive after folding `records` (the weeks being archived) into it. Pure. */
export function foldArchive(archive: UserRecord['archive'], weeks: readonly string[], records: readonly (CheckinWeek | undefined)[]): NonNullable<UserRecord['archive']> {
  const kept = records.filter((record): record is CheckinWeek => record !== undefined);
  const counts = { ...(archive?.counts ?? { answered: 0, skipped: 0, missed: 0, botMissed: 0 }) };
  for (const { status } of kept) {
    if (status === 'answered') counts.answered += 1;
    else if (status === 'skipped') counts.skipped += 1;
    else if (status === 'missed') counts.missed += 1;
    else if (status === 'bot-missed') counts.botMissed += 1;
  }
  const last = [...weeks].sort().at(-1)!;
  return { before: addIsoWeeks(last, 1), streak: computeStreak(kept, archive?.streak ?? EMPTY_STREAK), counts };
}

export const expiredSessions = (record: SessionsRecord | undefined, now: number) =>
  (record?.items ?? []).filter((session) => session.startsAt < now - SESSION_DAYS * DAY_MS);

export const expiredGoals = (record: GoalsRecord | undefined, now: number) =>
  (record?.items ?? []).filter((goal) => goal.doneAt !== undefined && goal.doneAt < now - DONE_GOAL_DAYS * DAY_MS);

/**
 * Deletes the member's sessions that are past keeping, their reminders' delivery records first (the
 * sessions record is what lists them). Returns the sessions record as it is now.
 */
export async function pruneSessions(member: Member, now: number): Promise<SessionsRecord | undefined> {
  const sessions = await member.get(SESSIONS);
  const old = expiredSessions(sessions, now);
  if (!sessions || old.length === 0) return sessions;
  for (const session of old) for (const kind of ['before-24h', 'before-1h', 'follow-up'] as const) await member.remove(REMINDER_DELIVERY, session.id, kind);
  const kept = { ...sessions, items: sessions.items.filter((session) => !old.includes(session)) };
  await member.put(SESSIONS, kept);
  return kept;
}

/** What `tidy` will read beyond the run's own records, for the batch's bulk read. */
export function tidyReads(profile: UserRecord): RecordRef[] {
  return weeksToArchive(profile).map((week) => recordRef(WEEK, week));
}

/** Applies the rules above to one member, under their lock, at the check-in of `week`. */
export async function tidy(member: Member, week: string, now: number): Promise<void> {
  const profile = member.profile;
  if (!profile) return;

  const previous = addIsoWeeks(week, -1);
  const spent = (profile.delivered ?? []).filter((delivered) => delivered < previous);
  for (const old of spent) await member.remove(CHECKIN_DELIVERY, old);
  if (spent.length > 0) member.setProfile((current) => ({ ...current, delivered: current.delivered?.filter((delivered) => !spent.includes(delivered)) }));

  const archived = weeksToArchive(profile);
  if (archived.length > 0) {
    const records = await member.getMany(WEEK, archived.map((old) => [old] as const));
    const archive = foldArchive(profile.archive, archived, records);
    // The archive first (weeks before `archive.before` no longer count), then the records, and the
    // list last: a crash in between leaves listed weeks that forget still finds, never a streak
    // counted twice.
    member.setProfile((current) => ({ ...current, archive }));
    await member.flush();
    for (const old of archived) {
      await member.remove(WEEK, old);
      await member.remove(CHECKIN_DELIVERY, old);
    }
    member.setProfile((current) => ({ ...current, weeks: current.weeks.filter((listed) => !archived.includes(listed)) }));
  }

  await pruneSessions(member, now);

  const goals = await member.get(GOALS);
  const oldGoals = expiredGoals(goals, now);
  if (goals && oldGoals.length > 0) await member.put(GOALS, { ...goals, items: goals.items.filter((goal) => !oldGoals.includes(goal)) });
}
