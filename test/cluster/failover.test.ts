/**
 * Two instances of the built bot (`npm start`) against one PostgreSQL database: one is active, the
 * other stands by without connecting to Discord, and takes over when the active one dies or loses
 * its database connection, finishing the weekly batch with exactly one check-in per member.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fake-discord/index.js';
import { checkinMessagesFor, MINUTE, seedDueCheckins, sleep, waitFor } from '../faults/support.js';
import { networkLink } from '../support/network.js';
import { postgresDatabase, queryDatabase } from '../support/postgres.js';
import { botEnv, runBuilt, type BotProcess } from '../support/process.js';

const MEMBERS = 300;
/** Shorter than any restart: exactly once must rest on the DM history, not on Discord's nonce memory. */
const SHORT_NONCE_WINDOW_MS = 1_000;
/** The promise: a stand-by takes over within a minute. */
const TAKEOVER_BOUND_MS = MINUTE;

const startInstance = (fake: FakeDiscord, url: string): BotProcess => runBuilt('src/index.js', { ...botEnv(fake, url), LOG_LEVEL: 'info' });

const said = (instance: BotProcess, message: string): number => instance.stdout().split('\n').filter((line) => line.includes(`"msg":"${message}`)).length;

/** Starts two instances, the first one active; returns once the second stands by. */
async function activeAndStandBy(fake: FakeDiscord, url: string, secondUrl = url): Promise<[BotProcess, BotProcess]> {
  const active = startInstance(fake, url);
  await waitFor(() => said(active, 'lease held') > 0, () => `the first instance to hold the lease; stderr:\n${active.stderr()}`);
  const standBy = startInstance(fake, secondUrl);
  await waitFor(() => said(standBy, 'standing by') > 0, () => `the second instance to stand by; stdout:\n${standBy.stdout()}`);
  return [active, standBy];
}

/** Every member has exactly one check-in of the week, and no rule of Discord's was broken. */
function expectExactlyOnce(fake: FakeDiscord, members: readonly string[], week: string): void {
  for (const member of members) expect(checkinMessagesFor(fake, member, week), `check-ins of ${member}`).toHaveLength(1);
  expect(fake.nonceDuplicates).toBe(0);
  expect(fake.violations).toEqual([]);
}

