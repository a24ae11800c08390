/**
 * What an operator reads while instances contest the lease (README, "Troubleshooting"): a stand-by
 * says once that it stands by, an instance that cannot reach PostgreSQL says so on every try, and
 * the work starts only once the lease is held.
 */
import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { whileLeaseHeld } from '../../src/cluster/active.js';
import { acquireLease } from '../../src/cluster/lease.js';
import { createLogger } from '../../src/log.js';
import { postgresDatabase } from '../support/postgres.js';

const quick = { heartbeatMs: 100, retryMs: 50 };

function capturedLog() {
  const messages: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      messages.push(String(JSON.parse(chunk.toString()).msg));
      done();
    },
  });
  return { messages, log: createLogger('info', stream) };
}

async function until(check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 20_000; !check(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) throw new Error('timed out');
  }
}

describe('an instance contesting the lease', () => {
  it('stands by (said once) while another holds it, and starts its work when the holder lets go', async () => {
    const url = await postgresDatabase();
    const holder = await acquireLease(url, quick);
    const { messages, log } = capturedLog();
    const stopping = new AbortController();
    let started = 0;
    const handle = whileLeaseHeld(url, { name: 'active', lease: quick, start: async () => (started++, async () => undefined) }, log, stopping.signal);
    await until(() => messages.includes('standing by: another instance holds the lease'));
    await new Promise((resolve) => setTimeout(resolve, 300)); // several more refused tries
    expect(messages.filter((message) => message.startsWith('standing by'))).toHaveLength(1);
    expect([started, handle.isHeld()]).toEqual([0, false]);

    await holder.release();
    await until(() => started === 1);
    expect(handle.isHeld()).toBe(true);
    stopping.abort();
    await handle.done;
    expect(handle.isHeld()).toBe(false);
  });

  it('says on every try that it cannot reach the database, and starts nothing', async () => {
    // A port with nothing behind it: the connection is refused at once.
    const closed = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => closed.once('listening', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const { messages, log } = capturedLog();
    const stopping = new AbortController();
    onTestFinished(() => stopping.abort());
    let started = 0;
    const handle = whileLeaseHeld(`postgres://murshid@127.0.0.1:${port}/murshid`, { name: 'active', lease: quick, start: async () => (started++, async () => undefined) }, log, stopping.signal);
    await until(() => messages.filter((message) => message === 'could not reach the database for the lease; trying again').length >= 3);
    expect(started).toBe(0);
    stopping.abort();
    await handle.done;
  });
});
