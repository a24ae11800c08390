import type { z } from 'zod';
import { mentoringIndexSchema, mentorOfferSchema, mentorRequestSchema, type MentoringIndex, type MentorOffer, type MentorRequest } from '../mentoring/records.js';
import type { DueIndex } from '../scheduler/due-index.js';
import { KeyedMutex } from '../scheduler/mutex.js';
import { deliverySchema, type Delivery, type DeliverySlot } from '../scheduler/outbox.js';
import {
  checkinWeekSchema,
  goalsRecordSchema,
  sessionsRecordSchema,
  userRecordSchema,
  type CheckinWeek,
  type GoalsRecord,
  type SessionsRecord,
  type UserRecord,
} from '../store/records.js';
import { StoredRecordError, type Collection, type Store } from '../store/store.js';
import { sessionReminderTimes, type SessionReminderKind } from '../time/index.js';

/*
 * Everything Murshid keeps about one member has one owner: this module. It holds every key format
 * of a member's records and the one lock their writes go through; commands and scheduled jobs all
 * read and write through `Members.update`, which takes the lock and reads the profile again, so
 * nothing is written from a snapshot read outside it. Export and forget walk `MEMBER_RECORDS`: a
 * record kind added there is exported and forgotten with the rest, and a kind that is not there
 * cannot be reached through a `Member` at all.
 */

/** What a member's own records say about which others exist. */
export interface Manifest {
  profile: UserRecord | undefined;
  sessions: SessionsRecord | undefined;
  mentoring: MentoringIndex | undefined;
}

export interface RecordKind<T, A extends readonly string[] = []> {
  readonly name: string;
  readonly namespace: string;
  readonly schema: z.ZodType<T>;
  key(memberId: string, ...args: A): string;
  /** The keys of every record of this kind the member has: what export and forget walk. */
  held(memberId: string, manifest: Manifest): string[];
  /** The week a record belongs to, for kinds found through the profile's list of weeks. */
  week?(...args: A): string;
  /** What this member's export shows of a record shared with another member (default: all of it). */
  exportAs?(memberId: string, value: T): unknown;
}

const recordKind = <T, A extends readonly string[] = []>(kind: RecordKind<T, A>): RecordKind<T, A> => kind;

/** One record of a member, named by its kind and arguments: what a bulk read asks for. */
export type RecordRef = readonly [RecordKind<unknown, readonly string[]>, readonly string[]];
export const recordRef = <T, A extends readonly string[]>(kind: RecordKind<T, A>, ...args: A): RecordRef =>
  [kind as unknown as RecordKind<unknown, readonly string[]>, args];

const REMINDER_KINDS: readonly SessionReminderKind[] = ['before-24h', 'before-1h', 'follow-up'];

/** The member's settings, and the index of their other records (weeks, pending weeks). */
export const PROFILE = recordKind<UserRecord>({
  name: 'settings',
  namespace: 'users',
  schema: userRecordSchema as z.ZodType<UserRecord>,
  key: (id) => id,
  held: (id) => [id],
});

/** One ISO week's check-in. */
export const WEEK = recordKind<CheckinWeek, [week: string]>({
  name: 'checkins',
  namespace: 'checkins',
  schema: checkinWeekSchema,
  key: (id, week) => `${id}:${week}`,
  held: (id, { profile }) => (profile?.weeks ?? []).map((week) => `${id}:${week}`),
  week: (week) => week,
});

export const GOALS = recordKind<GoalsRecord>({ name: 'goals', namespace: 'goals', schema: goalsRecordSchema, key: (id) => id, held: (id) => [id] });

export const SESSIONS = recordKind<SessionsRecord>({
  name: 'sessions',
  namespace: 'sessions',
  schema: sessionsRecordSchema,
  key: (id) => id,
  held: (id) => [id],
});

