import { createHash, randomInt } from 'node:crypto';
import type { REST } from '@discordjs/rest';
import { Routes, type APIChannel, type APIThreadList } from 'discord.js';
import type { Content } from '../content/load.js';
import type { Focus } from '../content/schema.js';
import { tallyWeek } from '../digest/tally.js';
import { discordErrorCode, UserError } from '../discord/errors.js';
import { MENTORING_THREAD_PERMISSIONS, type PermissionName } from '../discord/permissions.js';
import { counted, term, translator, type Lang, type UiStrings } from '../i18n/index.js';
import type { Logger } from '../log.js';
import { MemberGone, MENTOR_OFFER, MENTOR_REQUEST, MENTORING, type Members } from '../members/members.js';
import type { DueIndex } from '../scheduler/due-index.js';
import { KeyedMutex } from '../scheduler/mutex.js';
import { PERMANENT_ERRORS, type DeliverySlot, type Outbox } from '../scheduler/outbox.js';
import { jobRef } from '../scheduler/scheduler.js';
import type { Servers } from '../servers/servers.js';
import type { GuildRecord } from '../store/records.js';
import type { Collection, Store } from '../store/store.js';
import { StoredRecordError } from '../store/errors.js';
import { DAY_MS, HOUR_MS } from '../time/index.js';
import { mentoringMessage, threadName } from './messages.js';
import {
  CAPACITY_MAX,
  CAPACITY_MIN,
  mentorDirectorySchema,
  NOTE_MAX,
  OPEN_REQUESTS_MAX,
  OPEN_STATUSES,
  QUESTIONS_MAX,
  type MentorDirectory,
  type MentoringIndex,
  type MentorOffer,
  type MentorRequest,
  type MessageKind,
  type OutboxItem,
  type RequestStatus,
} from './records.js';

/** A request waits this long for the mentor before they are reminded, once. */
export const REMIND_AFTER_MS = 48 * HOUR_MS;
/** …and this long before it expires and the mentee is pointed elsewhere. */
export const EXPIRE_AFTER_MS = 7 * DAY_MS;
/** A closed request is kept this long (its stale buttons answer precisely, "did it help?" works), then deleted. */
export const CLOSED_KEPT_MS = 30 * DAY_MS;
/** Requests in a row a mentor lets expire before their offer is paused. */
export const EXPIRIES_BEFORE_PAUSE = 2;

/** The scheduler's job for a request, `mentor:<guildId>:<requestId>`, or for an offer's own messages. */
export const mentorJob = (guildId: string, requestId: string): string => jobRef('mentor', guildId, requestId);
export const offerJob = (guildId: string, mentorId: string): string => jobRef('mentor', guildId, 'offer', mentorId);

/**
 * What a mentor keeps about a member they blocked: a one-way fingerprint of the server and the
 * member, so a block survives the member deleting their data without keeping their id.
 */
export const blockPrint = (guildId: string, memberId: string): string =>
  createHash('sha256').update(`murshid-mentor-block:${guildId}:${memberId}`).digest('base64url').slice(0, 22);

const isOpen = (status: RequestStatus): boolean => OPEN_STATUSES.includes(status);

export interface MentoringDeps {
  members: Members;
  servers: Servers;
  index: DueIndex;
  store: Store;
  outbox: Outbox;
  rest: REST;
  ui: Record<Lang, UiStrings>;
  content: Content;
  log: Logger;
  /** What the bot lacks in a channel, from the gateway's cache; empty when it cannot tell (Discord's answer then says). */
  missingPermissions?: ((guildId: string, channelId: string, wanted: readonly PermissionName[]) => readonly string[]) | undefined;
}

export interface OfferInput {
  guildId: string;
  guildName: string;
  mentorId: string;
  name: string;
  topics: MentorOffer['topics'];
  specialities: string[];
  languages: MentorOffer['languages'];
  capacity: number;
  note?: string | undefined;
}

export interface NewRequest {
  guildId: string;
  guildName: string;
  menteeId: string;
  menteeName: string;
  mentorId: string;
  focus?: Focus | undefined;
  help: string;
  goal?: string | undefined;
  tried?: string | undefined;
}

/** An offer as `/mentor find` and `/mentor list` show it. */
export interface OfferView {
  offer: MentorOffer;
  /** Accepted mentorships now. */
  mentees: number;
  /** Requests waiting for the mentor's answer. */
  waiting: number;
}

/** What happened to a send made while the member waits for the reply. */
export interface FlushReport {
  /** The request's own message reached the mentor (`sent`), was refused for good, or waits for a retry. */
  request?: 'sent' | 'refused' | 'later';
}

export interface Introduction {
  via: 'thread' | 'dm';
  threadId?: string | undefined;
  channelId?: string | undefined;
  missing?: string[] | undefined;
}

const emptyIndex = (): MentoringIndex => ({ version: 1, offers: [], requests: [] });

/** Everything about one request that a Discord error can tell us: whether trying again could help. */
const permanent = (error: unknown): number | undefined => {
  const code = discordErrorCode(error);
  // Besides the Outbox's: 10007 unknown member (left the server), 50024 a channel type without
  // private threads, 50035 a body Discord refuses (retrying cannot change it).
  return code !== undefined && (PERMANENT_ERRORS.has(code) || code === 10007 || code === 50024 || code === 50035) ? code : undefined;
};

/**
 * In-server mentoring: offers, requests and the introductions they lead to.
 *
 * Every change in one server is made under that server's mentoring lock, so a decision racing the
 * expiry job, two mentees after a mentor's last free place or two accepts at once all resolve to
 * one outcome: each step re-reads what it changes under the lock. A member's index of their offers
 * and requests is written under their own lock (`Members.update`), always inside the server's, and
 * `Members.forget` calls `forgetMember` before taking the member's lock: the locks are always taken
 * in that order, so none waits on another in a circle.
 *
 * Every message goes through the Outbox (intent, nonce, marker, history check) from the record's
 * `outbox` list: a change writes the due-index entry first, then the record with its new messages,
 * then sends them; a crash anywhere leaves the entry, and the job sends what is left, once.
 */
export class Mentoring {
  private readonly lock = new KeyedMutex();
  private readonly offers: Collection<MentorOffer>;
  private readonly requests: Collection<MentorRequest>;
  private readonly directory: Collection<MentorDirectory>;

  constructor(private readonly deps: MentoringDeps) {
    this.offers = deps.members.collection(MENTOR_OFFER);
    this.requests = deps.members.collection(MENTOR_REQUEST);
    this.directory = deps.store.collection('mentor-directory', mentorDirectorySchema);
    deps.members.beforeForget((memberId, now) => this.forgetMember(memberId, now));
  }

