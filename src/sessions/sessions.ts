import { randomBytes } from 'node:crypto';
import { UserError } from '../discord/errors.js';
import { counted, term } from '../i18n/index.js';
import type { DueIndex } from '../scheduler/due-index.js';
import { KeyedMutex } from '../scheduler/mutex.js';
import { jobRef } from '../scheduler/scheduler.js';
import {
  ACTION_ITEMS_MAX,
  MAX_UPCOMING_SESSIONS,
  SESSION_TOPIC_MAX,
  SESSION_WITH_MAX,
  type Session,
  type SessionsRecord,
} from '../store/records.js';
import type { Collection } from '../store/store.js';
import { dueReminders, instantIn, nextReminderDueAt, type SessionReminderKind } from '../time/index.js';

export type { Session };

/** The scheduler's job for one session: `session:<userId>:<sessionId>`. */
export const sessionJob = (userId: string, sessionId: string): string => jobRef('session', userId, sessionId);

/** The Outbox key of one reminder: `session:<userId>:<sessionId>:<kind>`. */
export const sessionDeliveryKey = (userId: string, sessionId: string, kind: SessionReminderKind): string =>
  `session:${userId}:${sessionId}:${kind}`;

/** Not cancelled and not yet started, soonest first. */
export const upcomingSessions = (record: SessionsRecord | undefined, now: number): Session[] =>
  (record?.items ?? []).filter((session) => !session.cancelledAt && session.startsAt > now).sort((a, b) => a.startsAt - b.startsAt);

/** What `dueReminders` needs to know about a session. */
export const reminderInput = (session: Session) => ({ startMs: session.startsAt, createdMs: session.createdAt, done: session.done });

export interface NewSession {
  startsAt: number;
  timeZone: string;
  with?: string | undefined;
  topic?: string | undefined;
}

const emptyRecord = (): SessionsRecord => ({ version: 1, items: [] });

/**
 * A member's mentor sessions. Writes to one user's record are serialised by `lock` (pass the lock
 * other per-user writers hold, so a `/checkin forget` cannot interleave with a reminder), and the
 * due index entry of a session's next reminder is written before the record, so a crash between
 * the two leaves at worst a stale index entry, never a lost reminder.
 */
export class Sessions {
  constructor(
    readonly records: Collection<SessionsRecord>,
    readonly index: DueIndex,
    readonly lock: KeyedMutex = new KeyedMutex(),
  ) {}

  async upcoming(userId: string, now: number): Promise<Session[]> {
    return upcomingSessions(await this.records.get(userId), now);
  }

  async find(userId: string, sessionId: string): Promise<Session | undefined> {
    return (await this.records.get(userId))?.items.find((session) => session.id === sessionId);
  }

  async add(userId: string, input: NewSession, now: number): Promise<Session> {
    if (input.startsAt <= now) throw new UserError('session.in_past', { value: instantIn(input.startsAt, input.timeZone) });
    if (input.with && input.with.length > SESSION_WITH_MAX) throw new UserError('session.too_long', { field: term('session.field.with'), max: counted('count.characters', SESSION_WITH_MAX) });
    if (input.topic && input.topic.length > SESSION_TOPIC_MAX) throw new UserError('session.too_long', { field: term('session.field.topic'), max: counted('count.characters', SESSION_TOPIC_MAX) });
    return this.lock.run(userId, async () => {
      const record = (await this.records.get(userId)) ?? emptyRecord();
      if (upcomingSessions(record, now).length >= MAX_UPCOMING_SESSIONS) throw new UserError('session.too_many', { max: counted('count.upcoming_sessions', MAX_UPCOMING_SESSIONS) });
      let id: string;
      do id = randomBytes(4).toString('hex');
      while (record.items.some((session) => session.id === id));
      // Reminders whose time has already passed (a session booked 5 h ahead has no "24 h before")
      // are settled now, so the first index entry is always in the future where a tick finds it.
      const { drop } = dueReminders({ startMs: input.startsAt, createdMs: now, done: [] }, now);
      const session: Session = {
        id,
        startsAt: input.startsAt,
        timeZone: input.timeZone,
        ...(input.with ? { with: input.with } : {}),
        ...(input.topic ? { topic: input.topic } : {}),
        createdAt: now,
        done: drop,
      };
      const next = nextReminderDueAt(reminderInput(session));
      if (next !== null) await this.index.add(next, sessionJob(userId, id));
      await this.records.set(userId, { ...record, items: [...record.items, session] });
      return session;
    });
  }

  /** Cancels an upcoming session: no more reminders. A session already cancelled is reported as such. */
  async cancel(userId: string, sessionId: string, now: number): Promise<{ session: Session; already: boolean }> {
    const result = await this.lock.run(userId, async () => {
      const record = await this.records.get(userId);
      const session = record?.items.find((candidate) => candidate.id === sessionId);
      if (!record || !session) throw new UserError('session.unknown', { value: sessionId });
      if (session.cancelledAt) return { session, already: true };
      if (session.startsAt <= now) throw new UserError('session.already_started');
      const cancelled = { ...session, cancelledAt: now };
      await this.records.set(userId, replace(record, cancelled));
      return { session: cancelled, already: false };
    });
    if (!result.already) {
      // The entry would be dropped by the job anyway; removing it keeps the index small.
      const next = nextReminderDueAt(reminderInput(result.session));
      if (next !== null) await this.index.remove(next, sessionJob(userId, sessionId));
    }
    return result;
  }

  /** The follow-up's answer: what the user agreed to do, shown in their next weekly check-in. */
  async saveActionItems(userId: string, sessionId: string, text: string): Promise<Session> {
    if (text.length > ACTION_ITEMS_MAX) throw new UserError('session.too_long', { field: term('session.notes.label'), max: counted('count.characters', ACTION_ITEMS_MAX) });
    return this.lock.run(userId, async () => {
      const record = await this.records.get(userId);
      const session = record?.items.find((candidate) => candidate.id === sessionId);
      if (!record || !session) throw new UserError('session.unknown', { value: sessionId });
      const updated = { ...session, actionItems: text };
      await this.records.set(userId, replace(record, updated));
      return updated;
    });
  }
}

const replace = (record: SessionsRecord, session: Session): SessionsRecord => ({
  ...record,
  items: record.items.map((item) => (item.id === session.id ? session : item)),
});