/** Exactly-once records of the messages sent to the member: a week's check-in, a session's reminders. */
export const CHECKIN_DELIVERY = recordKind<Delivery, [week: string]>({
  name: 'checkinDeliveries',
  namespace: 'deliveries',
  schema: deliverySchema,
  key: (id, week) => `checkin:${id}:${week}`,
  held: (id, { profile }) => (profile?.weeks ?? []).map((week) => `checkin:${id}:${week}`),
  week: (week) => week,
});

export const REMINDER_DELIVERY = recordKind<Delivery, [sessionId: string, kind: SessionReminderKind]>({
  name: 'reminderDeliveries',
  namespace: 'deliveries',
  schema: deliverySchema,
  key: (id, sessionId, kind) => `session:${id}:${sessionId}:${kind}`,
  held: (id, { sessions }) => (sessions?.items ?? []).flatMap((session) => REMINDER_KINDS.map((kind) => `session:${id}:${session.id}:${kind}`)),
});

/**
 * Mentoring (src/mentoring/): the member's index of their offers and requests, written under their
 * lock; the offers and requests themselves are written by `Mentoring` under the server's mentoring
 * lock (a request joins two members), and reached here through the index for export and forget.
 */
export const MENTORING = recordKind<MentoringIndex>({
  name: 'mentoring',
  namespace: 'mentoring',
  schema: mentoringIndexSchema as z.ZodType<MentoringIndex>,
  key: (id) => id,
  held: (id) => [id],
});

/** A member's offer to mentor in one server. */
export const MENTOR_OFFER = recordKind<MentorOffer, [guildId: string]>({
  name: 'mentorOffers',
  namespace: 'mentor-offers',
  schema: mentorOfferSchema as z.ZodType<MentorOffer>,
  key: (id, guildId) => `${guildId}:${id}`,
  held: (id, { mentoring }) => (mentoring?.offers ?? []).map((guildId) => `${guildId}:${id}`),
});

/** A request the member sent or received: one record shared by both, keyed by its own id. */
export const MENTOR_REQUEST = recordKind<MentorRequest, [requestId: string]>({
  name: 'mentorRequests',
  namespace: 'mentor-requests',
  schema: mentorRequestSchema as z.ZodType<MentorRequest>,
  key: (_id, requestId) => requestId,
  held: (_id, { mentoring }) => [...new Set((mentoring?.requests ?? []).map((request) => request.id))],
  // Who asked stays private until the mentor accepts, in the mentor's export too.
  exportAs: (memberId, request) => {
    if (request.mentorId !== memberId || request.status === 'active' || request.status === 'ended') return request;
    const { menteeId: _id, menteeName: _name, ...hidden } = request;
    return hidden;
  },
});

/** Every kind of record a member has. Export and forget walk this list, in this order (profile last). */
export const MEMBER_RECORDS: readonly RecordKind<unknown, never>[] = [
  WEEK,
  GOALS,
  SESSIONS,
  CHECKIN_DELIVERY,
  REMINDER_DELIVERY,
  MENTOR_REQUEST,
  MENTOR_OFFER,
  MENTORING,
  PROFILE,
] as never;

/** The scheduler's jobs that name a member: `checkin:<id>` and `session:<id>:<sessionId>`. */
export const checkinJob = (memberId: string): string => `checkin:${memberId}`;
export const sessionJob = (memberId: string, sessionId: string): string => `session:${memberId}:${sessionId}`;
const namesMember = (memberId: string) => (job: string) => job === checkinJob(memberId) || job.startsWith(`session:${memberId}:`);

export const emptyProfile = (): UserRecord => ({ version: 1, weeks: [], revision: 0 });

/** Records read in bulk before taking the member's lock (see `Members.snapshot`). */
export interface Snapshot {
  profile: UserRecord | undefined;
  values: Map<string, unknown>;
  /** Keys of records that failed their schema. */
  unreadable: string[];
}

export interface UpdateOptions {
  /** Whether this may create the member's profile: what a member asks for does; scheduled work does not. */
  create?: boolean;
  /** Records read earlier in bulk; used if the member's revision has not moved since. */
  snapshot?: Snapshot | undefined;
  /**
   * Scheduled work sets unreadable records aside (reads them as absent, never overwrites them, and
   * tells the member) rather than failing; a command fails with a message naming the record.
   */
  setAside?: boolean;
}