  /* ---------- Offers ---------- */

  /** Creates or edits the mentor's offer in a server. A retired offer becomes active again; a paused one stays paused. */
  async offer(input: OfferInput, now: number): Promise<{ offer: MentorOffer; created: boolean }> {
    if (input.capacity < CAPACITY_MIN || input.capacity > CAPACITY_MAX || !Number.isInteger(input.capacity)) throw new UserError('mentor.capacity_range', { min: CAPACITY_MIN, max: CAPACITY_MAX });
    if (input.note && [...input.note].length > NOTE_MAX) throw new UserError('mentor.note_too_long', { max: counted('count.characters', NOTE_MAX) });
    return this.inGuild(input.guildId, async () => {
      const existing = await this.offers.get(this.offerKey(input.guildId, input.mentorId));
      // Hints first (the member's index, the server's directory), then the record they point at.
      await this.updateIndex(input.mentorId, (index) => ({ ...index, offers: [...new Set([...index.offers, input.guildId])] }), true);
      await this.updateDirectory(input.guildId, (mentors) => [...new Set([...mentors, input.mentorId])]);
      const base = existing ?? { version: 1 as const, guildId: input.guildId, mentorId: input.mentorId, expiredInRow: 0, helped: 0, blocked: [], outbox: [], createdAt: now };
      const offer: MentorOffer = {
        ...base,
        name: input.name.slice(0, 100),
        guildName: input.guildName.slice(0, 100),
        topics: input.topics,
        specialities: input.specialities,
        languages: input.languages,
        capacity: input.capacity,
        ...(input.note ? { note: input.note } : { note: undefined }),
        status: existing && existing.status === 'paused' ? 'paused' : 'active',
        pausedReason: existing?.status === 'paused' ? existing.pausedReason : undefined,
        removed: undefined,
        updatedAt: now,
      };
      await this.offers.set(this.offerKey(input.guildId, input.mentorId), offer);
      return { offer, created: !existing };
    });
  }

  async ownOffer(guildId: string, mentorId: string): Promise<OfferView | undefined> {
    const offer = await this.offers.get(this.offerKey(guildId, mentorId));
    return offer && this.view(offer);
  }

  /** Hides the offer from `/mentor find`; requests already sent stay open. */
  async pause(guildId: string, mentorId: string, now: number): Promise<MentorOffer> {
    return this.inGuild(guildId, async () => {
      const offer = await this.requireOffer(guildId, mentorId);
      if (offer.status === 'retired') throw new UserError('mentor.no_offer');
      const paused: MentorOffer = { ...offer, status: 'paused', pausedReason: 'user', updatedAt: now };
      await this.offers.set(this.offerKey(guildId, mentorId), paused);
      return paused;
    });
  }

  /** Shows the offer again, whatever paused it; the count of expiries in a row starts again. */
  async resume(guildId: string, mentorId: string, now: number): Promise<{ offer: MentorOffer; was: MentorOffer['status']; reason: MentorOffer['pausedReason'] }> {
    return this.inGuild(guildId, async () => {
      const offer = await this.requireOffer(guildId, mentorId);
      if (offer.status === 'retired') throw new UserError('mentor.no_offer');
      const resumed: MentorOffer = { ...offer, status: 'active', pausedReason: undefined, expiredInRow: 0, updatedAt: now };
      await this.offers.set(this.offerKey(guildId, mentorId), resumed);
      return { offer: resumed, was: offer.status, reason: offer.pausedReason };
    });
  }

  /** Retires the offer: waiting requests are closed kindly (the mentees are told); mentorships go on. */
  async retire(guildId: string, mentorId: string, now: number): Promise<{ closed: number }> {
    const closed = await this.inGuild(guildId, async () => {
      const offer = await this.requireOffer(guildId, mentorId);
      if (offer.status === 'retired') throw new UserError('mentor.no_offer');
      const ids = await this.closeWaiting(guildId, mentorId, 'closed', now);
      await this.offers.set(this.offerKey(guildId, mentorId), { ...offer, status: 'retired', pausedReason: undefined, updatedAt: now });
      return ids;
    });
    await this.flushAll(guildId, closed, now);
    return { closed: closed.length };
  }

  /** A moderator removes an offer: retired as above, and the mentor is told. */
  async remove(guildId: string, mentorId: string, now: number): Promise<{ name: string; closed: number }> {
    const { closed, name } = await this.inGuild(guildId, async () => {
      const offer = await this.offers.get(this.offerKey(guildId, mentorId));
      if (!offer || offer.removed) throw new UserError('mentor.remove_unknown', { value: mentorId });
      const ids = await this.closeWaiting(guildId, mentorId, 'closed', now);
      await this.deps.index.add(now, offerJob(guildId, mentorId));
      const removed = this.enqueue({ ...offer, status: 'retired' as const, pausedReason: undefined, removed: true, updatedAt: now }, { kind: 'removed', to: 'mentor' });
      await this.offers.set(this.offerKey(guildId, mentorId), removed);
      return { closed: ids, name: offer.name };
    });
    await this.flushOffer(guildId, mentorId, now);
    await this.flushAll(guildId, closed, now);
    return { name, closed: closed.length };
  }

  /** Every offer in the server, for moderators. */
  async list(guildId: string): Promise<OfferView[]> {
    const offers = await this.serverOffers(guildId);
    return Promise.all(offers.map((offer) => this.view(offer)));
  }

  /** The server's mentors with a free place, as `viewerId` may see them, matching `accept` (a filter). */
  async find(guildId: string, viewerId: string, accept: (offer: MentorOffer) => boolean): Promise<OfferView[]> {
    const print = blockPrint(guildId, viewerId);
    const candidates = (await this.serverOffers(guildId)).filter(
      (offer) => offer.status === 'active' && offer.mentorId !== viewerId && !offer.blocked.includes(print) && accept(offer),
    );
    const views = await Promise.all(candidates.map((offer) => this.view(offer)));
    return views.filter((view) => view.mentees < view.offer.capacity).sort((a, b) => b.offer.capacity - b.mentees - (a.offer.capacity - a.mentees) || a.offer.createdAt - b.offer.createdAt);
  }

  /** The specialities the server's mentors wrote (for autocomplete). */
  async specialities(guildId: string): Promise<string[]> {
    return [...new Set((await this.serverOffers(guildId)).flatMap((offer) => offer.specialities))].sort((a, b) => a.localeCompare(b));
  }

