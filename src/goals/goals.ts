import { randomBytes } from 'node:crypto';
import { UserError } from '../discord/errors.js';
import { counted } from '../i18n/index.js';
import { KeyedMutex } from '../scheduler/mutex.js';
import { goalsRecordSchema, MAX_OPEN_GOALS, type GoalsRecord } from '../store/records.js';
import type { Collection, Store } from '../store/store.js';

export type Goal = GoalsRecord['items'][number];

export const openGoals = (goals: readonly Goal[] = []): Goal[] => goals.filter((goal) => !goal.doneAt);

/** "Set clear goals": a member's goals, which the weekly check-in asks about. */
export class Goals {
  readonly records: Collection<GoalsRecord>;
  private readonly lock = new KeyedMutex();

  constructor(store: Store) {
    this.records = store.collection('goals', goalsRecordSchema);
  }

  async add(userId: string, text: string, now: number): Promise<Goal> {
    return this.lock.run(userId, async () => {
      const record = (await this.records.get(userId)) ?? { version: 1 as const, items: [] };
      if (openGoals(record.items).length >= MAX_OPEN_GOALS) throw new UserError('goal.too_many', { max: counted('count.open_goals', MAX_OPEN_GOALS) });
      const goal: Goal = { id: randomBytes(4).toString('hex'), text, createdAt: now };
      await this.records.set(userId, { ...record, items: [...record.items, goal] });
      return goal;
    });
  }

  async complete(userId: string, goalId: string, now: number): Promise<Goal> {
    return this.lock.run(userId, async () => {
      const record = await this.records.get(userId);
      const goal = openGoals(record?.items).find((candidate) => candidate.id === goalId);
      if (!record || !goal) throw new UserError('goal.unknown', { value: goalId });
      const done = { ...goal, doneAt: now };
      await this.records.set(userId, { ...record, items: record.items.map((item) => (item.id === goalId ? done : item)) });
      return done;
    });
  }

  async list(userId: string): Promise<Goal[]> {
    return (await this.records.get(userId))?.items ?? [];
  }
}