/** Raised by a write when the member has no profile and the update may not create one (forgotten). */
export class MemberGone extends Error {
  override name = 'MemberGone';
}

/**
 * One member's records for the length of one `Members.update`: read under the member's lock, and
 * written in an order that a crash at any point leaves repairable: due-index entries before the
 * records that point at them, the profile (which lists the member's weeks) before a week it lists.
 * The first write bumps the profile's revision, so even an update that fails half-way makes every
 * snapshot read before it stale.
 */
export class Member {
  private readonly cache = new Map<string, unknown>();
  private touched = false;
  private profileDirty = false;
  private readonly readRevision: number;
  readonly unreadable: string[] = [];

  constructor(
    private readonly owner: Members,
    readonly id: string,
    private current: UserRecord | undefined,
    private readonly options: UpdateOptions,
  ) {
    this.readRevision = current?.revision ?? 0;
  }

  /** The profile as read under the lock, with this update's changes. */
  get profile(): UserRecord | undefined {
    return this.current;
  }

  /** Whether this update found or may create a profile. */
  get exists(): boolean {
    return this.current !== undefined || this.options.create === true;
  }

  /** Takes a bulk read made before the lock, with what it found unreadable (set aside, never overwritten). */
  seed({ values, unreadable }: Snapshot): void {
    for (const [key, value] of values) this.cache.set(key, value);
    this.unreadable.push(...unreadable.filter((key) => !this.unreadable.includes(key)));
  }

  async get<T, A extends readonly string[]>(kind: RecordKind<T, A>, ...args: A): Promise<T | undefined> {
    const key = kind.key(this.id, ...args);
    const cacheKey = `${kind.namespace}:${key}`;
    if (this.cache.has(cacheKey)) return this.cache.get(cacheKey) as T | undefined;
    let value: T | undefined;
    try {
      value = await this.owner.collection(kind).get(key);
    } catch (error) {
      if (!(error instanceof StoredRecordError) || !this.options.setAside) throw error;
      this.unreadable.push(cacheKey);
      value = undefined;
    }
    this.cache.set(cacheKey, value);
    return value;
  }

  /** Several records of one kind in one read. */
  async getMany<T, A extends readonly string[]>(kind: RecordKind<T, A>, argsList: readonly A[]): Promise<(T | undefined)[]> {
    const keys = argsList.map((args) => kind.key(this.id, ...args));
    const missing = keys.filter((key) => !this.cache.has(`${kind.namespace}:${key}`));
    if (missing.length > 0) {
      const found = await this.owner.collection(kind).getMany(missing, this.options.setAside ? (key) => this.unreadable.push(`${kind.namespace}:${key}`) : undefined);
      missing.forEach((key, i) => this.cache.set(`${kind.namespace}:${key}`, found[i]));
    }
    return keys.map((key) => this.cache.get(`${kind.namespace}:${key}`) as T | undefined);
  }

  /** Replaces the profile; written before the next record, or at the end of the update. */
  setProfile(change: (profile: UserRecord) => UserRecord): UserRecord {
    if (!this.exists) throw new MemberGone(this.id);
    this.current = change(this.current ?? emptyProfile());
    this.profileDirty = true;
    return this.current;
  }

  async put<T, A extends readonly string[]>(kind: RecordKind<T, A>, value: T, ...args: A): Promise<void> {
    const key = kind.key(this.id, ...args);
    const cacheKey = `${kind.namespace}:${key}`;
    if (this.unreadable.includes(cacheKey)) return; // set aside: never overwritten by scheduled work
    // The profile lists the week before a record of it exists, so export and forget find it.
    const week = kind.week?.(...args);
    if (week !== undefined && !this.current?.weeks.includes(week)) {
      this.setProfile((profile) => ({ ...profile, weeks: [...profile.weeks, week].sort() }));
    }
    await this.writeProfileIfNeeded();
    await this.owner.collection(kind).set(key, value);
    this.cache.set(cacheKey, value);
  }