  /** Where introductions happen: private threads in this channel. */
  async setChannel(guildId: string, channelId: string): Promise<void> {
    await this.deps.servers.update(guildId, (guild) => ({ ...guild, mentoringChannelId: channelId }));
  }

  /* ---------- Requests ---------- */

  /** Whether `menteeId` may send `mentorId` a request now: the checks the form is shown after, and made again on sending. */
  async checkRequest(guildId: string, menteeId: string, mentorId: string): Promise<MentorOffer> {
    if (menteeId === mentorId) throw new UserError('mentor.request_self');
    const offer = await this.offers.get(this.offerKey(guildId, mentorId));
    if (!offer || offer.status !== 'active' || offer.blocked.includes(blockPrint(guildId, menteeId))) throw new UserError('mentor.unavailable');
    const { mentees } = await this.view(offer);
    if (mentees >= offer.capacity) throw new UserError('mentor.full_now');
    const open = await this.openRequestsOf(menteeId);
    if (open.some((request) => request.mentorId === mentorId && request.guildId === guildId)) throw new UserError('mentor.already_requested');
    if (open.filter((request) => request.status === 'pending').length >= OPEN_REQUESTS_MAX) throw new UserError('mentor.too_many_requests', { max: counted('count.open_requests', OPEN_REQUESTS_MAX) });
    return offer;
  }

  /** Sends a request: recorded, then delivered to the mentor at once (or by the job after a failure). */
  async request(input: NewRequest, now: number): Promise<{ request: MentorRequest; report: FlushReport }> {
    const created = await this.inGuild(input.guildId, async () => {
      const offer = await this.checkRequest(input.guildId, input.menteeId, input.mentorId);
      const id = await this.newRequestId();
      // The limits are counted again under the mentee's own lock, which requests in other servers take too.
      await this.deps.members.update(
        input.menteeId,
        async (member) => {
          const index = (await member.get(MENTORING)) ?? emptyIndex();
          const open = await this.openRequestsOf(input.menteeId, index);
          if (open.some((request) => request.mentorId === input.mentorId && request.guildId === input.guildId)) throw new UserError('mentor.already_requested');
          if (open.filter((request) => request.status === 'pending').length >= OPEN_REQUESTS_MAX) {
            throw new UserError('mentor.too_many_requests', { max: counted('count.open_requests', OPEN_REQUESTS_MAX) });
          }
          await member.put(MENTORING, { ...index, requests: [...index.requests, { id, guildId: input.guildId, role: 'mentee' }] });
        },
        { create: true },
      );
      try {
        await this.updateIndex(input.mentorId, (index) => ({ ...index, requests: [...index.requests, { id, guildId: input.guildId, role: 'mentor' }] }), false);
      } catch (error) {
        if (error instanceof MemberGone) throw new UserError('mentor.unavailable');
        throw error;
      }
      const request: MentorRequest = this.enqueue(
        {
          version: 1,
          id,
          guildId: input.guildId,
          guildName: input.guildName.slice(0, 100),
          menteeId: input.menteeId,
          mentorId: input.mentorId,
          menteeName: input.menteeName.slice(0, 100),
          mentorName: offer.name,
          ...(input.focus ? { focus: input.focus } : offer.topics[0] ? { focus: offer.topics[0] } : {}),
          help: input.help,
          ...(input.goal ? { goal: input.goal } : {}),
          ...(input.tried ? { tried: input.tried } : {}),
          questions: [],
          status: 'pending',
          createdAt: now,
          remindAt: now + REMIND_AFTER_MS,
          expireAt: now + EXPIRE_AFTER_MS,
          outbox: [],
        },
        { kind: 'request', to: 'mentor' },
      );
      // Due entries before the record that makes them due: the reminder and the expiry (`write` adds delivery now).
      await this.deps.index.addMany([request.remindAt, request.expireAt].map((dueAt) => ({ dueAt, job: mentorJob(input.guildId, id) })));
      await this.write(request, undefined, now);
      return request;
    });
    const report = await this.flush(input.guildId, created.id, now, { quiet: true, menteeReading: true });
    return { request: (await this.requests.get(created.id)) ?? created, report };
  }

  async get(requestId: string): Promise<MentorRequest | undefined> {
    if (!/^\d{10}$/.test(requestId)) return undefined;
    return this.requests.get(requestId);
  }

  /** The mentor accepts: the mentorship starts and the two are introduced (thread, else DMs). */
  async accept(requestId: string, mentorId: string, now: number): Promise<{ request: MentorRequest; introduction: Introduction; closedFull: number; capacity: number }> {
    const guildId = await this.guildOf(requestId);
    let expired: unknown;
    const decided = await this.inGuild(guildId, async () => {
      let request: MentorRequest;
      try {
        request = await this.requireRequest(requestId, 'mentor', mentorId, ['pending'], now);
      } catch (error) {
        expired = error; // thrown after the flush: an expiry found here still sends its notices
        return undefined;
      }
      const offer = await this.requireOffer(guildId, mentorId);
      const active = (await this.mentorRequests(guildId, mentorId)).filter((other) => other.status === 'active').length;
      if (active >= offer.capacity) throw new UserError('mentor.at_capacity', { count: counted('count.mentees', active) });
      const guild = await this.deps.servers.get(guildId).catch(() => undefined);
      const channelId = guild?.mentoringChannelId;
      const missing = channelId ? [...(this.deps.missingPermissions?.(guildId, channelId, MENTORING_THREAD_PERMISSIONS) ?? [])] : [];
      let accepted: MentorRequest = { ...request, status: 'active', decidedAt: now };
      if (channelId && missing.length === 0) accepted.intro = { via: 'thread', channelId };
      else {
        accepted.intro = { via: 'dm', ...(channelId ? { channelId, missing } : {}) };
        accepted = this.enqueue(this.enqueue(accepted, { kind: 'intro', to: 'mentee' }), { kind: 'intro', to: 'mentor' });
      }
      // The thread is opened by `flush`, which the due entry written here repeats after a crash.
      await this.deps.index.add(now, mentorJob(guildId, requestId));
      await this.write(accepted, request, now);
      // The moderators' digest counts mentorships started (anonymously), in its own week.
      await this.deps.servers.digest.count(guildId, tallyWeek(now, guild?.digestSchedule?.timeZone), { mentorshipsStarted: 1 });
      await this.offers.set(this.offerKey(guildId, mentorId), { ...offer, expiredInRow: 0, updatedAt: now });
      // Full now: the others waiting for this mentor get a clear answer rather than a week of silence.
      const ids = active + 1 >= offer.capacity ? await this.closeWaiting(guildId, mentorId, 'full', now) : [];
      return { closed: ids, capacity: offer.capacity };
    });
    await this.flush(guildId, requestId, now, { quiet: true });
    if (!decided) throw expired;
    const { closed, capacity } = decided;
    await this.flushAll(guildId, closed, now);
    const request = (await this.requests.get(requestId))!;
    const intro = request.intro ?? { via: 'dm' as const };
    return { request, introduction: { via: intro.via, threadId: intro.threadId, channelId: intro.channelId, missing: intro.missing }, closedFull: closed.length, capacity };
  }

