import { randomBytes } from 'node:crypto';
import { UserError } from '../discord/errors.js';
import { counted } from '../i18n/index.js';
import { currentWeek } from '../checkins/checkins.js';
import type { DigestTally } from '../digest/tally.js';
import { GOALS, type Members } from '../members/members.js';
import { MAX_OPEN_GOALS, type GoalsRecord } from '../store/records.js';

export type Goal = GoalsRecord['items'][number];

export const openGoals = (goals: readonly Goal[] = []): Goal[] => goals.filter((goal) => !goal.doneAt);

/** "Set clear goals": a member's goals, which the weekly check-in asks about. Kept by `Members`. */
export class Goals {
  /** `tally`: the digest's anonymous counts of the member's server (goals completed). */
  constructor(
    private readonly members: Members,
    private readonly tally?: DigestTally,
  ) {}

  /** Adds a goal; returns it with the number of open goals after. */
  async add(userId: string, text: string, now: number): Promise<{ goal: Goal; open: number }> {
    return this.members.update(
      userId,
      async (member) => {
        const record = (await member.get(GOALS)) ?? { version: 1 as const, items: [] };
        const open = openGoals(record.items).length;
        if (open >= MAX_OPEN_GOALS) throw new UserError('goal.too_many', { max: counted('count.open_goals', MAX_OPEN_GOALS) });
        const goal: Goal = { id: randomBytes(4).toString('hex'), text, createdAt: now };
        await member.put(GOALS, { ...record, items: [...record.items, goal] });
        return { goal, open: open + 1 };
      },
      { create: true },
    );
  }

  /** Marks an open goal done; returns it with the number of open goals after. */
  async complete(userId: string, goalId: string, now: number): Promise<{ goal: Goal; open: number }> {
    return this.members.update(userId, async (member) => {
      const record = await member.get(GOALS);
      const goal = openGoals(record?.items).find((candidate) => candidate.id === goalId);
      if (!record || !goal) throw new UserError('goal.unknown', { value: goalId });
      const done = { ...goal, doneAt: now };
      const items = record.items.map((item) => (item.id === goalId ? done : item));
      await member.put(GOALS, { ...record, items });
      const home = member.profile?.homeGuildId;
      if (home) await this.tally?.count(home, currentWeek(member.profile, now), { goalsDone: 1 });
      return { goal: done, open: openGoals(items).length };
    }, { create: true });
  }

  async list(userId: string): Promise<Goal[]> {
    return this.members.read(userId, async (member) => (await member.get(GOALS))?.items ?? []);
  }
}