  async remove<T, A extends readonly string[]>(kind: RecordKind<T, A>, ...args: A): Promise<void> {
    const key = kind.key(this.id, ...args);
    await this.writeProfileIfNeeded();
    await this.owner.collection(kind).delete(key);
    this.cache.set(`${kind.namespace}:${key}`, undefined);
  }

  /** A delivery record of this member, for the Outbox: written at once (intent before send). */
  slot<A extends readonly string[]>(kind: RecordKind<Delivery, A>, ...args: A): DeliverySlot & { key: string } {
    return {
      key: kind.key(this.id, ...args),
      get: () => this.get(kind, ...args),
      set: (delivery) => this.put(kind, delivery, ...args),
      delete: () => this.remove(kind, ...args),
    };
  }

  /** Files a job in the due index: before the record that makes it due. */
  async file(dueAt: number, job: string): Promise<void> {
    await this.owner.index.add(dueAt, job);
  }

  async unfile(dueAt: number, job: string): Promise<void> {
    await this.owner.index.remove(dueAt, job);
  }

  /** Writes the profile now if this update changed it: before removing what it no longer points at. */
  async flush(): Promise<void> {
    if (this.profileDirty) await this.writeProfile();
  }

  /** Ends the update: the profile, if changed (or if only other records were). */
  async commit(): Promise<void> {
    if (this.unreadable.length > 0) {
      this.owner.reportUnreadable(this.id, this.unreadable);
      // An unreadable profile cannot carry a notice: the member's next command finds it unreadable.
      if (this.current && this.current.notice === undefined) this.setProfile((profile) => ({ ...profile, notice: 'unreadable' }));
    }
    if (this.profileDirty) await this.writeProfile();
  }

  private async writeProfileIfNeeded(): Promise<void> {
    if (!this.exists) throw new MemberGone(this.id);
    if (this.profileDirty || !this.touched) await this.writeProfile();
  }

  private async writeProfile(): Promise<void> {
    if (this.unreadable.includes(`${PROFILE.namespace}:${this.id}`)) throw new MemberGone(this.id);
    const next = { ...(this.current ?? emptyProfile()), revision: this.readRevision + 1 };
    await this.owner.collection(PROFILE).set(this.id, next);
    this.current = next;
    this.touched = true;
    this.profileDirty = false;
    this.owner.onProfileChanged(this.id);
  }
}

/** Every member's records, and the one lock per member their reads-then-writes go through. */
export class Members {
  private readonly collections = new Map<string, Collection<unknown>>();
  private readonly lock = new KeyedMutex();

  /** Told after every change to a member's profile (caches of it drop their copy). */
  onProfileChanged: (memberId: string) => void = () => undefined;
  /**
   * Told under the member's lock as they are forgotten, before their records go: what others keep
   * that points at the member (a server's list of shared wins) is removed with them.
   */
  onForget: (memberId: string, manifest: Manifest) => Promise<void> = async () => undefined;
  /** Told when records of a member were found unreadable (keys only, never content). */
  reportUnreadable: (memberId: string, keys: readonly string[]) => void = () => undefined;
  /**
   * Run by `forget` before it takes the member's lock: records shared with other members (a
   * mentoring request) are settled there, under their own locks, telling the others only that
   * something ended. Never called with the member's lock held, so a hook may take other locks.
   */
  private readonly forgetHooks: ((memberId: string, now: number) => Promise<void>)[] = [];

  constructor(
    private readonly store: Store,
    readonly index: DueIndex,
  ) {}

  /** Adds work `forget` does first (see `forgetHooks`). */
  beforeForget(hook: (memberId: string, now: number) => Promise<void>): void {
    this.forgetHooks.push(hook);
  }

