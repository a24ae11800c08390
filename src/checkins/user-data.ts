import type { Services } from '../services.js';
import { sessionDeliveryKey, sessionJob } from '../sessions/sessions.js';
import { sessionReminderTimes } from '../time/index.js';
import { checkinJob, weekKey } from './checkins.js';
import { checkinDeliveryKey } from './job.js';

const REMINDER_KINDS = ['before-24h', 'before-1h', 'follow-up'] as const;

/** Every record about one user, as `/checkin export` gives it. */
export async function exportUserData(services: Services, userId: string, now: number) {
  const { checkins, goals, sessions, outbox } = services;
  const user = await checkins.users.get(userId);
  const weeks = user?.weeks ?? [];
  const sessionRecord = await sessions.get(userId);
  const deliveryKeys = [
    ...weeks.map((week) => checkinDeliveryKey(userId, week)),
    ...(sessionRecord?.items ?? []).flatMap((session) => REMINDER_KINDS.map((kind) => sessionDeliveryKey(userId, session.id, kind))),
  ];
  const deliveries = await outbox.records.getMany(deliveryKeys);
  return {
    exportedAt: new Date(now).toISOString(),
    userId,
    settings: user ?? null,
    checkins: (await checkins.weeks.getMany(weeks.map((week) => weekKey(userId, week)))).filter(Boolean),
    goals: (await goals.records.get(userId))?.items ?? [],
    sessions: sessionRecord?.items ?? [],
    deliveries: Object.fromEntries(deliveryKeys.flatMap((key, i) => (deliveries[i] ? [[key, deliveries[i]]] : []))),
  };
}

/**
 * Deletes every record about one user: settings, answers, goals, sessions, delivery records and
 * their entries in the due index. SQLite's secure_delete zeroes the freed bytes, so none of it
 * can be read back from the database file.
 */
export async function forgetUser(services: Services, userId: string): Promise<void> {
  const { checkins, goals, sessions, outbox, index } = services;
  await checkins.userLock.run(userId, async () => {
    const user = await checkins.users.get(userId);
    const sessionRecord = await sessions.get(userId);
    // Index entries first: they name the user, and a tick must not find a job without its record.
    if (user?.checkin) await index.remove(user.checkin.nextDueAt, checkinJob(userId));
    for (const session of sessionRecord?.items ?? []) {
      for (const { atMs } of sessionReminderTimes(session.startsAt)) await index.remove(atMs, sessionJob(userId, session.id));
      for (const kind of REMINDER_KINDS) await outbox.records.delete(sessionDeliveryKey(userId, session.id, kind));
    }
    for (const week of user?.weeks ?? []) {
      await outbox.records.delete(checkinDeliveryKey(userId, week));
      await checkins.weeks.delete(weekKey(userId, week));
    }
    await sessions.delete(userId);
    await goals.records.delete(userId);
    await checkins.users.delete(userId);
  });
  services.languages.forget('user', userId);
}
