import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Checkins } from '../../src/checkins/checkins.js';
import { applyChange, emptyCounts, streakBucket, TALLY_WEEKS } from '../../src/digest/tally.js';
import { Members } from '../../src/members/members.js';
import { DueIndex } from '../../src/scheduler/due-index.js';
import { Servers } from '../../src/servers/servers.js';
import { openStore } from '../../src/store/store.js';
import { addIsoWeeks } from '../../src/time/index.js';
import { tempDir } from '../support/temp.js';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const GUILD = '100000000000000001';

async function store(file = join(tempDir(), 'murshid.sqlite')) {
  const opened = await openStore(`sqlite://${file}`);
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= opened.close());
  onTestFinished(close);
  return { store: opened, file, close };
}

describe('the digest counts', () => {
  it('buckets streaks and never counts below zero', () => {
    expect([1, 2, 3, 4, 7, 8, 40].map(streakBucket)).toEqual(['1', '2-3', '2-3', '4-7', '4-7', '8+', '8+']);
    expect(applyChange(emptyCounts(), { skipped: -1, answered: 1, streak: '1' })).toMatchObject({ skipped: 0, answered: 1, streaks: { '1': 1 } });
  });

  it('follow a member’s week as it changes: a skip then an answer is one answer; an answer replaced is not counted again', async () => {
    const { store: opened } = await store();
    const servers = new Servers(opened);
    const checkins = new Checkins(new Members(opened, new DueIndex(opened)), servers.digest);
    await checkins.subscribe('200000000000000001', { weekday: 5, hour: 18, minute: 0, timeZone: 'UTC' }, GUILD, NOW);
    await checkins.skip('200000000000000001', '2026-W48', NOW);
    expect((await servers.digest.weeks(GUILD)).get('2026-W48')).toMatchObject({ answered: 0, skipped: 1 });
    const answers = { wins: 'a', difficulties: '', suggestions: '', focus: 'b' };
    await checkins.answer('200000000000000001', '2026-W48', answers, NOW);
    await checkins.answer('200000000000000001', '2026-W48', { ...answers, wins: 'again' }, NOW);
    await checkins.pause('200000000000000001', 'user', NOW);
    await checkins.pause('200000000000000001', 'user', NOW); // already paused: not counted twice
    expect((await servers.digest.weeks(GUILD)).get('2026-W48')).toEqual({ ...emptyCounts(), answered: 1, paused: 1, streaks: { '1': 1, '2-3': 0, '4-7': 0, '8+': 0 } });
  });

  it('keep the latest 13 weeks, add up the shards’ records, and hold no member id', async () => {
    const { store: opened, file, close } = await store();
    const shard0 = new Servers(opened, { writer: 0, writers: 2 });
    const shard1 = new Servers(opened, { writer: 1, writers: 2 });
    for (let i = 0; i < 20; i++) await shard0.digest.count(GUILD, addIsoWeeks('2026-W48', -i), { answered: 1 });
    await shard1.digest.count(GUILD, '2026-W48', { answered: 2 });
    const weeks = await shard0.digest.weeks(GUILD);
    expect(weeks.size).toBe(TALLY_WEEKS);
    expect(weeks.get('2026-W48')!.answered).toBe(3);
    expect(weeks.has(addIsoWeeks('2026-W48', -TALLY_WEEKS))).toBe(false);

    // A win filed by one shard is withdrawn by the other.
    await shard1.digest.setWinner(GUILD, '2026-W48', '300000000000000003', true);
    expect(await shard0.digest.winners(GUILD, '2026-W48')).toEqual(['300000000000000003']);
    await shard0.digest.setWinner(GUILD, '2026-W48', '300000000000000003', false);
    expect(await shard0.digest.winners(GUILD, '2026-W48')).toEqual([]);

    await close();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file).includes('300000000000000003')).toBe(false);
  });

  it('go when the bot leaves the server', async () => {
    const { store: opened } = await store();
    const servers = new Servers(opened);
    await servers.digest.count(GUILD, '2026-W48', { answered: 1 });
    await servers.digest.setWinner(GUILD, '2026-W48', '300000000000000003', true);
    await servers.update(GUILD, (guild) => ({ ...guild, digestSchedule: { weekday: 5, hour: 18, minute: 0, timeZone: 'UTC', channelId: '1', status: 'active', nextDueAt: NOW } }));
    await servers.forget(GUILD);
    expect((await servers.digest.weeks(GUILD)).size).toBe(0);
    expect(await servers.digest.winners(GUILD, '2026-W48')).toEqual([]);
    expect(await servers.get(GUILD)).toBeUndefined();
  });
});