describe('one active instance, one standing by (PostgreSQL)', () => {
  it('only the active instance connects to Discord; after kill -9 mid-batch the stand-by takes over and finishes it exactly once', async () => {
    const fake = await FakeDiscord.start({ nonceWindowMs: SHORT_NONCE_WINDOW_MS });
    try {
      const url = await postgresDatabase();
      const { users, week } = await seedDueCheckins(fake, url, MEMBERS);
      let killedAt: number | undefined;
      let active: BotProcess | undefined;
      fake.onMessageCreated(({ count }) => {
        if (killedAt === undefined && active && count >= MEMBERS / 3) {
          killedAt = Date.now();
          active.child.kill('SIGKILL');
        }
      });
      const [first, standBy] = await activeAndStandBy(fake, url);
      // The stand-by has not opened a gateway session: one identify so far, the active one's.
      expect(fake.identifies).toHaveLength(1);
      active = first;
      await waitFor(() => killedAt !== undefined, () => 'the active instance to be killed mid-batch');
      expect((await first.exited).signal).toBe('SIGKILL');
      const sentBeforeKill = users.filter((user) => fake.dmMessagesFor(user).length > 0).length;
      expect(sentBeforeKill).toBeLessThan(MEMBERS);

      await waitFor(
        () => users.every((user) => fake.dmMessagesFor(user).length > 0),
        () => `the stand-by to finish the batch (${users.filter((user) => fake.dmMessagesFor(user).length > 0).length}/${MEMBERS}); stdout:\n${standBy.stdout()}`,
        TAKEOVER_BOUND_MS,
      );
      expect(said(standBy, 'lease held'), standBy.stdout()).toBe(1);
      expect(fake.identifies).toHaveLength(2);
      standBy.child.kill('SIGTERM');
      expect((await standBy.exited).code).toBe(0);
      expectExactlyOnce(fake, users, week);
      // The new holder's fencing token is larger than the dead one's.
      const [lease] = await queryDatabase<{ token: string }>(url, "SELECT token FROM murshid_lease WHERE name = 'active'");
      expect(Number(lease!.token)).toBe(2);
    } finally {
      await fake.stop();
    }
  }, 120_000);

  it('an instance whose lease connection is cut stops sending at once and stands by; the other takes over, exactly once', async () => {
    const fake = await FakeDiscord.start({ nonceWindowMs: SHORT_NONCE_WINDOW_MS });
    try {
      const url = await postgresDatabase();
      const { users, week } = await seedDueCheckins(fake, url, MEMBERS);
      let cut: Promise<unknown> | undefined;
      let armed = false;
      fake.onMessageCreated(({ count }) => {
        // The database ends the holder's session, as a failover of the database or a network cut seen from its side would.
        if (armed && !cut && count >= MEMBERS / 3) {
          cut = queryDatabase(url, "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
        }
      });
      const [first, second] = await activeAndStandBy(fake, url);
      armed = true;
      await waitFor(() => cut !== undefined, () => 'the lease connection to be cut mid-batch');
      await cut;
      await waitFor(() => said(first, 'lease lost') > 0, () => `the first instance to notice; stdout:\n${first.stdout()}`);
      await waitFor(
        () => users.every((user) => fake.dmMessagesFor(user).length > 0),
        () => `the other instance to finish the batch; stdout:\n${second.stdout()}`,
        TAKEOVER_BOUND_MS,
      );
      expect(said(second, 'lease held')).toBe(1);
      // The first instance went back to standing by rather than exiting: it can take over again.
      await waitFor(() => said(first, 'standing by') > 0, () => `the first instance to stand by again; stdout:\n${first.stdout()}`);
      expect(first.child.exitCode).toBeNull();
      await sleep(500);
      for (const instance of [first, second]) instance.child.kill('SIGTERM');
      expect((await first.exited).code).toBe(0);
      expect((await second.exited).code).toBe(0);
      expectExactlyOnce(fake, users, week);
    } finally {
      await fake.stop();
    }
  }, 120_000);

  it('an instance cut off from the network stops by itself; once the database ends its session the stand-by takes over, exactly once', async () => {
    const fake = await FakeDiscord.start({ nonceWindowMs: SHORT_NONCE_WINDOW_MS });
    try {
      const url = await postgresDatabase();
      const { users, week } = await seedDueCheckins(fake, url, MEMBERS);
      // The first instance reaches the database through a link we can cut.
      const throughLink = new URL(url);
      const link = await networkLink(Number(throughLink.port));
      throughLink.port = String(link.port);
      let armed = false;
      let cutAt: number | undefined;
      fake.onMessageCreated(({ count }) => {
        if (armed && cutAt === undefined && count >= MEMBERS / 3) {
          cutAt = count;
          link.cut();
        }
      });
      const [first, second] = await activeAndStandBy(fake, throughLink.toString(), url);
      armed = true;
      // No error reaches the first instance: only its unanswered heartbeats tell it.
      await waitFor(() => said(first, 'lease lost') > 0, () => `the cut-off instance to give up its lease; stdout:\n${first.stdout()}`, 30_000);
      const sentWhenLost = fake.channelMessagesCreated;
      // The database still believes the session alive until its keepalives go unanswered:
      // meanwhile nobody sends.
      await sleep(3_000);
      const logs = () => `first:\n${first.stdout()}\nsecond:\n${second.stdout()}`;
      expect(fake.channelMessagesCreated, logs()).toBe(sentWhenLost);
      expect(said(second, 'lease held'), logs()).toBe(0);
      link.dropFarSide();
      await waitFor(
        () => users.every((user) => fake.dmMessagesFor(user).length > 0),
        () => `the stand-by to finish the batch; stdout:\n${second.stdout()}`,
        TAKEOVER_BOUND_MS,
      );
      expect(said(second, 'lease held')).toBe(1);
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
      first.child.kill('SIGKILL'); // still cut off: its database calls never return
      expectExactlyOnce(fake, users, week);
    } finally {
      await fake.stop();
    }
  }, 120_000);
});

describe('npm run start:sharded on two machines (PostgreSQL)', () => {
  it('each machine runs its SHARD_LIST; when the one running the scheduler dies mid-batch, the other machine’s shard finishes it exactly once', async () => {
    const fake = await FakeDiscord.start({ shards: 2, nonceWindowMs: SHORT_NONCE_WINDOW_MS });
    try {
      const url = await postgresDatabase();
      const { users, week } = await seedDueCheckins(fake, url, MEMBERS);
      const machine = (shardList: string) => runBuilt('src/shard.js', { ...botEnv(fake, url), LOG_LEVEL: 'info', TOTAL_SHARDS: '2', SHARD_LIST: shardList });
      const machines = [machine('0'), machine('1')];
      await fake.waitForIdentify({ count: 2, timeoutMs: 30_000 });
      expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);

      // The scheduler runs in whichever shard holds its lease; its machine goes down mid-batch.
      let killed: Promise<void> | undefined;
      fake.onMessageCreated(({ count }) => {
        if (killed || count < MEMBERS / 3) return;
        killed = (async () => {
          const [lease] = await queryDatabase<{ holder: string }>(url, "SELECT holder FROM murshid_lease WHERE name = 'scheduler'");
          const shardPid = Number(lease!.holder.split(':').pop());
          const doomed = machines.find((candidate) => candidate.child.pid === parentOf(shardPid))!;
          doomed.child.kill('SIGKILL');
          process.kill(shardPid, 'SIGKILL');
          survivor = machines.find((candidate) => candidate !== doomed);
        })();
      });
      let survivor: BotProcess | undefined;
      await waitFor(() => killed !== undefined, () => `a batch to start; stdout:\n${machines.map((m) => m.stdout()).join('\n')}`);
      await killed;
      await waitFor(
        () => users.every((user) => fake.dmMessagesFor(user).length > 0),
        () => `the surviving machine to finish the batch; stdout:\n${survivor?.stdout()}`,
        TAKEOVER_BOUND_MS,
      );
      survivor!.child.kill('SIGTERM');
      await survivor!.exited;
      expectExactlyOnce(fake, users, week);
    } finally {
      await fake.stop();
    }
  }, 120_000);
});

/** The parent process of `pid` (Linux). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
