import { z } from 'zod';
import { FOCUSES } from '../content/schema.js';
import { LANGUAGES } from '../i18n/index.js';
import { deliverySchema } from '../scheduler/outbox.js';

/*
 * What mentoring keeps. Offers and requests are member data (registered with `Members` in
 * `MEMBER_RECORDS`, so export and forget cover them); they are written by `Mentoring` under the
 * server's mentoring lock, because a request joins two members and a mentor's capacity is shared
 * by every request made to them. The member's index (`MentoringIndex`) lists their offers and
 * requests: it is a hint, the records are the truth (a reference to a record that is gone is
 * dropped when next read).
 */

export const OFFER_TOPICS_MAX = 5;
export const TOPIC_MAX = 40;
export const NOTE_MAX = 300;
export const CAPACITY_MIN = 1;
export const CAPACITY_MAX = 5;
export const CAPACITY_DEFAULT = 2;
/** Open (pending) requests a mentee may have at once, across servers. */
export const OPEN_REQUESTS_MAX = 3;
/** Questions a mentor may ask about one request before deciding. */
export const QUESTIONS_MAX = 3;

export const REQUEST_TEXT_LIMITS = { help: 1000, goal: 500, tried: 1000 } as const;
export const REASON_MAX = 300;
export const QUESTION_MAX = 500;
export const ANSWER_MAX = 1000;
/** Display names as Discord allows them (32), with room to spare. */
const NAME_MAX = 100;



