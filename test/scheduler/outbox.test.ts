import { describe, expect, it } from 'vitest';
import { deliverySchema, NotActiveError, Outbox, type DeliverySlot } from '../../src/scheduler/outbox.js';
import { setupSessions } from '../sessions/support.js';

describe('Outbox fence', () => {
  it('an instance that no longer holds the lease sends nothing and records no intent', async () => {
    const { discord, store } = await setupSessions();
    const records = store.collection('deliveries', deliverySchema);
    const slotFor = (key: string): DeliverySlot & { key: string } => ({
      key,
      get: () => records.get(key),
      set: (delivery) => records.set(key, delivery),
      delete: () => records.delete(key).then(() => undefined),
    });
    let held = true;
    const outbox = new Outbox(discord.rest, () => held);
    const body = { content: 'Your weekly check-in' };

    expect(await outbox.deliver(slotFor('a'), '700000000000000001', body, 'marker-a', 0)).toMatchObject({ status: 'sent' });
    held = false; // the lease is lost: the heartbeat failed, or the database ended the session
    await expect(outbox.deliver(slotFor('b'), '700000000000000002', body, 'marker-b', 0)).rejects.toBeInstanceOf(NotActiveError);
    expect(discord.messages.map((message) => message.channelId)).toEqual(['700000000000000001']);
    expect(await records.get('b')).toBeUndefined();
  });
});
