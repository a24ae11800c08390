import type { Members } from '../members/members.js';
import type { DueIndex } from '../scheduler/due-index.js';
import { WeeklySeries } from '../servers/series.js';
import type { Servers } from '../servers/servers.js';
import { addIsoWeeks } from '../time/index.js';
import type { DigestFacts, SharedWin } from './message.js';
import { emptyCounts } from './tally.js';

/** Weeks in the digest's chart. */
export const CHART_WEEKS = 12;

/**
 * The moderators' weekly digest: its schedule (a weekly series in the server's record), the facts
 * it shows (from the server's counts, never a scan of its members), and the wins members share for
 * it (each win kept in its author's own data, so export and forget cover it).
 */
export class Digests extends WeeklySeries<'digestSchedule'> {
  constructor(
    servers: Servers,
    private readonly members: Members,
    index: DueIndex,
  ) {
    super(servers, index, 'digestSchedule', 'digest');
  }

  /** What the digest of `week` shows: two reads for the counts and wins lists, and one per sharer. */
  async facts(guildId: string, week: string): Promise<DigestFacts> {
    const weeks = await this.servers.digest.weeks(guildId);
    const history = Array.from({ length: CHART_WEEKS }, (_, i) => addIsoWeeks(week, i - CHART_WEEKS + 1)).map((key) => ({ week: key, counts: weeks.get(key) ?? emptyCounts() }));
    return { week, counts: weeks.get(week) ?? emptyCounts(), history, wins: await this.wins(guildId, week) };
  }

  /** The wins shared for the server's digest of `week`, by those who still share them. */
  async wins(guildId: string, week: string): Promise<SharedWin[]> {
    const ids = await this.servers.digest.winners(guildId, week);
    if (ids.length === 0) return [];
    const snapshot = await this.members.snapshot(ids, () => []);
    return ids
      .map((id) => snapshot.get(id)?.profile?.sharedWin)
      .filter((win): win is NonNullable<typeof win> => win?.guildId === guildId && win.week === week)
      .map(({ name, text }) => ({ name, text }));
  }

  /**
   * Shares one win of the member's for the server's digest of `week` (replacing an earlier share):
   * the win in their profile first, then their id in the server's list, under their lock.
   */
  async share(userId: string, guildId: string, week: string, text: string, name: string, now: number): Promise<void> {
    await this.members.update(userId, async (member) => {
      const previous = member.profile?.sharedWin;
      member.setProfile((profile) => ({ ...profile, sharedWin: { guildId, week, text, name, sharedAt: now } }));
      await member.flush();
      if (previous && (previous.guildId !== guildId || previous.week !== week)) await this.servers.digest.setWinner(previous.guildId, previous.week, userId, false);
      await this.servers.digest.setWinner(guildId, week, userId, true);
    });
  }

  /** Withdraws the member's shared win; false if there was none. */
  async withdraw(userId: string): Promise<boolean> {
    return this.members.update(userId, async (member) => {
      const win = member.profile?.sharedWin;
      if (!win) return false;
      member.setProfile((profile) => ({ ...profile, sharedWin: undefined }));
      await member.flush();
      await this.servers.digest.setWinner(win.guildId, win.week, userId, false);
      return true;
    });
  }
}
