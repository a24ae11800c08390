/**
 * When something due is sent: the missed-run rule for check-ins and guide posts, and session
 * reminders. Pure functions of the due instants and `now`.
 */
import { HOUR_MS } from './civil.js';
import { isoWeekKey, nextWeeklyOccurrence, type WeeklySchedule } from './weekly.js';

/** A check-in (or other weekly send) at most this late is still sent, once; older ones are not. */
export const MISSED_RUN_GRACE_MS = 12 * HOUR_MS;

export type DueDecision = 'not-yet' | 'send' | 'bot-missed';

/**
 * `not-yet` before `dueMs`; `send` from `dueMs` up to and including `dueMs + 12 h`; `bot-missed`
 * after that (record the week as missed by the bot: it holds the user's streak).
 */
export function classifyDue(dueMs: number, nowMs: number): DueDecision {
  const late = nowMs - dueMs;
  if (late < 0) return 'not-yet';
  return late <= MISSED_RUN_GRACE_MS ? 'send' : 'bot-missed';
}

/** What one weekly send that fell due at `dueAt` comes to at `now`. */
export interface WeeklyRun {
  dueAt: number;
  /** The ISO week it belongs to, in the schedule's timezone. */
  week: string;
  /** More than 12 h late (the bot was down): recorded as missed by the bot, not sent. */
  late: boolean;
  /**
   * The next occurrence to file. After a long outage that is the first one still worth sending,
   * which may itself be due already (inside the 12 h grace): the caller files it for the next tick.
   */
  nextDueAt: number;
}

/** Throws a RangeError for a timezone this runtime's `Intl` does not know. */
export function weeklyRun(schedule: WeeklySchedule, dueAt: number, now: number): WeeklyRun {
  const late = classifyDue(dueAt, now) === 'bot-missed';
  const nextDueAt = nextWeeklyOccurrence(schedule, late ? Math.max(dueAt, now - MISSED_RUN_GRACE_MS) : dueAt);
  return { dueAt, week: isoWeekKey(dueAt, schedule.timeZone), late, nextDueAt };
}

export type SessionReminderKind = 'before-24h' | 'before-1h' | 'follow-up';

/** Each reminder's instant relative to the session's start. */
export const SESSION_REMINDER_OFFSETS_MS: Readonly<Record<SessionReminderKind, number>> = {
  'before-24h': -24 * HOUR_MS,
  'before-1h': -1 * HOUR_MS,
  'follow-up': 1 * HOUR_MS,
};

const KINDS: readonly SessionReminderKind[] = ['before-24h', 'before-1h', 'follow-up'];

export interface SessionReminderInput {
  startMs: number;
  /** When the session was added. Reminders whose time had already passed then are never sent. */
  createdMs?: number;
  /** Kinds already sent or dropped: never returned again. */
  done: readonly SessionReminderKind[];
}

export interface SessionReminderDecision {
  /** Send these now (at most one before-start reminder, then mark them done). */
  send: SessionReminderKind[];
  /** Never send these: mark them done without sending. */
  drop: SessionReminderKind[];
}

/** The instant of each reminder for a session starting at `startMs`, in time order. */
export function sessionReminderTimes(
  startMs: number,
): Array<{ kind: SessionReminderKind; atMs: number }> {
  return KINDS.map((kind) => ({ kind, atMs: startMs + SESSION_REMINDER_OFFSETS_MS[kind] }));
}

/**
 * What to do with a session's reminders at `nowMs`. Rules, in order:
 * 1. a reminder whose time had passed when the session was added (`createdMs`) is dropped: a
 *    session booked 5 h ahead gets no "24 h before" message, only the 1 h one;
 * 2. once `now ≥ start`, the before-start reminders are dropped: never sent at or after the start;
 * 3. an overdue 24 h reminder (the bot was down) is still sent while more than 1 h remains before
 *    the start; from 1 h before, it is dropped and the 1 h reminder alone is sent, so the user
 *    never gets two "come ready" messages at once;
 * 4. the 1 h reminder is sent from 1 h before until the start;
 * 5. the follow-up (1 h after the start) follows the check-in missed-run rule: sent if at most
 *    12 h late, else dropped.
 */
export function dueReminders(session: SessionReminderInput, nowMs: number): SessionReminderDecision {
  const { startMs, createdMs, done } = session;
  const out: SessionReminderDecision = { send: [], drop: [] };
  for (const { kind, atMs } of sessionReminderTimes(startMs)) {
    if (done.includes(kind) || nowMs < atMs) continue;
    if (createdMs !== undefined && atMs <= createdMs) {
      out.drop.push(kind);
      continue;
    }
    switch (kind) {
      case 'before-24h':
        (nowMs < startMs + SESSION_REMINDER_OFFSETS_MS['before-1h'] ? out.send : out.drop).push(kind);
        break;
      case 'before-1h':
        (nowMs < startMs ? out.send : out.drop).push(kind);
        break;
      case 'follow-up':
        (classifyDue(atMs, nowMs) === 'send' ? out.send : out.drop).push(kind);
        break;
    }
  }
  return out;
}

/**
 * The earliest instant at which `dueReminders` has something to do for this session (for a due
 * index), or null when every reminder is done.
 */
export function nextReminderDueAt(session: SessionReminderInput): number | null {
  let next: number | null = null;
  for (const { kind, atMs } of sessionReminderTimes(session.startMs)) {
    if (session.done.includes(kind)) continue;
    if (next === null || atMs < next) next = atMs;
  }
  return next;
}
