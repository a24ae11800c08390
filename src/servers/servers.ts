import { KeyedMutex } from '../scheduler/mutex.js';
import { deliverySchema, type Delivery, type DeliverySlot } from '../scheduler/outbox.js';
import { guildRecordSchema, type GuildRecord } from '../store/records.js';
import type { Collection, Store } from '../store/store.js';
import { DigestTally } from '../digest/tally.js';

/** The Outbox key of one weekly guide post: `guide:<guildId>:<dueAt>`. */
export const guideDeliveryKey = (guildId: string, dueAt: number): string => `guide:${guildId}:${dueAt}`;
/** The Outbox keys of one weekly digest: the post (`part` 0), then its thread's messages (1, 2, …). */
export const digestDeliveryKey = (guildId: string, dueAt: number, part: number): string => `digest:${guildId}:${dueAt}:${part}`;
/** Messages a digest may post in its thread (each a list of wins). */
export const DIGEST_PARTS = 6;

/**
 * Every server's settings (default language, weekly guide series) and the delivery records of its
 * guide posts: one owner, one lock per server, as `Members` is for a member's data.
 */
export class Servers {
  private readonly records: Collection<GuildRecord>;
  private readonly deliveries: Collection<Delivery>;
  private readonly lock = new KeyedMutex();

  /** The weekly digest's anonymous counts and shared-wins lists: the server's data too. */
  readonly digest: DigestTally;

  /** Told after every change to a server's record (caches of it drop their copy). */
  onChanged: (guildId: string) => void = () => undefined;

  constructor(store: Store, shards?: { writer: number; writers: number }) {
    this.records = store.collection('guilds', guildRecordSchema);
    this.deliveries = store.collection('deliveries', deliverySchema);
    this.digest = new DigestTally(store, shards);
  }

  async get(guildId: string): Promise<GuildRecord | undefined> {
    return this.records.get(guildId);
  }

  /** Many servers in one read; an unreadable record reads as absent (the server's defaults). */
  async getMany(guildIds: readonly string[]): Promise<(GuildRecord | undefined)[]> {
    return this.records.getMany(guildIds, () => undefined);
  }

  /**
   * Runs `change` on the server's record under its lock and saves what it returns. A change that
   * returns the record it was given (nothing to do) writes nothing.
   */
  async update(guildId: string, change: (guild: GuildRecord) => GuildRecord | Promise<GuildRecord>): Promise<GuildRecord> {
    return this.lock.run(guildId, async () => {
      const current = (await this.records.get(guildId)) ?? { version: 1 as const };
      const next = await change(current);
      if (next === current) return current;
      await this.records.set(guildId, next);
      this.onChanged(guildId);
      return next;
    });
  }

  /**
   * Runs one scheduled post of the server at a time. Its writes go through `update`, whose guard
   * (the schedule still due when it was read) keeps a moderator's change made meanwhile.
   */
  async posting<R>(guildId: string, work: () => Promise<R>): Promise<R> {
    return this.lock.run(`post:${guildId}`, work);
  }

  /** A guide post's delivery record, for the Outbox. */
  slot(guildId: string, dueAt: number): DeliverySlot & { key: string } {
    const key = guideDeliveryKey(guildId, dueAt);
    return { key, get: () => this.deliveries.get(key), set: (delivery) => this.deliveries.set(key, delivery), delete: () => this.deliveries.delete(key) };
  }

  /** One part of a weekly digest's delivery record, for the Outbox. */
  digestSlot(guildId: string, dueAt: number, part: number): DeliverySlot & { key: string } {
    const key = digestDeliveryKey(guildId, dueAt, part);
    return { key, get: () => this.deliveries.get(key), set: (delivery) => this.deliveries.set(key, delivery), delete: () => this.deliveries.delete(key) };
  }

  /** The bot was removed from the server: its settings, its digest's counts and its last posts' records go. */
  async forget(guildId: string): Promise<void> {
    await this.lock.run(guildId, async () => {
      const record = await this.records.get(guildId).catch(() => undefined);
      const last = record?.guideSchedule?.lastDueAt;
      if (last !== undefined) await this.deliveries.delete(guideDeliveryKey(guildId, last));
      const lastDigest = record?.digestSchedule?.lastDueAt;
      if (lastDigest !== undefined) for (let part = 0; part <= DIGEST_PARTS; part++) await this.deliveries.delete(digestDeliveryKey(guildId, lastDigest, part));
      await this.digest.forget(guildId);
      await this.records.delete(guildId);
      this.onChanged(guildId);
    });
  }
}