  /** The mentor declines, with an optional reason the mentee is shown. */
  async decline(requestId: string, mentorId: string, reason: string | undefined, now: number): Promise<MentorRequest> {
    return this.change(requestId, 'mentor', mentorId, ['pending'], now, async (request, guildId) => {
      await this.resetExpiries(guildId, mentorId, now);
      return this.enqueue(this.closing({ ...request, ...(reason ? { reason } : {}), decidedAt: now }, 'declined', now), { kind: 'declined', to: 'mentee' });
    });
  }

  /** The mentor asks the mentee something before deciding; the mentee answers in a form. */
  async ask(requestId: string, mentorId: string, question: string, now: number): Promise<MentorRequest> {
    return this.change(requestId, 'mentor', mentorId, ['pending'], now, async (request, guildId) => {
      if (request.questions.length >= QUESTIONS_MAX) throw new UserError('mentor.too_many_questions', { max: QUESTIONS_MAX });
      if (request.questions.some((asked) => asked.answer === undefined)) throw new UserError('mentor.question_waiting');
      await this.resetExpiries(guildId, mentorId, now);
      const questions = [...request.questions, { question, askedAt: now }];
      return this.enqueue({ ...request, questions }, { kind: 'question', to: 'mentee', round: questions.length });
    });
  }

  /** The mentee's answer to question `round` goes to the mentor, with the buttons to decide. */
  async answer(requestId: string, menteeId: string, round: number, text: string, now: number): Promise<MentorRequest> {
    return this.change(requestId, 'mentee', menteeId, ['pending'], now, async (request) => {
      const asked = request.questions[round - 1];
      if (!asked) throw new UserError('mentor.request_gone');
      if (asked.answer !== undefined) throw new UserError('mentor.already_answered');
      const questions = request.questions.map((item, i) => (i === round - 1 ? { ...item, answer: text, answeredAt: now } : item));
      return this.enqueue({ ...request, questions }, { kind: 'answer', to: 'mentor', round });
    });
  }

  /** The mentee withdraws a waiting request; the mentor, if it reached them, is told it was withdrawn. */
  async cancel(requestId: string, menteeId: string, now: number): Promise<MentorRequest> {
    return this.change(requestId, 'mentee', menteeId, ['pending'], now, async (request) => {
      const closed = this.closing(request, 'cancelled', now);
      return this.reached(request) ? this.enqueue(closed, { kind: 'withdrawn', to: 'mentor' }) : closed;
    });
  }

  /** Either side ends a mentorship: the place is free at once; the other side is told and asked whether it helped. */
  async end(requestId: string, userId: string, now: number): Promise<MentorRequest> {
    const request = await this.get(requestId);
    const role = request?.menteeId === userId ? 'mentee' : 'mentor';
    return this.change(requestId, role, userId, ['active'], now, async (current) =>
      this.enqueue(this.closing(current, 'ended', now), { kind: 'ended', to: role === 'mentee' ? 'mentor' : 'mentee' }),
    );
  }

  /** "Did it help?" after a mentorship ended: each side answers once; the offer counts mentorships that helped. */
  async helped(requestId: string, userId: string, yes: boolean, now: number): Promise<'thanks' | 'already'> {
    const guildId = await this.guildOf(requestId);
    return this.inGuild(guildId, async () => {
      const request = await this.requests.get(requestId);
      const role = request?.menteeId === userId ? 'mentee' : request?.mentorId === userId ? 'mentor' : undefined;
      if (!request || !role) throw new UserError('mentor.request_gone');
      if (request.status !== 'ended') throw new UserError('mentor.request_not_pending', { status: term(`mentor.request_status.${request.status}`) });
      if (request.helped?.[role] !== undefined) return 'already';
      const before = request.helped?.mentee === true || request.helped?.mentor === true;
      await this.requests.set(requestId, { ...request, helped: { ...request.helped, [role]: yes } });
      if (yes && !before && request.mentorId) {
        const offer = await this.offers.get(this.offerKey(guildId, request.mentorId));
        if (offer) await this.offers.set(this.offerKey(guildId, request.mentorId), { ...offer, helped: offer.helped + 1, updatedAt: now });
      }
      return 'thanks';
    });
  }

  /** "Don't show me requests from this member": the mentor's offer keeps a fingerprint, not the id. */
  async block(requestId: string, mentorId: string, now: number): Promise<MentorRequest> {
    const guildId = await this.guildOf(requestId);
    return this.inGuild(guildId, async () => {
      const request = await this.requests.get(requestId);
      if (!request || request.mentorId !== mentorId || !request.menteeId) throw new UserError('mentor.request_gone');
      const offer = await this.requireOffer(guildId, mentorId);
      const print = blockPrint(guildId, request.menteeId);
      if (!offer.blocked.includes(print)) await this.offers.set(this.offerKey(guildId, mentorId), { ...offer, blocked: [...offer.blocked, print], updatedAt: now });
      return request;
    });
  }

