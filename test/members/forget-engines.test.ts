/**
 * Export and forget against the store engines as they really keep data: after `/checkin forget`,
 * no row of the store's table holds the member's id or anything they wrote, whichever shard filed
 * their scheduling entries. Read straight from the table, not through the bot's own code.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { Checkins } from '../../src/checkins/checkins.js';
import { Goals } from '../../src/goals/goals.js';
import { Members } from '../../src/members/members.js';
import { DueIndex } from '../../src/scheduler/due-index.js';
import { Sessions } from '../../src/sessions/sessions.js';
import { openAdapter, openStore } from '../../src/store/store.js';
import { engines } from '../support/engines.js';

const MONDAY = Date.UTC(2026, 10, 23, 9, 0);
const DAY = 24 * 3_600_000;
const MEMBER = '412345678901234567';
const NEIGHBOUR = '498765432109876543';
const SECRET_GOAL = 'Finish-the-Rust-book-4471';
const SECRET_MENTOR = 'Mentor-Rania-8820';

describe.each(engines)('export and forget on $engine', ({ url }) => {
  it('export shows all of it; forget leaves no row naming the member or holding their words, in any shard’s index', async () => {
    const databaseUrl = await url();
    const store = await openStore(databaseUrl);
    onTestFinished(() => store.close());
    // Two shards over one store: each files its own scheduling entries.
    const shards = [0, 1].map((writer) => new Members(store, new DueIndex(store, { writer, writers: 2 }, () => MONDAY)));
    const [onShard0, onShard1] = shards as [Members, Members];
    const schedule = { weekday: 5, hour: 18, minute: 0, timeZone: 'Asia/Damascus' } as const;

    for (const members of shards) await new Checkins(members).subscribe(NEIGHBOUR, schedule, null, MONDAY);
    await new Checkins(onShard1).subscribe(MEMBER, schedule, null, MONDAY);
    await new Goals(onShard1).add(MEMBER, SECRET_GOAL, MONDAY);
    await new Sessions(onShard0).add(MEMBER, { startsAt: MONDAY + 3 * DAY, timeZone: 'Asia/Damascus', with: SECRET_MENTOR }, MONDAY);

    const exported = JSON.stringify(await onShard0.export(MEMBER));
    expect(exported).toContain(SECRET_GOAL);
    expect(exported).toContain(SECRET_MENTOR);

    await onShard0.forget(MEMBER, MONDAY + DAY);

    const { query, adapter } = await openAdapter(databaseUrl);
    onTestFinished(() => adapter.disconnect?.());
    const rows = (await query('SELECT key, value FROM keyv')).map((row) => `${String(row.key)} ${String(row.value)}`);
    const naming = rows.filter((row) => row.includes(MEMBER) || row.includes(SECRET_GOAL) || row.includes(SECRET_MENTOR));
    expect(naming).toEqual([]);
    // The neighbour, filed by both shards, is untouched.
    expect(rows.filter((row) => row.startsWith('due:') && row.includes(NEIGHBOUR)).length).toBeGreaterThan(0);
    expect(await onShard0.export(MEMBER)).toMatchObject({ settings: null, goals: null });
  });
});
