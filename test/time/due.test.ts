import { describe, expect, it } from 'vitest';
import {
  MISSED_RUN_GRACE_MS,
  type SessionReminderInput,
  classifyDue,
  dueReminders,
  nextReminderDueAt,
  sessionReminderTimes,
} from '../../src/time/due.js';

const H = 3_600_000;
const ms = (s: string): number => Date.parse(s);

describe('classifyDue (missed-run rule)', () => {
  const due = ms('2026-12-04T17:00:00Z');
  it('exports the 12 h grace', () => {
    expect(MISSED_RUN_GRACE_MS).toBe(43_200_000);
  });
  it('is not yet due before the due time', () => {
    expect(classifyDue(due, due - 1)).toBe('not-yet');
  });
  it('sends from the due time up to exactly 12 h late', () => {
    expect(classifyDue(due, due)).toBe('send');
    expect(classifyDue(due, ms('2026-12-05T04:59:59.999Z'))).toBe('send');
    expect(classifyDue(due, ms('2026-12-05T05:00:00.000Z'))).toBe('send');
  });
  it('records a bot miss once more than 12 h late', () => {
    expect(classifyDue(due, ms('2026-12-05T05:00:00.001Z'))).toBe('bot-missed');
    expect(classifyDue(due, due + 7 * 24 * H)).toBe('bot-missed');
  });
});

describe('session reminders', () => {
  const start = ms('2026-12-10T15:00:00Z');
  const session = (extra: Partial<SessionReminderInput> = {}): SessionReminderInput => ({
    startMs: start,
    createdMs: ms('2026-12-01T12:00:00Z'),
    done: [],
    ...extra,
  });

  it('schedules 24 h before, 1 h before and 1 h after the start', () => {
    expect(sessionReminderTimes(start).map((r) => [r.kind, new Date(r.atMs).toISOString()])).toEqual([
      ['before-24h', '2026-12-09T15:00:00.000Z'],
      ['before-1h', '2026-12-10T14:00:00.000Z'],
      ['follow-up', '2026-12-10T16:00:00.000Z'],
    ]);
  });

  it('sends each on time, once', () => {
    expect(dueReminders(session(), ms('2026-12-09T14:59:59Z'))).toEqual({ send: [], drop: [] });
    expect(dueReminders(session(), ms('2026-12-09T15:00:00Z'))).toEqual({ send: ['before-24h'], drop: [] });
    expect(dueReminders(session({ done: ['before-24h'] }), ms('2026-12-10T14:00:00Z'))).toEqual({ send: ['before-1h'], drop: [] });
    expect(dueReminders(session({ done: ['before-24h', 'before-1h'] }), ms('2026-12-10T15:30:00Z'))).toEqual({ send: [], drop: [] });
    expect(dueReminders(session({ done: ['before-24h', 'before-1h'] }), ms('2026-12-10T16:00:00Z'))).toEqual({ send: ['follow-up'], drop: [] });
    expect(dueReminders(session({ done: ['before-24h', 'before-1h', 'follow-up'] }), ms('2026-12-10T16:00:00Z'))).toEqual({ send: [], drop: [] });
  });

  it('still sends an overdue 24 h reminder while more than 1 h remains', () => {
    expect(dueReminders(session(), ms('2026-12-10T13:59:59Z'))).toEqual({ send: ['before-24h'], drop: [] });
  });

  it('from 1 h before, sends only the 1 h reminder and drops an unsent 24 h one', () => {
    expect(dueReminders(session(), ms('2026-12-10T14:00:00Z'))).toEqual({ send: ['before-1h'], drop: ['before-24h'] });
    expect(dueReminders(session(), ms('2026-12-10T14:59:59.999Z'))).toEqual({ send: ['before-1h'], drop: ['before-24h'] });
  });

  it('never sends a before-start reminder at or after the start', () => {
    expect(dueReminders(session(), start)).toEqual({ send: [], drop: ['before-24h', 'before-1h'] });
    expect(dueReminders(session(), ms('2026-12-10T15:30:00Z'))).toEqual({ send: [], drop: ['before-24h', 'before-1h'] });
    // After downtime past the follow-up time: only the follow-up goes out.
    expect(dueReminders(session(), ms('2026-12-10T17:00:00Z'))).toEqual({ send: ['follow-up'], drop: ['before-24h', 'before-1h'] });
    // Property: for every minute from 25 h before to 14 h after, a before-start reminder is sent
    // only before the start.
    for (let t = start - 25 * H; t <= start + 14 * H; t += 60_000) {
      const { send } = dueReminders(session(), t);
      if (t >= start) expect(send.filter((k) => k !== 'follow-up'), new Date(t).toISOString()).toEqual([]);
      expect(send.length).toBeLessThanOrEqual(1);
    }
  });

  it('drops a follow-up more than 12 h late', () => {
    const s = session({ done: ['before-24h', 'before-1h'] });
    expect(dueReminders(s, ms('2026-12-11T04:00:00Z'))).toEqual({ send: ['follow-up'], drop: [] });
    expect(dueReminders(s, ms('2026-12-11T04:00:00.001Z'))).toEqual({ send: [], drop: ['follow-up'] });
  });

  it('drops reminders whose time had passed when the session was added', () => {
    const late = session({ createdMs: ms('2026-12-10T10:00:00Z') }); // 5 h before the start
    expect(dueReminders(late, ms('2026-12-10T10:01:00Z'))).toEqual({ send: [], drop: ['before-24h'] });
    expect(dueReminders(late, ms('2026-12-10T14:00:00Z'))).toEqual({ send: ['before-1h'], drop: ['before-24h'] });
    const veryLate = session({ createdMs: ms('2026-12-10T14:30:00Z') });
    expect(dueReminders(veryLate, ms('2026-12-10T14:31:00Z'))).toEqual({ send: [], drop: ['before-24h', 'before-1h'] });
  });

  it('gives the next instant to look at', () => {
    expect(nextReminderDueAt(session())).toBe(ms('2026-12-09T15:00:00Z'));
    expect(nextReminderDueAt(session({ done: ['before-24h'] }))).toBe(ms('2026-12-10T14:00:00Z'));
    expect(nextReminderDueAt(session({ done: ['before-24h', 'before-1h'] }))).toBe(ms('2026-12-10T16:00:00Z'));
    expect(nextReminderDueAt(session({ done: ['before-24h', 'before-1h', 'follow-up'] }))).toBeNull();
  });
});