  collection<T, A extends readonly string[]>(kind: RecordKind<T, A>): Collection<T> {
    const id = `${kind.namespace}`;
    let collection = this.collections.get(id);
    if (!collection) {
      collection = this.store.collection(kind.namespace, kind.schema as z.ZodType) as Collection<unknown>;
      this.collections.set(id, collection);
    }
    // Deliveries of both kinds share one namespace and one schema.
    return collection as Collection<T>;
  }

  /**
   * Runs `work` with the member's records under their lock: the profile is read again here, and
   * what `work` writes is written through the `Member`. Returns what `work` returns.
   */
  async update<R>(memberId: string, work: (member: Member) => Promise<R> | R, options: UpdateOptions = {}): Promise<R> {
    return this.lock.run(memberId, async () => {
      let profile: UserRecord | undefined;
      let profileUnreadable = false;
      try {
        profile = await this.collection(PROFILE).get(memberId);
      } catch (error) {
        if (!(error instanceof StoredRecordError) || !options.setAside) throw error;
        profileUnreadable = true;
      }
      const member = new Member(this, memberId, profile, { ...options, create: profileUnreadable ? false : options.create });
      if (profileUnreadable) member.unreadable.push(`${PROFILE.namespace}:${memberId}`);
      const { snapshot } = options;
      if (snapshot?.profile && profile && snapshot.profile.revision === profile.revision) member.seed(snapshot);
      const result = await work(member);
      await member.commit();
      return result;
    });
  }

  /** The member's profile as stored (no lock): for caches and checks that write nothing. */
  async profile(memberId: string): Promise<UserRecord | undefined> {
    return this.collection(PROFILE).get(memberId);
  }

  /** Reads without the lock, for replies that only show data (history, lists): never written back. */
  async read<R>(memberId: string, work: (member: Member) => Promise<R> | R): Promise<R> {
    const profile = await this.collection(PROFILE).get(memberId);
    return work(new Member(this, memberId, profile, { create: false }));
  }

  /**
   * Reads many members' profiles, then the records `wanted` names for each, one store read per
   * record kind whatever the number of members: what a scheduled batch starts from. Unreadable
   * records read as absent and are listed in the snapshot.
   */
  async snapshot(
    memberIds: readonly string[],
    wanted: (memberId: string, profile: UserRecord) => readonly RecordRef[],
  ): Promise<Map<string, Snapshot>> {
    const result = new Map<string, Snapshot>();
    const unreadable = new Map<string, string[]>();
    const note = (memberId: string, key: string) => unreadable.set(memberId, [...(unreadable.get(memberId) ?? []), key]);
    const profiles = await this.collection(PROFILE).getMany(memberIds, (key) => note(key, `${PROFILE.namespace}:${key}`));
    const byNamespace = new Map<string, { kind: RecordKind<unknown, readonly string[]>; keys: string[]; owners: string[] }>();
    memberIds.forEach((memberId, i) => {
      const profile = profiles[i];
      result.set(memberId, { profile, values: new Map(), unreadable: [] });
      if (!profile) return;
      for (const [kind, args] of wanted(memberId, profile)) {
        const group = byNamespace.get(kind.namespace) ?? { kind, keys: [], owners: [] };
        group.keys.push(kind.key(memberId, ...args));
        group.owners.push(memberId);
        byNamespace.set(kind.namespace, group);
      }
    });
    await Promise.all(
      [...byNamespace.values()].map(async ({ kind, keys, owners }) => {
        const found = await this.collection(kind).getMany(keys, (key) => note(owners[keys.indexOf(key)]!, `${kind.namespace}:${key}`));
        keys.forEach((key, i) => result.get(owners[i]!)!.values.set(`${kind.namespace}:${key}`, found[i]));
      }),
    );
    for (const [memberId, keys] of unreadable) result.get(memberId)!.unreadable.push(...keys);
    return result;
  }