export const REQUEST_STATUSES = [
  'pending',
  'active',
  // closed:
  'declined',
  'expired',
  'cancelled',
  /** The mentee deleted their data while it was open. */
  'withdrawn',
  /** The mentor's DMs were closed: it never reached them. */
  'undeliverable',
  /** The mentor took on as many mentees as they offered. */
  'full',
  /** The mentor retired, was removed by a moderator, or deleted their data. */
  'closed',
  /** An accepted mentorship that ended. */
  'ended',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const OPEN_STATUSES: readonly RequestStatus[] = ['pending', 'active'];

/** Every message a request sends: to whom, and what it says (rendered from the request when sent). */
export const MESSAGE_KINDS = [
  'request',
  'remind',
  'question',
  'answer',
  'declined',
  'expired',
  'paused',
  'full',
  'closed',
  'withdrawn',
  'undeliverable',
  'intro',
  'thread-intro',
  'ended',
  'removed',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const outboxItemSchema = z.object({
  /** Numbers the record's messages: with the record's id it makes the delivery key and the marker. */
  seq: z.number().int().min(1),
  kind: z.enum(MESSAGE_KINDS),
  to: z.enum(['mentee', 'mentor', 'thread']),
  /** Which question or answer (1-based), for `question` and `answer`. */
  round: z.number().int().optional(),
  /** An `expired` notice to a mentor whose offer this expiry paused (two in a row). */
  paused: z.boolean().optional(),
  /** The Outbox's record of the send (intent, sent, failed). */
  delivery: deliverySchema.optional(),
  /** Finished: sent, refused for good (closed DMs), or skipped (nobody left to tell). */
  done: z.enum(['sent', 'refused', 'skipped']).optional(),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;

export const mentorOfferSchema = z.object({
  version: z.literal(1),
  guildId: z.string(),
  mentorId: z.string(),
  /** The mentor's display name, and the server's name, when they last ran `/mentor offer`. */
  name: z.string().max(NAME_MAX),
  guildName: z.string().max(NAME_MAX),
  /** Kinds of help from the fixed list `/platforms` uses. */
  topics: z.array(z.enum(FOCUSES)).min(1),
  /** Free-text specialities (React, Kotlin…). */
  specialities: z.array(z.string().min(1).max(TOPIC_MAX)).default([]),
  languages: z.array(z.enum(LANGUAGES)).min(1),
  capacity: z.number().int().min(CAPACITY_MIN).max(CAPACITY_MAX),
  note: z.string().max(NOTE_MAX).optional(),
  status: z.enum(['active', 'paused', 'retired']),
  /** Why it is paused: the mentor asked, two requests in a row expired, or their DMs are closed. */
  pausedReason: z.enum(['user', 'expiries', 'dm-closed']).optional(),
  /** Requests that expired since the mentor last answered one. */
  expiredInRow: z.number().int().min(0).default(0),
  /** Ended mentorships that either side said helped: the only thing kept about them. */
  helped: z.number().int().min(0).default(0),
  /** One-way fingerprints of members the mentor does not want requests from (see `blockPrint`). */
  blocked: z.array(z.string()).default([]),
  /** A moderator removed the offer (`/mentor remove`). */
  removed: z.boolean().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Messages about the offer itself (a moderator removed it). */
  outbox: z.array(outboxItemSchema).default([]),
});
export type MentorOffer = z.infer<typeof mentorOfferSchema>;

export const mentorRequestSchema = z.object({
  version: z.literal(1),
  /** Ten digits: shown as the request's reference in footers (Latin-free in Arabic text). */
  id: z.string().regex(/^\d{10}$/),
  guildId: z.string(),
  guildName: z.string().max(NAME_MAX),
  /** Absent once that member deleted their data. */
  menteeId: z.string().optional(),
  mentorId: z.string().optional(),
  menteeName: z.string().max(NAME_MAX).optional(),
  mentorName: z.string().max(NAME_MAX).optional(),
  /** The kind of help, for the platforms shown when it does not work out. */
  focus: z.enum(FOCUSES).optional(),
  /** What the mentee wrote; absent once they deleted their data. */
  help: z.string().max(REQUEST_TEXT_LIMITS.help).optional(),
  goal: z.string().max(REQUEST_TEXT_LIMITS.goal).optional(),
  tried: z.string().max(REQUEST_TEXT_LIMITS.tried).optional(),
  questions: z
    .array(z.object({ question: z.string().max(QUESTION_MAX), askedAt: z.number(), answer: z.string().max(ANSWER_MAX).optional(), answeredAt: z.number().optional() }))
    .default([]),
  status: z.enum(REQUEST_STATUSES),
  /** The mentor's reason for declining (optional, shown to the mentee). */
  reason: z.string().max(REASON_MAX).optional(),
  createdAt: z.number(),
  remindAt: z.number(),
  expireAt: z.number(),
  reminded: z.boolean().optional(),
  decidedAt: z.number().optional(),
  closedAt: z.number().optional(),
  /** When a closed request is deleted. */
  purgeAt: z.number().optional(),
  /** How the two were introduced. */
  intro: z
    .object({
      via: z.enum(['thread', 'dm']),
      channelId: z.string().optional(),
      threadId: z.string().optional(),
      /** intent: creation asked for (after a crash, look for it before asking again); joined: both added. */
      step: z.enum(['intent', 'created', 'joined']).optional(),
      /** Why a thread was not possible: the bot's missing permissions in the channel, or Discord's error code. */
      missing: z.array(z.string()).optional(),
    })
    .optional(),
  /** The answers to "did it help?" after the mentorship ended. */
  helped: z.object({ mentee: z.boolean().optional(), mentor: z.boolean().optional() }).optional(),
  outbox: z.array(outboxItemSchema).default([]),
});
export type MentorRequest = z.infer<typeof mentorRequestSchema>;

export const mentoringIndexSchema = z.object({
  version: z.literal(1),
  /** Servers where the member has an offer. */
  offers: z.array(z.string()).default([]),
  /** Requests the member sent (mentee) or received (mentor). */
  requests: z.array(z.object({ id: z.string(), guildId: z.string(), role: z.enum(['mentee', 'mentor']) })).default([]),
});
export type MentoringIndex = z.infer<typeof mentoringIndexSchema>;

/** The mentors of one server: an index naming members, kept by `Mentoring` (see `forgetMember`). */
export const mentorDirectorySchema = z.object({ version: z.literal(1), mentors: z.array(z.string()).default([]) });
export type MentorDirectory = z.infer<typeof mentorDirectorySchema>;
