import { z } from 'zod';
import { KeyedMutex } from '../scheduler/mutex.js';
import type { Collection, Store } from '../store/store.js';
import { isoWeekKey } from '../time/index.js';

/*
 * The digest's numbers, kept as check-ins are saved: one small record of anonymous counts per
 * server, updated under the member's lock at the moment their week changes (so a replaced answer is
 * never counted twice), and read whole at post time: reads per digest do not grow with the number of
 * members. The counts name no one; the shared wins, which do name their author, are a separate
 * record of member ids whose text lives in each member's own data (see `Digests`).
 *
 * Keyv has no transactions: each shard process writes records of its own (`<guild>:<shard>`, shard 0
 * plain `<guild>`), as the due index does, and a read adds them up.
 */

export const STREAK_BUCKETS = ['1', '2-3', '4-7', '8+'] as const;
export type StreakBucket = (typeof STREAK_BUCKETS)[number];
export const streakBucket = (streak: number): StreakBucket => (streak >= 8 ? '8+' : streak >= 4 ? '4-7' : streak >= 2 ? '2-3' : '1');

const COUNTED = ['answered', 'skipped', 'paused', 'goalsDone', 'sessionsHeld', 'mentorshipsStarted'] as const;
type Counted = (typeof COUNTED)[number];

const count = z.number().int().min(0);
export const weekCountsSchema = z.object({
  answered: count,
  skipped: count,
  paused: count,
  goalsDone: count,
  sessionsHeld: count,
  /** In-server mentorships accepted that week (counts kept before mentoring existed read as 0). */
  mentorshipsStarted: count.default(0),
  streaks: z.object({ '1': count, '2-3': count, '4-7': count, '8+': count }),
});
export type WeekCounts = z.infer<typeof weekCountsSchema>;

const tallySchema = z.object({ version: z.literal(1), weeks: z.record(z.string(), weekCountsSchema) });
const winnersSchema = z.object({ version: z.literal(1), weeks: z.record(z.string(), z.array(z.string())) });

/** A change to one week's counts: +1 / -1 per field, and the streak a member's answer reached. */
export type CountChange = Partial<Record<Counted, number>> & { streak?: StreakBucket };

export const emptyCounts = (): WeekCounts => ({ answered: 0, skipped: 0, paused: 0, goalsDone: 0, sessionsHeld: 0, mentorshipsStarted: 0, streaks: { '1': 0, '2-3': 0, '4-7': 0, '8+': 0 } });

/** The week a count belongs to: the ISO week of `ms` in `timeZone` (UTC if none, or if this Node no longer knows it). */
export function tallyWeek(ms: number, timeZone = 'UTC'): string {
  try {
    return isoWeekKey(ms, timeZone);
  } catch {
    return isoWeekKey(ms, 'UTC');
  }
}

/** Weeks kept per server: the chart's twelve and one more. */
export const TALLY_WEEKS = 13;

/** `counts` after `change` (never below zero). Pure. */
export function applyChange(counts: WeekCounts, change: CountChange): WeekCounts {
  const next = { ...counts, streaks: { ...counts.streaks } };
  for (const field of COUNTED) next[field] = Math.max(0, next[field] + (change[field] ?? 0));
  if (change.streak) next.streaks[change.streak] += 1;
  return next;
}

/** Two shards' counts of one week, added up. Pure. */
export function addCounts(a: WeekCounts, b: WeekCounts): WeekCounts {
  const sum = applyChange(a, Object.fromEntries(COUNTED.map((field) => [field, b[field]])));
  for (const bucket of STREAK_BUCKETS) sum.streaks[bucket] += b.streaks[bucket];
  return sum;
}

/** The newest `TALLY_WEEKS` weeks of a record (`YYYY-Www` keys sort in time order). */
const newest = <T>(weeks: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(weeks).sort(([a], [b]) => a.localeCompare(b)).slice(-TALLY_WEEKS));

export class DigestTally {
  private readonly counts: Collection<z.infer<typeof tallySchema>>;
  private readonly winnerLists: Collection<z.infer<typeof winnersSchema>>;
  private readonly lock = new KeyedMutex();

  constructor(
    store: Store,
    private readonly shards: { writer: number; writers: number } = { writer: 0, writers: 1 },
  ) {
    this.counts = store.collection('digest', tallySchema);
    this.winnerLists = store.collection('digest-wins', winnersSchema);
  }

  private keys(guildId: string): string[] {
    return Array.from({ length: this.shards.writers }, (_, writer) => (writer === 0 ? guildId : `${guildId}:${writer}`));
  }

  private own(guildId: string): string {
    return this.keys(guildId)[this.shards.writer] ?? guildId;
  }

  /** Adds `change` to the server's counts for `week`. */
  async count(guildId: string, week: string, change: CountChange): Promise<void> {
    const key = this.own(guildId);
    await this.lock.run(`counts:${key}`, async () => {
      const record = (await this.counts.get(key)) ?? { version: 1 as const, weeks: {} };
      const weeks = { ...record.weeks, [week]: applyChange(record.weeks[week] ?? emptyCounts(), change) };
      await this.counts.set(key, { version: 1, weeks: newest(weeks) });
    });
  }

  /** Every kept week's counts for the server, all shards added up: one read. */
  async weeks(guildId: string): Promise<Map<string, WeekCounts>> {
    const records = await this.counts.getMany(this.keys(guildId), () => undefined);
    const out = new Map<string, WeekCounts>();
    for (const record of records) {
      for (const [week, counts] of Object.entries(record?.weeks ?? {})) out.set(week, addCounts(out.get(week) ?? emptyCounts(), counts));
    }
    return out;
  }

  /** Files (or withdraws) a member's shared win for `week`: their id only, the text stays theirs. */
  async setWinner(guildId: string, week: string, memberId: string, shared: boolean): Promise<void> {
    // A withdrawal looks in every shard's list: the share may have been filed by another process.
    for (const key of shared ? [this.own(guildId)] : this.keys(guildId)) await this.updateWinners(key, week, memberId, shared);
  }

  private async updateWinners(key: string, week: string, memberId: string, shared: boolean): Promise<void> {
    await this.lock.run(`wins:${key}`, async () => {
      const record = (await this.winnerLists.get(key)) ?? { version: 1 as const, weeks: {} };
      const others = (record.weeks[week] ?? []).filter((id) => id !== memberId);
      const weeks = { ...record.weeks, [week]: shared ? [...others, memberId] : others };
      if (!shared && !record.weeks[week]?.includes(memberId)) return;
      if (weeks[week]!.length === 0) delete weeks[week];
      if (Object.keys(weeks).length === 0) await this.winnerLists.delete(key);
      else await this.winnerLists.set(key, { version: 1, weeks: newest(weeks) });
    });
  }

  /** The ids of members who shared a win for `week`, in the order they shared. */
  async winners(guildId: string, week: string): Promise<string[]> {
    const records = await this.winnerLists.getMany(this.keys(guildId), () => undefined);
    return [...new Set(records.flatMap((record) => record?.weeks[week] ?? []))];
  }

  /** The bot left the server: its counts and wins lists go. */
  async forget(guildId: string): Promise<void> {
    for (const key of this.keys(guildId)) {
      await this.counts.delete(key);
      await this.winnerLists.delete(key);
    }
  }
}