  /**
   * Everything kept about one member, kind by kind, as stored: one record, or a list where the kind
   * has several. A record that fails its schema is included as it is, marked unreadable: export is
   * complete even when a record is broken.
   */
  async export(memberId: string): Promise<Record<string, unknown>> {
    return this.lock.run(memberId, async () => {
      const manifest = await this.manifest(memberId);
      const out: Record<string, unknown> = {};
      for (const kind of MEMBER_RECORDS) {
        const single = kind.held(memberId, { profile: undefined, sessions: undefined, mentoring: undefined }).length === 1;
        const records: unknown[] = [];
        for (const key of kind.held(memberId, manifest)) {
          const raw = await this.collection(kind).getRaw(key);
          if (raw === undefined) continue;
          const parsed = kind.schema.safeParse(raw);
          if (!parsed.success) records.push({ unreadable: true, key: `${kind.namespace}:${key}`, stored: raw });
          else records.push(kind.exportAs ? kind.exportAs(memberId, parsed.data) : parsed.data);
        }
        out[kind.name] = single ? (records[0] ?? null) : records;
      }
      return out;
    });
  }

  /**
   * Deletes every record of the member (walking `MEMBER_RECORDS`) and every due-index entry that
   * names them. Under their lock: a batch sending to them finishes first, then finds nothing.
   */
  async forget(memberId: string, now: number): Promise<void> {
    for (const hook of this.forgetHooks) await hook(memberId, now);
    await this.lock.run(memberId, async () => {
      const manifest = await this.manifest(memberId);
      // Index entries first: they name the member, and a tick must not find a job without its record.
      const minutes = [
        ...(manifest.profile?.checkin ? [manifest.profile.checkin.nextDueAt] : []),
        ...(manifest.sessions?.items ?? []).flatMap((session) => sessionReminderTimes(session.startsAt).map((reminder) => reminder.atMs)),
      ].map((ms) => Math.floor(ms / 60_000));
      await this.index.purge(namesMember(memberId), minutes, now);
      await this.onForget(memberId, manifest);
      for (const kind of MEMBER_RECORDS) {
        for (const key of kind.held(memberId, manifest)) await this.collection(kind).delete(key);
      }
      this.onProfileChanged(memberId);
    });
  }

  /** The profile and sessions, salvaged from the raw values if they fail their schemas. */
  private async manifest(memberId: string): Promise<Manifest> {
    const salvage = async <T>(kind: RecordKind<T>, pick: (raw: Record<string, unknown>) => T | undefined): Promise<T | undefined> => {
      const raw = await this.collection(kind).getRaw(kind.key(memberId));
      if (raw === undefined) return undefined;
      const parsed = kind.schema.safeParse(raw);
      return parsed.success ? parsed.data : typeof raw === 'object' && raw !== null ? pick(raw as Record<string, unknown>) : undefined;
    };
    const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
    const profile = await salvage(PROFILE, (raw) => {
      const nextDueAt = (raw.checkin as { nextDueAt?: unknown } | undefined)?.nextDueAt;
      return {
        ...emptyProfile(),
        weeks: strings(raw.weeks),
        ...(typeof nextDueAt === 'number' ? { checkin: { weekday: 1, hour: 0, minute: 0, timeZone: 'UTC', status: 'paused', nextDueAt } } : {}),
      } as UserRecord;
    });
    const sessions = await salvage(SESSIONS, (raw) => ({
      version: 1 as const,
      items: (Array.isArray(raw.items) ? raw.items : [])
        .filter((item): item is { id: string; startsAt: number } => typeof item?.id === 'string' && typeof item?.startsAt === 'number')
        .map((item) => ({ id: item.id, startsAt: item.startsAt, timeZone: 'UTC', createdAt: 0, done: [] })),
    }));
    const mentoring = await salvage(MENTORING, (raw) => ({
      version: 1 as const,
      offers: strings(raw.offers),
      requests: (Array.isArray(raw.requests) ? raw.requests : [])
        .filter((item): item is { id: string; guildId: string; role: 'mentee' | 'mentor' } => typeof item?.id === 'string' && typeof item?.guildId === 'string')
        .map((item) => ({ id: item.id, guildId: item.guildId, role: item.role === 'mentor' ? ('mentor' as const) : ('mentee' as const) })),
    }));
    return { profile, sessions, mentoring };
  }
}
