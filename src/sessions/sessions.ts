import { randomBytes } from 'node:crypto';
import { UserError } from '../discord/errors.js';
import { counted, term } from '../i18n/index.js';
import { SESSIONS, sessionJob, type Member, type Members } from '../members/members.js';
import { pruneSessions } from '../members/retention.js';
import {
  ACTION_ITEMS_MAX,
  MAX_UPCOMING_SESSIONS,
  SESSION_TOPIC_MAX,
  SESSION_WITH_MAX,
  type Session,
  type SessionsRecord,
} from '../store/records.js';
import { dueReminders, instantIn, nextReminderDueAt } from '../time/index.js';

export type { Session };
export { sessionJob };

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

/** A session of the member's, or a UserError naming the id. */
async function sessionOf(member: Member, sessionId: string): Promise<{ record: SessionsRecord; session: Session }> {
  const record = await member.get(SESSIONS);
  const session = record?.items.find((candidate) => candidate.id === sessionId);
  if (!record || !session) throw new UserError('session.unknown', { value: sessionId });
  return { record, session };
}

const replace = (record: SessionsRecord, session: Session): SessionsRecord => ({
  ...record,
  items: record.items.map((item) => (item.id === session.id ? session : item)),
});

/**
 * A member's mentor sessions, kept by `Members` under the member's lock. The due index entry of a
 * session's next reminder is written before the record, so a crash between the two leaves at worst
 * a stale index entry, never a lost reminder.
 */
export class Sessions {
  constructor(private readonly members: Members) {}

  async upcoming(userId: string, now: number): Promise<Session[]> {
    return this.members.read(userId, async (member) => upcomingSessions(await member.get(SESSIONS), now));
  }

  async find(userId: string, sessionId: string): Promise<Session | undefined> {
    return this.members.read(userId, async (member) => (await member.get(SESSIONS))?.items.find((session) => session.id === sessionId));
  }

  /**
   * Books a session. `homeGuildId`: the server it was booked from, which becomes the member's home
   * (the language their reminders fall back to) if they have none yet.
   */
  async add(userId: string, input: NewSession, now: number, homeGuildId: string | null = null): Promise<Session> {
    if (input.startsAt <= now) throw new UserError('session.in_past', { value: instantIn(input.startsAt, input.timeZone) });
    if (input.with && input.with.length > SESSION_WITH_MAX) throw new UserError('session.too_long', { field: term('session.field.with'), max: counted('count.characters', SESSION_WITH_MAX) });
    if (input.topic && input.topic.length > SESSION_TOPIC_MAX) throw new UserError('session.too_long', { field: term('session.field.topic'), max: counted('count.characters', SESSION_TOPIC_MAX) });
    return this.members.update(
      userId,
      async (member) => {
        // Sessions long past go now (see src/members/retention.ts).
        const record = (await pruneSessions(member, now)) ?? emptyRecord();
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
        if (next !== null) await member.file(next, sessionJob(userId, id));
        if (homeGuildId && !member.profile?.homeGuildId) member.setProfile((profile) => ({ ...profile, homeGuildId }));
        await member.put(SESSIONS, { ...record, items: [...record.items, session] });
        return session;
      },
      { create: true },
    );
  }

  /** Cancels an upcoming session: no more reminders. A session already cancelled is reported as such. */
  async cancel(userId: string, sessionId: string, now: number): Promise<{ session: Session; already: boolean }> {
    return this.members.update(
      userId,
      async (member) => {
        const { record, session } = await sessionOf(member, sessionId);
        if (session.cancelledAt) return { session, already: true };
        if (session.startsAt <= now) throw new UserError('session.already_started');
        const cancelled = { ...session, cancelledAt: now };
        await member.put(SESSIONS, replace(record, cancelled));
        // The entry would be dropped by the job anyway; removing it keeps the index small.
        const next = nextReminderDueAt(reminderInput(cancelled));
        if (next !== null) await member.unfile(next, sessionJob(userId, sessionId));
        return { session: cancelled, already: false };
      },
      { create: true },
    );
  }

  /** The follow-up's answer: what the user agreed to do, shown in their next weekly check-in. */
  async saveActionItems(userId: string, sessionId: string, text: string): Promise<Session> {
    if (text.length > ACTION_ITEMS_MAX) throw new UserError('session.too_long', { field: term('session.notes.label'), max: counted('count.characters', ACTION_ITEMS_MAX) });
    return this.members.update(
      userId,
      async (member) => {
        const { record, session } = await sessionOf(member, sessionId);
        const updated = { ...session, actionItems: text };
        await member.put(SESSIONS, replace(record, updated));
        return updated;
      },
      { create: true },
    );
  }
}
