import { createHash } from 'node:crypto';
import type { REST } from '@discordjs/rest';
import { Routes, type APIMessage, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { z } from 'zod';
import { discordErrorCode } from '../discord/errors.js';
import type { Collection, Store } from '../store/store.js';

/**
 * Exactly-once delivery of scheduled messages (check-ins, reminders, guide posts).
 *
 * 1. The intent is recorded before sending.
 * 2. The message goes out with a nonce derived from the delivery's key and `enforce_nonce`, so
 *    Discord itself drops a repeat within its nonce window (a few minutes).
 * 3. It is marked sent afterwards.
 * An intent left unmarked (the process died between 2 and 3) is resent at once while the nonce
 * window still covers it; once the window has passed, only after the channel's recent messages
 * show no message carrying the delivery's marker.
 */
export const deliverySchema = z.object({
  version: z.literal(1),
  state: z.enum(['intent', 'sent', 'failed']),
  /** When the latest attempt began: the nonce window is counted from here. */
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

/** Discord's nonce window is "a few minutes"; inside this, a resend is safe without looking. */
export const NONCE_WINDOW_MS = 2 * 60_000;

/** A deterministic nonce (≤ 25 characters) for a delivery key. */
export const nonceFor = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 24);

export class Outbox {
  readonly records: Collection<Delivery>;

  constructor(
    store: Store,
    private readonly rest: REST,
    private readonly nonceWindowMs = NONCE_WINDOW_MS,
  ) {
    this.records = store.collection('deliveries', deliverySchema);
  }

  /**
   * Sends `body` to `channelId` once for `key`. `known` is the stored delivery when the caller has
   * already read it in bulk (so a tick reads the store once for all of them).
   */
  async deliver(
    key: string,
    known: Delivery | undefined,
    channelId: string,
    body: RESTPostAPIChannelMessageJSONBody,
    marker: string,
    now: number,
  ): Promise<DeliveryResult> {
    if (known?.state === 'sent') return { status: 'already-sent' };
    if (known?.state === 'failed') return { status: 'failed', code: known.errorCode ?? 0 };

    let attemptAt = known?.attemptAt ?? now;
    if (known && now - known.attemptAt > this.nonceWindowMs) {
      const found = await this.findInHistory(channelId, marker);
      if (found) {
        await this.records.set(key, { ...known, state: 'sent', messageId: found });
        return { status: 'already-sent' };
      }
      attemptAt = now; // Discord no longer remembers the nonce: this is a fresh attempt.
    }
    const intent: Delivery = { version: 1, state: 'intent', attemptAt, attempts: (known?.attempts ?? 0) + 1, marker };
    await this.records.set(key, intent);

    let message: APIMessage;
    try {
      message = (await this.rest.post(Routes.channelMessages(channelId), {
        body: { ...body, nonce: nonceFor(key), enforce_nonce: true, allowed_mentions: { parse: [] } },
      })) as APIMessage;
    } catch (error) {
      const code = discordErrorCode(error);
      if (code !== undefined && PERMANENT_ERRORS.has(code)) {
        await this.records.set(key, { ...intent, state: 'failed', errorCode: code });
        return { status: 'failed', code };
      }
      throw error; // transient: the intent stays, and the job is tried again later
    }
    await this.records.set(key, { ...intent, state: 'sent', messageId: message.id });
    return { status: 'sent', messageId: message.id };
  }

  private async findInHistory(channelId: string, marker: string): Promise<string | undefined> {
    let recent: APIMessage[];
    try {
      recent = (await this.rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: '50' }) })) as APIMessage[];
    } catch (error) {
      // A server channel's history needs Read Message History, which the invite does not ask for.
      // Unable to look, resend: the send itself then reports a channel that is really gone.
      if (PERMANENT_ERRORS.has(discordErrorCode(error) ?? -1)) return undefined;
      throw error;
    }
    return recent.find((message) => JSON.stringify([message.components, message.embeds]).includes(marker))?.id;
  }
}