  /** The member's requests (as mentee or mentor), newest first, read fresh: for autocomplete and lists. */
  async requestsOf(memberId: string, role?: 'mentee' | 'mentor'): Promise<MentorRequest[]> {
    const index = await this.readIndex(memberId);
    const ids = index.requests.filter((entry) => !role || entry.role === role).map((entry) => entry.id);
    const found = await this.requests.getMany(ids, () => undefined);
    return found
      .filter((request): request is MentorRequest => request !== undefined)
      .filter((request) => (role === 'mentee' ? request.menteeId === memberId : role === 'mentor' ? request.mentorId === memberId : true))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /* ---------- Forget ---------- */

  /**
   * Before `Members.forget`: closes the member's open requests and mentorships (the other side is
   * told only that it ended), strips what the member wrote from them and detaches them from the
   * member (they stay with the other side until deleted), deletes the member's closed requests and
   * offers, and takes them out of every server's directory. The forget itself then deletes what the
   * member's index still lists.
   */
  async forgetMember(memberId: string, now: number): Promise<void> {
    let index: MentoringIndex;
    try {
      index = await this.readIndex(memberId);
    } catch (error) {
      if (!(error instanceof StoredRecordError)) throw error;
      return; // unreadable: the forget deletes it as stored
    }
    const guilds = [...new Set([...index.offers, ...index.requests.map((entry) => entry.guildId)])];
    for (const guildId of guilds) {
      const kept = await this.inGuild(guildId, async () => {
        const detached: string[] = [];
        for (const entry of index.requests.filter((item) => item.guildId === guildId)) {
          const request = await this.requests.get(entry.id).catch(() => undefined);
          if (!request) continue;
          const role = request.menteeId === memberId ? 'mentee' : request.mentorId === memberId ? 'mentor' : undefined;
          if (!role) continue;
          // What the mentee wrote leaves the mentor's DMs too (the bot can delete its own messages).
          if (role === 'mentee') await this.deleteQuoted(request);
          if (!isOpen(request.status)) {
            await this.requests.delete(request.id);
            continue;
          }
          await this.write(this.leave(request, role, now), request, now);
          detached.push(request.id);
        }
        await this.offers.delete(this.offerKey(guildId, memberId));
        await this.updateDirectory(guildId, (mentors) => mentors.filter((id) => id !== memberId));
        return detached;
      });
      // Detached only now: until the records no longer hold the member's words, their index still leads forget to them.
      await this.updateIndex(memberId, (current) => ({ ...current, requests: current.requests.filter((entry) => !kept.includes(entry.id)) }), false).catch((error: unknown) => {
        if (!(error instanceof MemberGone)) throw error;
      });
      await this.flushAll(guildId, kept, now);
    }
  }

  /**
   * The bot was removed from a server: its list of mentors goes (the offers and requests are their
   * members' data, exported and deleted with it; an open request there still gets its outcome).
   */
  async forgetGuild(guildId: string): Promise<void> {
    await this.inGuild(guildId, () => this.directory.delete(guildId));
  }

  /* ---------- The job's work ---------- */

  /** One due job: `<requestId>` or `offer:<mentorId>` in a server. */
  async process(guildId: string, ref: readonly string[], now: number): Promise<void> {
    if (ref[0] === 'offer' && ref[1]) await this.flushOffer(guildId, ref[1], now);
    else if (ref[0]) await this.flush(guildId, ref[0], now);
  }

  /**
   * Brings a request up to date under the server's lock: its reminder and expiry when due, its
   * introduction, then its waiting messages in order; a closed request past its time is deleted.
   * `quiet`: called for a member waiting on a reply, so a passing failure is logged and left to the
   * job (the due entry is already written) rather than thrown. `menteeReading`: the mentee is
   * reading the reply, so a request the mentor cannot receive is told there, not by DM.
   */
  async flush(guildId: string, requestId: string, now: number, options: { quiet?: boolean; menteeReading?: boolean } = {}): Promise<FlushReport> {
    const report: FlushReport = {};
    let again = false;
    const work = this.inGuild(guildId, async () => {
      let request = await this.requests.get(requestId);
      if (!request || request.guildId !== guildId) return;
      const save = async (next: MentorRequest) => {
        const before = request!;
        request = next;
        await this.write(next, before, now);
      };
      if (request.status === 'pending' && now >= request.expireAt) await save(await this.expire(request, now));
      else if (request.status === 'pending' && !request.reminded && now >= request.remindAt) await save(this.enqueue({ ...request, reminded: true }, { kind: 'remind', to: 'mentor' }));
      if (request.status === 'active' && request.intro?.via === 'thread' && request.intro.step !== 'joined') await save(await this.openThread(request, save));

      const guild = await this.deps.servers.get(guildId).catch(() => undefined);
      for (const item of request.outbox) {
        if (item.done) continue;
        const outcome = await this.send(request, item, guild, now, save);
        if (item.kind === 'request') report.request = outcome === 'sent' ? 'sent' : 'refused';
        if (outcome === 'refused' && item.kind === 'request' && request.status === 'pending') {
          // The mentor's DMs are closed: the request fails back to the mentee at once, and the offer is paused.
          let failed = this.closing(request, 'undeliverable', now);
          if (!options.menteeReading) failed = this.enqueue(failed, { kind: 'undeliverable', to: 'mentee' });
          await save(failed);
          const offer = request.mentorId ? await this.offers.get(this.offerKey(guildId, request.mentorId)) : undefined;
          if (offer?.status === 'active') await this.offers.set(this.offerKey(guildId, offer.mentorId), { ...offer, status: 'paused', pausedReason: 'dm-closed', updatedAt: now });
          again = true;
        }
        if (outcome === 'refused' && item.kind === 'thread-intro' && request.status === 'active') {
          // The thread is there but the bot cannot post in it: introduce them by DM instead.
          await save(this.enqueue(this.enqueue({ ...request, intro: { ...request.intro!, via: 'dm' } }, { kind: 'intro', to: 'mentee' }), { kind: 'intro', to: 'mentor' }));
          again = true;
        }
      }
      if (!isOpen(request.status) && request.purgeAt !== undefined && now >= request.purgeAt && request.outbox.every((item) => item.done)) await this.purge(request);
    });
    try {
      await work;
    } catch (error) {
      if (!options.quiet) throw error;
      // The member is waiting for a reply: the job sends what is left a minute from now.
      this.deps.log.warn({ err: error, request: requestId }, 'mentoring message not delivered; the job will retry');
      again = false;
    }
    // Messages a failure above added (the mentee told, the DM introductions) go out now too.
    if (again) await this.flush(guildId, requestId, now, options);
    if (options.menteeReading) report.request ??= 'later';
    return report;
  }

  /** Sends an offer's own waiting messages (a moderator removed it). */
  async flushOffer(guildId: string, mentorId: string, now: number): Promise<void> {
    await this.inGuild(guildId, async () => {
      let offer = await this.offers.get(this.offerKey(guildId, mentorId));
      if (!offer) return;
      const guild = await this.deps.servers.get(guildId).catch(() => undefined);
      for (const item of offer.outbox) {
        if (item.done) continue;
        await this.deliver(
          { key: `mentor-offer:${guildId}:${mentorId}:${offer.createdAt}:${item.seq}`, marker: `${offer.createdAt}/${pad(item.seq)}` },
          item,
          mentorId,
          async (lang) => mentoringMessage({ ...this.words(lang), item, offer: offer!, guildName: offer!.guildName, marker: `${offer!.createdAt}/${pad(item.seq)}` }),
          async (next) => {
            offer = { ...offer!, outbox: offer!.outbox.map((other) => (other.seq === item.seq ? next : other)) };
            await this.offers.set(this.offerKey(guildId, mentorId), offer);
          },
          guild,
          now,
        );
      }
    });
  }

  /* ---------- Internals ---------- */

  private inGuild<R>(guildId: string, work: () => Promise<R>): Promise<R> {
    return this.lock.run(guildId, work);
  }

  private offerKey(guildId: string, mentorId: string): string {
    return MENTOR_OFFER.key(mentorId, guildId);
  }

  private async requireOffer(guildId: string, mentorId: string): Promise<MentorOffer> {
    const offer = await this.offers.get(this.offerKey(guildId, mentorId));
    if (!offer) throw new UserError('mentor.no_offer');
    return offer;
  }

  private async guildOf(requestId: string): Promise<string> {
    const request = await this.get(requestId);
    if (!request) throw new UserError('mentor.request_gone');
    return request.guildId;
  }

  /**
   * The request, if `userId` is its `role` and it is in one of `statuses`; else a UserError saying
   * what it is now. A request past its week is expired here first: a decision that comes after the
   * deadline, even before the job has run, finds it expired (the job then sends the notices).
   */
  private async requireRequest(requestId: string, role: 'mentee' | 'mentor', userId: string, statuses: readonly RequestStatus[], now: number): Promise<MentorRequest> {
    let request = await this.get(requestId);
    if (!request || (role === 'mentee' ? request.menteeId : request.mentorId) !== userId) throw new UserError('mentor.request_gone');
    if (request.status === 'pending' && now >= request.expireAt) {
      const expired = await this.expire(request, now);
      await this.write(expired, request, now);
      request = expired;
    }
    if (!statuses.includes(request.status)) throw new UserError('mentor.request_not_pending', { status: term(`mentor.request_status.${request.status}`) });
    return request;
  }

  /** A change to one request under the server's lock, then its messages sent. */
  private async change(
    requestId: string,
    role: 'mentee' | 'mentor',
    userId: string,
    statuses: readonly RequestStatus[],
    now: number,
    work: (request: MentorRequest, guildId: string) => Promise<MentorRequest>,
  ): Promise<MentorRequest> {
    const guildId = await this.guildOf(requestId);
    const failure = await this.inGuild(guildId, async () => {
      try {
        const request = await this.requireRequest(requestId, role, userId, statuses, now);
        await this.write(await work(request, guildId), request, now);
        return undefined;
      } catch (error) {
        return error; // thrown after the flush: an expiry found here still sends its notices
      }
    });
    await this.flush(guildId, requestId, now, { quiet: true });
    if (failure) throw failure;
    return (await this.requests.get(requestId))!;
  }

  /** Marks a request closed with `status`, to be deleted `CLOSED_KEPT_MS` later. */
  private closing(request: MentorRequest, status: RequestStatus, now: number): MentorRequest {
    return { ...request, status, closedAt: now, purgeAt: now + CLOSED_KEPT_MS };
  }

  /** Adds a message to a record's outbox, numbered after the last. */
  private enqueue<R extends { outbox: OutboxItem[] }>(record: R, item: Omit<OutboxItem, 'seq'>): R {
    const seq = Math.max(0, ...record.outbox.map((other) => other.seq)) + 1;
    return { ...record, outbox: [...record.outbox, { ...item, seq }] };
  }

  /** Whether the request's own message reached the mentor (so there is something to withdraw). */
  private reached(request: MentorRequest): boolean {
    return request.outbox.some((item) => item.kind === 'request' && (item.done === 'sent' || item.delivery?.state === 'intent'));
  }

  private async resetExpiries(guildId: string, mentorId: string, now: number): Promise<void> {
    const offer = await this.offers.get(this.offerKey(guildId, mentorId));
    if (offer && offer.expiredInRow > 0) await this.offers.set(this.offerKey(guildId, mentorId), { ...offer, expiredInRow: 0, updatedAt: now });
  }

  /** Closes every request waiting for this mentor in the server (`full`, or `closed` when the offer ends); returns their ids. */
  private async closeWaiting(guildId: string, mentorId: string, status: 'full' | 'closed', now: number): Promise<string[]> {
    const waiting = (await this.mentorRequests(guildId, mentorId)).filter((request) => request.status === 'pending');
    for (const request of waiting) await this.write(this.enqueue(this.closing(request, status, now), { kind: status, to: 'mentee' }), request, now);
    return waiting.map((request) => request.id);
  }

  private async flushAll(guildId: string, ids: readonly string[], now: number): Promise<void> {
    for (const id of ids) await this.flush(guildId, id, now, { quiet: true });
  }

  /**
   * Writes a request, due entries first: now when it has new messages to send, and the time a
   * closed request is deleted. A crash after the entries and before the record leaves only an
   * entry the job finds nothing for.
   */
  private async write(next: MentorRequest, before: MentorRequest | undefined, now: number): Promise<void> {
    const job = mentorJob(next.guildId, next.id);
    const due: { dueAt: number; job: string }[] = [];
    if (next.outbox.length > (before?.outbox.length ?? 0)) due.push({ dueAt: now, job });
    if (next.purgeAt !== undefined && next.purgeAt !== before?.purgeAt) due.push({ dueAt: next.purgeAt, job });
    if (due.length > 0) await this.deps.index.addMany(due);
    await this.requests.set(next.id, next);
  }

  /** A pending request past its week: closed, the mentee told with the platforms, the mentor told (and paused after two in a row). */
  private async expire(request: MentorRequest, now: number): Promise<MentorRequest> {
    let paused = false;
    if (request.mentorId) {
      const key = this.offerKey(request.guildId, request.mentorId);
      const offer = await this.offers.get(key);
      if (offer) {
        const expiredInRow = offer.expiredInRow + 1;
        paused = expiredInRow >= EXPIRIES_BEFORE_PAUSE && offer.status === 'active';
        await this.offers.set(key, { ...offer, expiredInRow, ...(paused ? { status: 'paused' as const, pausedReason: 'expiries' as const } : {}), updatedAt: now });
      }
    }
    const closed = this.enqueue(this.closing(request, 'expired', now), { kind: 'expired', to: 'mentee' });
    return this.enqueue(closed, { kind: 'expired', to: 'mentor', ...(paused ? { paused: true } : {}) });
  }

  /** A member leaves an open request (forget): it closes, loses what they wrote, and tells the other side it ended. */
  private leave(request: MentorRequest, role: 'mentee' | 'mentor', now: number): MentorRequest {
    const pending = request.status === 'pending';
    if (role === 'mentee') {
      const { menteeId: _id, menteeName: _name, help: _help, goal: _goal, tried: _tried, ...rest } = request;
      const closed = this.closing({ ...rest, questions: [] }, pending ? 'withdrawn' : 'ended', now);
      if (pending) return this.reached(request) ? this.enqueue(closed, { kind: 'withdrawn', to: 'mentor' }) : closed;
      return this.enqueue(closed, { kind: 'ended', to: 'mentor' });
    }
    const { mentorId: _id, mentorName: _name, reason: _reason, ...rest } = request;
    const closed = this.closing({ ...rest, questions: [] }, pending ? 'closed' : 'ended', now);
    return this.enqueue(closed, { kind: pending ? 'closed' : 'ended', to: 'mentee' });
  }

  /** After a mentee forgets: the bot's DMs to the mentor that quoted them are deleted (best effort). */
  private async deleteQuoted(request: MentorRequest): Promise<void> {
    const quoted = request.outbox.filter((item) => item.to === 'mentor' && ['request', 'remind', 'answer'].includes(item.kind) && item.delivery?.messageId);
    if (!request.mentorId || quoted.length === 0) return;
    try {
      const channelId = await this.dmChannel(request.mentorId);
      for (const item of quoted) await this.deps.rest.delete(Routes.channelMessage(channelId, item.delivery!.messageId!));
    } catch (error) {
      this.deps.log.warn({ err: error, request: request.id }, "could not delete a forgotten request from the mentor's DMs");
    }
  }

  /** Deletes a closed request whose messages are all sent, then the references to it. */
  private async purge(request: MentorRequest): Promise<void> {
    await this.requests.delete(request.id);
    for (const memberId of [request.menteeId, request.mentorId]) {
      if (!memberId) continue;
      await this.updateIndex(memberId, (index) => ({ ...index, requests: index.requests.filter((entry) => entry.id !== request.id) }), false).catch((error: unknown) => {
        if (!(error instanceof MemberGone)) throw error;
      });
    }
  }

  /** Opens the pair's private thread and adds both; a permanent refusal falls back to introductions by DM. */
  private async openThread(request: MentorRequest, save: (next: MentorRequest) => Promise<void>): Promise<MentorRequest> {
    const { rest } = this.deps;
    let current = request;
    const intro = request.intro!;
    try {
      let threadId = intro.threadId;
      if (!threadId) {
        // Asked before and the answer lost (a crash): the thread may exist. Look before asking again.
        if (intro.step === 'intent') threadId = await this.findThread(request.guildId, intro.channelId!, request.id);
        if (!threadId) {
          current = { ...current, intro: { ...intro, step: 'intent' as const } };
          await save(current);
          const guild = await this.deps.servers.get(request.guildId).catch(() => undefined);
          const lang = await this.pairLanguage(request, guild);
          this.deps.outbox.fence();
          const thread = (await rest.post(Routes.threads(intro.channelId!), {
            body: { name: threadName(this.words(lang).t, request.id), type: 12, invitable: false, auto_archive_duration: 10080 },
          })) as APIChannel;
          threadId = thread.id;
        }
        current = { ...current, intro: { ...intro, threadId, step: 'created' as const } };
        await save(current);
      }
      for (const memberId of [request.menteeId, request.mentorId]) {
        if (memberId) await rest.put(Routes.threadMembers(threadId, memberId));
      }
      return this.enqueue({ ...current, intro: { ...current.intro!, threadId, step: 'joined' as const } }, { kind: 'thread-intro', to: 'thread' });
    } catch (error) {
      const code = permanent(error);
      if (code === undefined) throw error;
      this.deps.log.info({ request: request.id, code }, 'could not open a private thread; introducing by DM');
      const dm: MentorRequest = { ...current, intro: { via: 'dm', channelId: intro.channelId, ...(current.intro?.threadId ? { threadId: current.intro.threadId } : {}), missing: [`code:${code}`] } };
      return this.enqueue(this.enqueue(dm, { kind: 'intro', to: 'mentee' }), { kind: 'intro', to: 'mentor' });
    }
  }

  /** A thread this request asked for before a crash, among the server's active threads. */
  private async findThread(guildId: string, channelId: string, requestId: string): Promise<string | undefined> {
    const list = (await this.deps.rest.get(Routes.guildActiveThreads(guildId))) as APIThreadList;
    return list.threads.find((thread) => 'parent_id' in thread && thread.parent_id === channelId && (thread.name ?? '').includes(requestId))?.id;
  }

  /** Sends one of a request's messages. */
  private async send(request: MentorRequest, item: OutboxItem, guild: GuildRecord | undefined, now: number, save: (next: MentorRequest) => Promise<void>): Promise<'sent' | 'refused' | 'skipped'> {
    const marker = `${request.id}-${pad(item.seq)}`;
    const update = async (next: OutboxItem) => {
      const current = request;
      request = { ...current, outbox: current.outbox.map((other) => (other.seq === item.seq ? next : other)) };
      Object.assign(item, next);
      await save(request);
    };
    // Messages about deciding are pointless once decided; introductions once it ended.
    const stale =
      (['request', 'remind', 'question', 'answer'].includes(item.kind) && request.status !== 'pending') ||
      (['intro', 'thread-intro'].includes(item.kind) && request.status !== 'active');
    if (stale) {
      await update({ ...item, done: 'skipped' });
      return 'skipped';
    }
    const render = async (lang: Lang) => mentoringMessage({ ...this.words(lang), item, request, guildName: request.guildName, marker });
    if (item.to === 'thread') {
      const threadId = request.intro?.threadId;
      if (!threadId) {
        await update({ ...item, done: 'skipped' });
        return 'skipped';
      }
      const lang = await this.pairLanguage(request, guild);
      const body = await render(lang);
      const result = await this.deps.outbox.deliver(this.slot(`mentor:${request.id}:${item.seq}`, item, update), threadId, body, marker, now);
      const done = result.status === 'failed' ? 'refused' : 'sent';
      await update({ ...item, delivery: (await this.slot('', item, update).get()) ?? item.delivery, done });
      return done;
    }
    const userId = item.to === 'mentee' ? request.menteeId : request.mentorId;
    return this.deliver({ key: `mentor:${request.id}:${item.seq}`, marker }, item, userId, render, update, guild, now);
  }

  /** Sends one DM through the Outbox; `refused` when Discord will never take it (closed DMs). */
  private async deliver(
    ids: { key: string; marker: string },
    item: OutboxItem,
    userId: string | undefined,
    render: (lang: Lang) => Promise<ReturnType<typeof mentoringMessage>>,
    update: (next: OutboxItem) => Promise<void>,
    guild: GuildRecord | undefined,
    now: number,
  ): Promise<'sent' | 'refused' | 'skipped'> {
    if (!userId) {
      await update({ ...item, done: 'skipped' }); // nobody left to tell (they deleted their data)
      return 'skipped';
    }
    let channelId: string;
    try {
      channelId = await this.dmChannel(userId);
    } catch (error) {
      if (permanent(error) === undefined) throw error;
      await update({ ...item, done: 'refused' });
      return 'refused';
    }
    const body = await render(await this.languageOf(userId, guild));
    const result = await this.deps.outbox.deliver(this.slot(ids.key, item, update), channelId, body, ids.marker, now);
    if (result.status === 'failed' && result.code === 10003) {
      // The DM channel is gone: forget the attempt, so the retry opens a new channel and sends.
      await update({ ...item, delivery: undefined });
      throw new Error('DM channel no longer exists');
    }
    const done = result.status === 'failed' ? 'refused' : 'sent';
    if (done === 'refused') this.deps.log.info({ user: userId, code: result.status === 'failed' ? result.code : undefined, kind: item.kind }, 'mentoring DM refused');
    await update({ ...item, done });
    return done;
  }

  /** The Outbox's view of one item's delivery record, kept inside the request (or offer) it belongs to. */
  private slot(key: string, item: OutboxItem, update: (next: OutboxItem) => Promise<void>): DeliverySlot & { key: string } {
    return {
      key,
      get: async () => item.delivery,
      set: async (delivery) => update({ ...item, delivery }),
      delete: async () => update({ ...item, delivery: undefined }),
    };
  }

  private async dmChannel(userId: string): Promise<string> {
    const channel = (await this.deps.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
    return channel.id;
  }

  /** The language of a member's DMs: their choice, else the server's default. */
  private async languageOf(userId: string, guild: GuildRecord | undefined): Promise<Lang> {
    const profile = await this.deps.members.profile(userId).catch(() => undefined);
    return profile?.lang ?? guild?.lang ?? 'en';
  }

  /** The pair's thread speaks their language if they share one, else the server's. */
  private async pairLanguage(request: MentorRequest, guild: GuildRecord | undefined): Promise<Lang> {
    const [mentee, mentor] = await Promise.all([request.menteeId, request.mentorId].map((id) => (id ? this.languageOf(id, guild) : undefined)));
    return mentee && mentee === mentor ? mentee : (guild?.lang ?? mentee ?? 'en');
  }

  private words(lang: Lang) {
    return { t: translator(this.deps.ui[lang], lang), lang, content: this.deps.content };
  }

  private async newRequestId(): Promise<string> {
    for (;;) {
      const id = String(randomInt(1_000_000_000, 10_000_000_000));
      if (!(await this.requests.get(id).catch(() => true))) return id;
    }
  }

  /** The member's index as stored (no lock: for reads). */
  private async readIndex(memberId: string): Promise<MentoringIndex> {
    return (await this.deps.members.collection(MENTORING).get(memberId)) ?? emptyIndex();
  }

  /** Changes the member's index under their lock; references to records that are gone are dropped on the way. */
  private async updateIndex(memberId: string, change: (index: MentoringIndex) => MentoringIndex, create: boolean): Promise<void> {
    await this.deps.members.update(
      memberId,
      async (member) => {
        const current = (await member.get(MENTORING)) ?? emptyIndex();
        const ids = current.requests.map((entry) => entry.id);
        const found = await this.requests.getMany(ids, () => undefined);
        const live = { ...current, requests: current.requests.filter((_entry, i) => found[i] !== undefined) };
        const next = change(live);
        if (JSON.stringify(next) !== JSON.stringify(current)) await member.put(MENTORING, next);
      },
      { create },
    );
  }

  private async updateDirectory(guildId: string, change: (mentors: string[]) => string[]): Promise<void> {
    const current = (await this.directory.get(guildId).catch(() => undefined))?.mentors ?? [];
    const next = change(current);
    if (next.length === 0) await this.directory.delete(guildId);
    else if (next.join() !== current.join()) await this.directory.set(guildId, { version: 1, mentors: next });
  }

  /** Every offer in the server, read in bulk (an unreadable one is left out). */
  private async serverOffers(guildId: string): Promise<MentorOffer[]> {
    const mentors = (await this.directory.get(guildId).catch(() => undefined))?.mentors ?? [];
    const offers = await this.offers.getMany(mentors.map((mentorId) => this.offerKey(guildId, mentorId)), () => undefined);
    return offers.filter((offer): offer is MentorOffer => offer !== undefined);
  }

  private async view(offer: MentorOffer): Promise<OfferView> {
    const requests = await this.mentorRequests(offer.guildId, offer.mentorId);
    return {
      offer,
      mentees: requests.filter((request) => request.status === 'active').length,
      waiting: requests.filter((request) => request.status === 'pending').length,
    };
  }

  /** The requests made to a mentor in a server, from their index, as the records say now. */
  private async mentorRequests(guildId: string, mentorId: string): Promise<MentorRequest[]> {
    const index = await this.readIndex(mentorId).catch(() => emptyIndex());
    const ids = index.requests.filter((entry) => entry.role === 'mentor' && entry.guildId === guildId).map((entry) => entry.id);
    const found = await this.requests.getMany(ids, () => undefined);
    return found.filter((request): request is MentorRequest => request?.mentorId === mentorId && request.guildId === guildId);
  }

  /** A mentee's open requests and mentorships, across servers, as the records say now. */
  private async openRequestsOf(menteeId: string, index?: MentoringIndex): Promise<MentorRequest[]> {
    const own = index ?? (await this.readIndex(menteeId));
    const ids = own.requests.filter((entry) => entry.role === 'mentee').map((entry) => entry.id);
    const found = await this.requests.getMany(ids, () => undefined);
    return found.filter((request): request is MentorRequest => request?.menteeId === menteeId && isOpen(request.status));
  }
}

const pad = (seq: number): string => String(seq).padStart(2, '0');

export type { MessageKind };
