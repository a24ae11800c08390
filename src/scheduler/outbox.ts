import { createHash } from 'node:crypto';
import type { RawFile, REST } from '@discordjs/rest';
import { Routes, type APIMessage, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { z } from 'zod';
import { discordErrorCode } from '../discord/errors.js';

/**
 * Exactly-once delivery of scheduled messages (check-ins, reminders, guide posts).
 *
 * 1. The intent is recorded before sending.
 * 2. The message goes out with a nonce derived from the delivery's key and `enforce_nonce`, so
 *    Discord itself drops a repeat it still remembers.
 * 3. It is marked sent afterwards.
 * An intent left unmarked (the process died between 2 and 3) is resent only after the channel's
 * recent messages show no message carrying the delivery's marker, however recent the intent:
 * Discord remembers a nonce for "a few minutes", an undocumented span we do not rely on.
 * The nonce stays on every send as a second guard. Where the history cannot be read (a server
 * channel without Read Message History), the nonce is all that is left.
 *
 * The record lives with its owner (a member's, or a server's, records), which hands the Outbox a
 * `DeliverySlot`: the owner's lock and key scheme cover the delivery record too.
 */
export const deliverySchema = z.object({
  version: z.literal(1),
  state: z.enum(['intent', 'sent', 'failed']),
  /** When the latest attempt began. */
  attemptAt: z.number(),
  attempts: z.number().int(),
  /** Text every message of this delivery carries (a custom_id part or footer), found in history. */
  marker: z.string(),
  messageId: z.string().optional(),
  errorCode: z.number().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export type DeliveryResult = { status: 'sent'; messageId: string } | { status: 'already-sent' } | { status: 'failed'; code: number };

/** Discord answers these the same way however often we ask: retrying only earns invalid requests. */
export const PERMANENT_ERRORS = new Set([
  10003, // unknown channel
  10004, // unknown guild
  10013, // unknown user
  50001, // missing access
  50007, // cannot send messages to this user
  50013, // missing permissions
]);

/** Where one delivery's record is kept: read, written and deleted by its owner's rules. */
export interface DeliverySlot {
  get(): Promise<Delivery | undefined>;
  set(delivery: Delivery): Promise<void>;
  delete(): Promise<void>;
}

/** A deterministic nonce (≤ 25 characters) for a delivery key. */
export const nonceFor = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 24);

/** Thrown instead of sending once this instance is no longer the active one (see src/cluster/). */
export class NotActiveError extends Error {
  override name = 'NotActiveError';
  constructor() {
    super('this instance no longer holds the lease; it sends nothing more');
  }
}

export class Outbox {
  /**
   * `isActive`: whether this instance still holds the lease to send scheduled messages, asked
   * before each delivery and right before each send, so an instance that has lost it stops at once.
   */
  constructor(
    private readonly rest: REST,
    private readonly isActive: () => boolean = () => true,
  ) {}

  /** Throws `NotActiveError` once this instance may no longer send: what a scheduled send outside `deliver` (a thread) asks first. */
  fence(): void {
    if (!this.isActive()) throw new NotActiveError();
  }

  /** Sends `body` (with `files`, if any) to `channelId` once for the delivery kept in `slot` (whose key names the nonce). */
  async deliver(
    slot: DeliverySlot & { key: string },
    channelId: string,
    body: RESTPostAPIChannelMessageJSONBody,
    marker: string,
    now: number,
    files?: RawFile[],
  ): Promise<DeliveryResult> {
    this.fence();
    const known = await slot.get();
    if (known?.state === 'sent') return { status: 'already-sent' };
    if (known?.state === 'failed') return { status: 'failed', code: known.errorCode ?? 0 };
    if (known) {
      // Unmarked: the last attempt may or may not have reached Discord. Look before resending.
      const found = await this.findInHistory(channelId, marker);
      if (found) {
        await slot.set({ ...known, state: 'sent', messageId: found });
        return { status: 'already-sent' };
      }
    }
    const key = slot.key;
    const intent: Delivery = { version: 1, state: 'intent', attemptAt: now, attempts: (known?.attempts ?? 0) + 1, marker };
    await slot.set(intent);

    let message: APIMessage;
    try {
      this.fence();
      message = (await this.rest.post(Routes.channelMessages(channelId), {
        // Nothing pings but the users a message names itself (a mentoring pair in their own private thread).
        body: { ...body, nonce: nonceFor(key), enforce_nonce: true, allowed_mentions: { parse: [], ...(body.allowed_mentions?.users?.length ? { users: body.allowed_mentions.users } : {}) } },
        ...(files ? { files } : {}),
      })) as APIMessage;
    } catch (error) {
      const code = discordErrorCode(error);
      if (code !== undefined && PERMANENT_ERRORS.has(code)) {
        await slot.set({ ...intent, state: 'failed', errorCode: code });
        return { status: 'failed', code };
      }
      throw error; // transient: the intent stays, and the job is tried again later
    }
    await slot.set({ ...intent, state: 'sent', messageId: message.id });
    return { status: 'sent', messageId: message.id };
  }

  private async findInHistory(channelId: string, marker: string): Promise<string | undefined> {
    let recent: APIMessage[];
    try {
      recent = (await this.rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: '50' }) })) as APIMessage[];
    } catch (error) {
      // A server channel's history needs Read Message History (the invite asks for it, but a
      // server can take it away). Unable to look, resend with the nonce as the only guard: the
      // send itself then reports a channel that is really gone.
      if (PERMANENT_ERRORS.has(discordErrorCode(error) ?? -1)) return undefined;
      throw error;
    }
    return recent.find((message) => JSON.stringify([message.components, message.embeds]).includes(marker))?.id;
  }
}
