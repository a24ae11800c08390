import { keptWeeks, streakOf } from '../checkins/checkins.js';
import { GOALS, SESSIONS, WEEK, type Members } from '../members/members.js';
import type { CheckinWeek } from '../store/records.js';
import { goalCounts, sessionsHeld, weekCells, type ProgressFacts } from './facts.js';

/** A member's progress, read (never written) through their one owner: what the cards show. */
export class Progress {
  constructor(private readonly members: Members) {}

  async facts(userId: string, now: number): Promise<ProgressFacts> {
    return this.members.read(userId, async (member) => {
      const ids = keptWeeks(member.profile);
      const weeks = (await member.getMany(WEEK, ids.map((week) => [week] as const))).filter((week): week is CheckinWeek => week !== undefined);
      const [goals, sessions] = await Promise.all([member.get(GOALS), member.get(SESSIONS)]);
      return {
        weeks: weekCells(member.profile, weeks, now),
        streak: streakOf(member.profile, weeks),
        goals: goalCounts(goals),
        sessionsHeld: sessionsHeld(sessions, now),
      };
    });
  }
}
