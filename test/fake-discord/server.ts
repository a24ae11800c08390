/**
 * A loopback fake Discord for end-to-end tests and benchmarks: REST at `/api/v10`, a gateway on
 * the same port, and the rules that make a real bot fail (auth, rate limits, the 3-second window,
 * double acknowledgements, payload limits, closed DMs, missing permissions, nonce idempotency).
 *
 * Free of vitest: scripts import it too.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway, type IdentifyRecord, type ResumeRecord } from './gateway.js';
import {
  CallbackType,
  InteractionHandle,
  InteractionType,
  buildCommandData,
  flattenComponents,
  makeAnswer,
  type Answer,
  type CommandSpec,
  type OptionValue,
  type ResolveContext,
} from './interactions.js';
import { boundaryOf, parseMultipart, type UploadedFile } from './multipart.js';
import type {
  ChannelInit,
  FakeDiscordOptions,
  FakeUser,
  FaultRequest,
  FaultResponse,
  GuildInit,
  Json,
  MessageCreatedHook,
  OverwriteInit,
  PermInput,
  PublicPost,
  RecordedRequest,
  RequestMatcher,
  StoredMessage,
  UserInit,
} from './types.js';
import {
  ALL_PERMISSIONS,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  DM_APP_PERMISSIONS,
  Perm,
  hasPerm,
  isSnowflake,
  isoNow,
  perfNow,
  randomToken,
  realClearTimeout,
  realNow,
  realSetTimeout,
  sleep,
  snowflake,
  toBig,
} from './util.js';
import { validatePayload, type PayloadKind } from './validate.js';

// ---------------------------------------------------------------------------------------------
// Internal state shapes

interface RoleState {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  managed: boolean;
  botId: string | null;
}

interface MemberState {
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

interface OverwriteState {
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

interface ChannelState {
  id: string;
  type: number;
  name: string | null;
  guildId: string | null;
  position: number;
  overwrites: OverwriteState[];
  parentId: string | null;
  topic: string | null;
  nsfw: boolean;
  /** DM only. */
  recipientId: string | null;
  deleted: boolean;
  messages: StoredMessage[];
  lastMessageId: string | null;
  /** Threads only (types 10, 11, 12): see the threads block below. */
  thread?: ThreadState;
}

/** A thread's own state (threads block). */
interface ThreadState {
  ownerId: string;
  members: Set<string>;
  invitable: boolean;
  autoArchive: number;
  createdAt: string;
}

const PRIVATE_THREAD = 12;

interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  roles: Map<string, RoleState>;
  channelIds: string[];
  members: Map<string, MemberState>;
  botRoleId: string;
  botPresent: boolean;
  joinedAt: string;
}

interface Reply {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
  drop?: boolean;
}

interface Ctx {
  method: string;
  path: string;
  segments: string[];
  query: Record<string, string>;
  body: Json;
  files: UploadedFile[];
  t0: number;
  record: RecordedRequest;
  routeName: string;
  /** Run after the response is written (so waiters see the final status). */
  after: Array<() => void>;
}

interface RouteDef {
  method: string;
  re: RegExp;
  name: string;
  auth: boolean;
  /** Exempt from the global rate limit. */
  exempt: boolean;
  /** An interaction webhook route (follow-ups, @original): exempt unless `globalLimitExemptsWebhooks` is false. */
  interactionWebhook: boolean;
  kind?: PayloadKind;
  major: (m: RegExpExecArray) => string;
  handle: (ctx: Ctx, m: RegExpExecArray) => Reply | Promise<Reply>;
}

interface ShownModal {
  userId: string;
  customId: string;
  data: Json;
  interaction: InteractionHandle;
  time: number;
}

export interface FakeDefaults {
  guildId: string;
  textChannelId: string;
  announcementChannelId: string;
  voiceChannelId: string;
  everyoneRoleId: string;
  botRoleId: string;
  /** Role "Moderator" (Manage Messages) in the default guild; '' with custom guilds that lack one. */
  moderatorRoleId: string;
  /** Owns the default guild. */
  owner: FakeUser;
  /** Has the Moderator role. */
  moderator: FakeUser;
  /** A plain member (the default user of interactions). */
  member: FakeUser;
}

export interface InteractionTarget {
  /** A user id, a user made with `fake.user()`, or a new user's fields. Default: `defaults.member`. */
  user?: string | FakeUser | UserInit;
  /** Default: the first guild. Ignored with `dm`. */
  guildId?: string;
  /** In the bot's DM with the user. */
  dm?: boolean;
  /** Default: the guild's first text channel (or the DM). */
  channelId?: string;
  /** Override `member.permissions` (what Discord computed for the member in that channel). */
  memberPermissions?: PermInput;
  /** Set the member's roles (ids) before dispatching. */
  roles?: string[];
  /** Interaction `locale` (default en-US). */
  locale?: string;
}

export interface CommandInvocation extends InteractionTarget, CommandSpec {
  /** Dispatch even if the command is not registered where it is invoked. */
  unregistered?: boolean;
}

export interface AutocompleteInvocation extends InteractionTarget, CommandSpec {
  focused: string;
  value: string;
  unregistered?: boolean;
  timeoutMs?: number;
}

export interface ButtonInvocation extends InteractionTarget {
  customId: string;
  /** The message holding the component (default: newest visible message in the channel that has it). */
  messageId?: string;
  /** A raw message object to send instead of a stored one. */
  message?: Json;
  /** For select menus: the chosen values. */
  values?: string[];
  /** Click even if the component is disabled or absent. */
  force?: boolean;
}

export interface ModalSubmitInvocation extends InteractionTarget {
  customId: string;
  /** text input custom_id → value */
  fields: Record<string, string>;
  /** Submit without a matching modal having been shown, or with values it would not allow. */
  force?: boolean;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const EPHEMERAL = 64;
const LOADING = 128;
const KEEP_FLAGS = 4 | 4096 | 32768; // suppress embeds, suppress notifications, components v2

function err(status: number, code: number, message: string, extra?: Json): Reply {
  return { status, body: { message, code, ...(extra ?? {}) } };
}

function ok(body: Json, status = 200): Reply {
  return { status, body };
}

const noContent: Reply = { status: 204 };

/** Kills the connection with a TCP reset (clients see ECONNRESET, which @discordjs/rest retries). */
function resetSocket(res: ServerResponse): void {
  const socket = res.socket as (NonNullable<ServerResponse['socket']> & { resetAndDestroy?: () => void }) | null;
  if (socket?.resetAndDestroy) socket.resetAndDestroy();
  else socket?.destroy();
}

function matches(matcher: RequestMatcher, req: FaultRequest): boolean {
  if (typeof matcher === 'function') return matcher(req);
  const test = (p: string | RegExp | undefined, value: string): boolean =>
    p === undefined ? true : typeof p === 'string' ? value === p || value.startsWith(p) : p.test(value);
  if (typeof matcher === 'string' || matcher instanceof RegExp) {
    const line = `${req.method} ${req.path}`;
    return typeof matcher === 'string' ? line === matcher || line.startsWith(matcher) || req.path.startsWith(matcher) : matcher.test(line);
  }
  if (matcher.method && matcher.method.toUpperCase() !== req.method) return false;
  return test(matcher.path, req.path) && test(matcher.route, req.route);
}

/** Who a message would ping, given its content and allowed_mentions. */
function pingsOf(content: string | undefined, allowed: Json | undefined): string[] {
  if (!content) return [];
  const parse: string[] | null = allowed && Array.isArray(allowed.parse) ? allowed.parse : allowed ? [] : null;
  const all = parse === null; // no allowed_mentions: everything in the content pings
  const out: string[] = [];
  if (/@(everyone|here)/.test(content) && (all || parse!.includes('everyone'))) out.push('@everyone');
  for (const m of content.matchAll(/<@!?(\d{17,19})>/g)) {
    if (all || parse!.includes('users') || (Array.isArray(allowed?.users) && allowed.users.includes(m[1]))) out.push(`user:${m[1]}`);
  }
  for (const m of content.matchAll(/<@&(\d{17,19})>/g)) {
    if (all || parse!.includes('roles') || (Array.isArray(allowed?.roles) && allowed.roles.includes(m[1]))) out.push(`role:${m[1]}`);
  }
  return out;
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly defaults: FakeDefaults;
  /** Rule breaks: unknown routes, 401s, 429s sent, 10062, 40060, invalid payloads… */
  readonly violations: string[] = [];
  /** Every request (see `requestLog` option). */
  readonly requests: RecordedRequest[] = [];
  /** Messages posted or edited where others can see them (guild channels), with their allowed_mentions. */
  readonly publicPosts: Array<PublicPost & { pings: string[] }> = [];
  /** Interactions by id. */
  readonly interactions = new Map<string, InteractionHandle>();
  /** How many 429 answers the fake sent. */
  sent429 = 0;
  /** How many `enforce_nonce` duplicates returned the first message instead of creating one. */
  nonceDuplicates = 0;
  /** Messages created in channels (POST /channels/{id}/messages) so far. */
  channelMessagesCreated = 0;

  apiUrl = '';
  gatewayUrl = '';
  baseUrl = '';
  port = 0;

  private readonly opts: Required<Omit<FakeDiscordOptions, 'botUser' | 'guilds' | 'users' | 'commands' | 'log' | 'routeRateLimit'>> & {
    routeRateLimit: { limit: number; windowMs: number };
    log: ((line: string) => void) | undefined;
  };
  private readonly server: Server;
  private readonly gateway: FakeGateway;
  private readonly routes: RouteDef[];
  private readonly users = new Map<string, FakeUser>();
  private readonly guilds = new Map<string, GuildState>();
  private readonly channels = new Map<string, ChannelState>();
  private readonly dmChannelByUser = new Map<string, string>();
  private readonly closedDms = new Map<string, number>();
  /** enforce_nonce memory: key = nonce (author scope) or channel + nonce. */
  private readonly nonces = new Map<string, { message: StoredMessage; time: number }>();
  private readonly messagesById = new Map<string, StoredMessage>();
  private readonly attachments = new Map<string, UploadedFile>();
  private readonly commands = new Map<string, Json[]>(); // 'global' | guildId
  private readonly commandIdsByName = new Map<string, string>();
  private readonly interactionsByToken = new Map<string, InteractionHandle>();
  private readonly shownModals: ShownModal[] = [];
  private readonly buckets = new Map<string, { reset: number; count: number }>();
  private readonly messageHooks: MessageCreatedHook[] = [];
  /** Threads block: told of every thread created. */
  private readonly threadHooks: Array<(thread: Json) => void | 'drop'> = [];
  private readonly faults: Array<{ matcher: RequestMatcher; remaining: number; response: FaultResponse }> = [];
  private faultFn: ((req: FaultRequest) => FaultResponse | undefined | void) | null = null;
  private readonly requestWaiters: Array<{ pred: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }> = [];
  private readonly identifyWaiters: Array<() => void> = [];
  private globalReset = 0;
  private globalCount = 0;
  private requestSeq = 0;
  private timeOffset = 0;
  private stopped = false;

  private constructor(options: FakeDiscordOptions) {
    const o = options;
    this.token = o.token ?? 'fake-bot-token';
    this.applicationId = o.applicationId ?? snowflake();
    this.opts = {
      token: this.token,
      applicationId: this.applicationId,
      nonceWindowMs: o.nonceWindowMs ?? 5 * 60_000,
      interactionDeadlineMs: o.interactionDeadlineMs ?? 3000,
      interactionTokenTtlMs: o.interactionTokenTtlMs ?? 15 * 60_000,
      globalRateLimit: o.globalRateLimit ?? 50,
      globalRateLimitWindowMs: o.globalRateLimitWindowMs ?? 1000,
      routeRateLimit: o.routeRateLimit ?? { limit: 50, windowMs: 1000 },
      globalLimitExemptsWebhooks: o.globalLimitExemptsWebhooks ?? true,
      nonceScope: o.nonceScope ?? 'author',
      heartbeatIntervalMs: o.heartbeatIntervalMs ?? 41_250,
      shards: o.shards ?? 1,
      validate: o.validate ?? true,
      rejectInvalid: o.rejectInvalid ?? true,
      privilegedIntents: o.privilegedIntents ?? false,
      autoCreateUsers: o.autoCreateUsers ?? true,
      requestLog: o.requestLog ?? true,
      port: o.port ?? 0,
      waitTimeoutMs: o.waitTimeoutMs ?? 5000,
      log: o.log,
    };
    this.botUser = this.makeUser({ username: 'Murshid', ...o.botUser, id: o.botUser?.id ?? this.applicationId, bot: true });

    const owner = this.makeUser({ username: 'owner', globalName: 'Server Owner' });
    const moderator = this.makeUser({ username: 'moderator', globalName: 'Moderator' });
    const member = this.makeUser({ username: 'member', globalName: 'Member' });
    for (const u of o.users ?? []) this.makeUser(u);

    const guildInits: GuildInit[] = o.guilds ?? [
      {
        name: 'Fake Guild',
        ownerId: owner.id,
        roles: [{ name: 'Moderator', permissions: Perm.ManageMessages, position: 2 }],
      },
    ];
    let moderatorRoleId = '';
    for (const init of guildInits) {
      const g = this.addGuild(init, owner.id);
      if (!o.guilds) {
        moderatorRoleId = [...g.roles.values()].find((r) => r.name === 'Moderator')!.id;
        this.ensureMember(g, owner.id);
        this.ensureMember(g, moderator.id).roles = [moderatorRoleId];
        this.ensureMember(g, member.id);
      }
    }
    const g0 = [...this.guilds.values()][0];
    const firstOfType = (t: number): string => g0?.channelIds.find((id) => this.channels.get(id)?.type === t) ?? '';
    this.defaults = {
      guildId: g0?.id ?? '',
      textChannelId: firstOfType(0),
      announcementChannelId: firstOfType(5),
      voiceChannelId: firstOfType(2),
      everyoneRoleId: g0?.id ?? '',
      botRoleId: g0?.botRoleId ?? '',
      moderatorRoleId,
      owner,
      moderator,
      member,
    };
    for (const cmd of o.commands?.global ?? []) this.storeCommand('global', cmd, null);
    for (const [gid, list] of Object.entries(o.commands?.guilds ?? {})) for (const cmd of list) this.storeCommand(gid, cmd, gid);

    this.gateway = new FakeGateway(
      {
        token: () => this.token,
        privilegedIntents: () => this.opts.privilegedIntents,
        ready: (sessionId, shard, resumeUrl) => this.readyPayload(sessionId, shard, resumeUrl),
        guildCreates: (shard) => this.guildCreates(shard),
        onIdentify: (r) => {
          this.log(`IDENTIFY intents=${r.intents} shard=${r.shard.join('/')} ok=${r.tokenOk}`);
          if (!r.tokenOk) this.violation(`gateway: IDENTIFY with a wrong token`);
          for (const w of [...this.identifyWaiters]) w();
        },
        onResume: (r) => this.log(`RESUME ${r.sessionId} seq=${r.seq} ok=${r.ok}`),
      },
      this.opts.heartbeatIntervalMs,
    );
    this.routes = this.buildRoutes();
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((e: unknown) => {
        this.violation(`fake Discord crashed on ${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
        if (!res.headersSent) {
          res.writeHead(500, JSON_HEADERS);
          res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
        }
      });
    });
    this.server.keepAliveTimeout = 30_000;
    this.server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
      if ((req.url ?? '').startsWith('/gateway')) this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  /** Starts the fake on 127.0.0.1 (random port unless `port`). */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(fake.opts.port, '127.0.0.1', () => resolve());
    });
    const { port } = fake.server.address() as AddressInfo;
    fake.port = port;
    fake.baseUrl = `http://127.0.0.1:${port}`;
    fake.apiUrl = `${fake.baseUrl}/api`;
    fake.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    fake.gateway.url = fake.gatewayUrl;
    return fake;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.gateway.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // -------------------------------------------------------------------------------------------
  // Clock, logging, violations

  /** The fake's clock (Date.now() plus `advanceTime`). */
  now(): number {
    return realNow() + this.timeOffset;
  }

  /** Moves the fake's clock forward (nonce windows, token expiry, timestamps). */
  advanceTime(ms: number): void {
    this.timeOffset += ms;
  }

  private log(line: string): void {
    this.opts.log?.(`[fake-discord] ${line}`);
  }

  private violation(text: string): void {
    this.violations.push(text);
    this.log(`VIOLATION ${text}`);
  }

  /** Throws if any rule was broken, listing every violation. */
  assertClean(): void {
    if (this.violations.length === 0) return;
    throw new Error(`fake Discord saw ${this.violations.length} violation(s):\n- ${this.violations.join('\n- ')}`);
  }

  /** Public posts whose allowed_mentions is not exactly `{parse: []}` (optionally with empty lists). */
  unsafeMentions(): PublicPost[] {
    return this.publicPosts.filter((p) => {
      const am = p.allowedMentions;
      if (!am || !Array.isArray(am.parse) || am.parse.length !== 0) return true;
      return (Array.isArray(am.users) && am.users.length > 0) || (Array.isArray(am.roles) && am.roles.length > 0);
    });
  }

  /**
   * Forgets requests, violations, public posts and counters. With `interactions`, also forgets
   * interaction handles (late callbacks for them then answer 10062); with `messages`, stored
   * messages (benchmarks use both between rounds to keep memory flat).
   */
  clearLog(opts: { interactions?: boolean; messages?: boolean } = {}): void {
    this.requests.length = 0;
    this.violations.length = 0;
    this.publicPosts.length = 0;
    this.sent429 = 0;
    this.nonceDuplicates = 0;
    if (opts.interactions) {
      this.interactions.clear();
      this.interactionsByToken.clear();
      this.shownModals.length = 0;
    }
    if (opts.messages) {
      this.messagesById.clear();
      this.attachments.clear();
      this.nonces.clear();
      for (const ch of this.channels.values()) ch.messages = [];
    }
  }

  // -------------------------------------------------------------------------------------------
  // Users, guilds, channels

  private makeUser(init: UserInit): FakeUser {
    const id = init.id ?? snowflake();
    const existing = this.users.get(id);
    if (existing) return existing;
    const username = init.username ?? `user${id.slice(-6)}`;
    const user: FakeUser = {
      id,
      username,
      global_name: init.globalName === undefined ? username : init.globalName,
      discriminator: init.bot ? '0000' : '0',
      avatar: null,
      public_flags: 0,
    };
    if (init.bot) user.bot = true;
    this.users.set(id, user);
    return user;
  }

  /** Returns a known user, or creates one. */
  user(init: string | UserInit = {}): FakeUser {
    if (typeof init === 'string') {
      const u = this.users.get(init);
      if (u) return u;
      if (!isSnowflake(init)) throw new Error(`fake Discord: user id "${init}" is not a 17–19-digit snowflake`);
      return this.makeUser({ id: init });
    }
    return this.makeUser(init);
  }

  private resolveUser(u: string | FakeUser | UserInit | undefined): FakeUser {
    if (u === undefined) return this.defaults.member;
    if (typeof u === 'string') return this.user(u);
    if ('discriminator' in u && u.id) {
      const known = this.users.get(u.id);
      if (known) return known;
      this.users.set(u.id, u);
      return u;
    }
    return this.makeUser(u as UserInit);
  }

  private addGuild(init: GuildInit, defaultOwner: string): GuildState {
    const id = init.id ?? snowflake();
    const joinedAt = isoNow(this.now());
    const g: GuildState = {
      id,
      name: init.name ?? 'Fake Guild',
      ownerId: init.ownerId ?? defaultOwner,
      preferredLocale: init.preferredLocale ?? 'en-US',
      roles: new Map(),
      channelIds: [],
      members: new Map(),
      botRoleId: '',
      botPresent: true,
      joinedAt,
    };
    g.roles.set(id, {
      id,
      name: '@everyone',
      permissions: toBig(init.everyonePermissions, DEFAULT_EVERYONE_PERMISSIONS),
      position: 0,
      color: 0,
      managed: false,
      botId: null,
    });
    const botRoleId = snowflake();
    g.roles.set(botRoleId, {
      id: botRoleId,
      name: this.botUser.username,
      permissions: toBig(init.botPermissions, DEFAULT_BOT_PERMISSIONS),
      position: 1,
      color: 0,
      managed: true,
      botId: this.botUser.id,
    });
    g.botRoleId = botRoleId;
    let pos = 2;
    for (const r of init.roles ?? []) {
      const rid = r.id ?? snowflake();
      g.roles.set(rid, { id: rid, name: r.name, permissions: toBig(r.permissions), position: r.position ?? pos++, color: r.color ?? 0, managed: false, botId: null });
    }
    this.guilds.set(id, g);
    const channels: ChannelInit[] = init.channels ?? [
      { name: 'general', type: 0 },
      { name: 'announcements', type: 5 },
      { name: 'Voice', type: 2 },
    ];
    channels.forEach((c, i) => this.addChannel(g, c, i));
    g.members.set(this.botUser.id, { userId: this.botUser.id, roles: [botRoleId], nick: null, joinedAt });
    for (const m of init.members ?? []) {
      const u = typeof m.user === 'string' ? this.user(m.user) : this.makeUser(m.user);
      g.members.set(u.id, { userId: u.id, roles: m.roles ?? [], nick: m.nick ?? null, joinedAt });
    }
    return g;
  }

  private overwriteState(o: OverwriteInit): OverwriteState {
    return { id: o.id, type: o.type === 'member' || o.type === 1 ? 1 : 0, allow: toBig(o.allow), deny: toBig(o.deny) };
  }

  private addChannel(g: GuildState, c: ChannelInit, position: number): ChannelState {
    const ch: ChannelState = {
      id: c.id ?? snowflake(),
      type: c.type ?? 0,
      name: c.name,
      guildId: g.id,
      position,
      overwrites: (c.overwrites ?? []).map((o) => this.overwriteState(o)),
      parentId: c.parentId ?? null,
      topic: c.topic ?? null,
      nsfw: c.nsfw ?? false,
      recipientId: null,
      deleted: false,
      messages: [],
      lastMessageId: null,
    };
    this.channels.set(ch.id, ch);
    g.channelIds.push(ch.id);
    return ch;
  }

  private ensureMember(g: GuildState, userId: string): MemberState {
    let m = g.members.get(userId);
    if (!m) {
      m = { userId, roles: [], nick: null, joinedAt: isoNow(this.now()) };
      g.members.set(userId, m);
    }
    return m;
  }

  private guild(id?: string): GuildState {
    const g = id ? this.guilds.get(id) : [...this.guilds.values()][0];
    if (!g) throw new Error(`fake Discord: unknown guild ${id ?? '(none configured)'}`);
    return g;
  }

  /** Adds a channel to a guild (and tells the bot with CHANNEL_CREATE). Returns its id. */
  addGuildChannel(init: ChannelInit, guildId = this.defaults.guildId): string {
    const g = this.guild(guildId);
    const ch = this.addChannel(g, init, g.channelIds.length);
    this.gateway.dispatch('CHANNEL_CREATE', this.channelJson(ch), g.id);
    return ch.id;
  }

  /** Adds a user to a guild (optionally with roles). */
  addMember(userOrId: string | UserInit | FakeUser, roles: string[] = [], guildId = this.defaults.guildId): FakeUser {
    const u = this.resolveUser(userOrId);
    this.ensureMember(this.guild(guildId), u.id).roles = roles;
    return u;
  }

  /** Adds a role to a guild; returns its id. */
  addRole(name: string, permissions: PermInput = 0n, guildId = this.defaults.guildId): string {
    const g = this.guild(guildId);
    const id = snowflake();
    const role: RoleState = { id, name, permissions: toBig(permissions), position: g.roles.size, color: 0, managed: false, botId: null };
    g.roles.set(id, role);
    this.gateway.dispatch('GUILD_ROLE_CREATE', { guild_id: g.id, role: this.roleJson(role) }, g.id);
    return id;
  }

  /** Changes a role's permissions (e.g. the bot's role `defaults.botRoleId`, or @everyone = guild id). */
  setRolePermissions(roleId: string, permissions: PermInput, guildId = this.defaults.guildId): void {
    const g = this.guild(guildId);
    const role = g.roles.get(roleId);
    if (!role) throw new Error(`fake Discord: unknown role ${roleId}`);
    role.permissions = toBig(permissions);
    this.gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: g.id, role: this.roleJson(role) }, g.id);
  }

  /** Replaces a channel's permission overwrites (and tells the bot with CHANNEL_UPDATE). */
  setChannelOverwrites(channelId: string, overwrites: OverwriteInit[]): void {
    const ch = this.channelOrThrow(channelId);
    ch.overwrites = overwrites.map((o) => this.overwriteState(o));
    this.gateway.dispatch('CHANNEL_UPDATE', this.channelJson(ch), ch.guildId);
  }

  /** Sets the bot's member overwrite in a channel, e.g. `{ deny: Perm.SendMessages }`. */
  setBotChannelPermissions(channelId: string, perms: { allow?: PermInput; deny?: PermInput }): void {
    const ch = this.channelOrThrow(channelId);
    const rest = ch.overwrites.filter((o) => !(o.type === 1 && o.id === this.botUser.id));
    rest.push({ id: this.botUser.id, type: 1, allow: toBig(perms.allow), deny: toBig(perms.deny) });
    ch.overwrites = rest;
    this.gateway.dispatch('CHANNEL_UPDATE', this.channelJson(ch), ch.guildId);
  }

  /** Deletes a channel: sends then answer 404 10003, and the bot gets CHANNEL_DELETE. */
  deleteChannel(channelId: string): void {
    const ch = this.channelOrThrow(channelId);
    ch.deleted = true;
    if (ch.guildId) {
      const g = this.guilds.get(ch.guildId);
      if (g) g.channelIds = g.channelIds.filter((id) => id !== ch.id);
      this.gateway.dispatch('CHANNEL_DELETE', this.channelJson(ch), ch.guildId);
    }
  }

  /** Removes the bot from a guild (GUILD_DELETE); its channels answer 403 50001 afterwards. */
  removeBotFromGuild(guildId = this.defaults.guildId): void {
    const g = this.guild(guildId);
    g.botPresent = false;
    g.members.delete(this.botUser.id);
    this.gateway.dispatch('GUILD_DELETE', { id: g.id }, g.id);
  }

  /** The user has DMs closed (or shares no server): sends to their DM answer 403 50007. */
  closeDms(userId: string): void {
    this.closedDms.set(userId, this.now());
  }

  openDms(userId: string): void {
    this.closedDms.delete(userId);
  }

  /** The DM channel id for a user (created, stable, as POST /users/@me/channels would). */
  dmChannelIdFor(userId: string): string {
    return this.dmChannel(this.user(userId)).id;
  }

  private dmChannel(user: FakeUser): ChannelState {
    const existing = this.dmChannelByUser.get(user.id);
    if (existing) return this.channels.get(existing)!;
    const ch: ChannelState = {
      id: snowflake(),
      type: 1,
      name: null,
      guildId: null,
      position: 0,
      overwrites: [],
      parentId: null,
      topic: null,
      nsfw: false,
      recipientId: user.id,
      deleted: false,
      messages: [],
      lastMessageId: null,
    };
    this.channels.set(ch.id, ch);
    this.dmChannelByUser.set(user.id, ch.id);
    return ch;
  }

  private channelOrThrow(id: string): ChannelState {
    const ch = this.channels.get(id);
    if (!ch) throw new Error(`fake Discord: unknown channel ${id}`);
    return ch;
  }

  /** Messages in a channel, oldest first (ephemeral replies are not in channels). */
  channelMessages(channelId: string, opts: { includeDeleted?: boolean } = {}): StoredMessage[] {
    const ch = this.channels.get(channelId);
    if (!ch) return [];
    return ch.messages.filter((m) => opts.includeDeleted || !m.deleted);
  }

  /** Messages in the bot's DM with a user, oldest first. */
  dmMessagesFor(userId: string): StoredMessage[] {
    const id = this.dmChannelByUser.get(userId);
    return id ? this.channelMessages(id) : [];
  }

  /** Any message the fake knows (ephemeral ones too). */
  message(id: string): StoredMessage | undefined {
    return this.messagesById.get(id);
  }

  /** Registered commands: global, or a guild's. */
  registeredCommands(guildId?: string): Json[] {
    return [...(this.commands.get(guildId ?? 'global') ?? [])];
  }

  /** Replaces registered commands as a deploy would (ids are assigned). */
  setCommands(commands: Json[], guildId?: string): Json[] {
    const scope = guildId ?? 'global';
    this.commands.set(scope, []);
    return commands.map((c) => this.storeCommand(scope, c, guildId ?? null));
  }

  // -------------------------------------------------------------------------------------------
  // Permissions

  private basePermissions(g: GuildState, userId: string): bigint {
    if (userId === g.ownerId) return ALL_PERMISSIONS;
    let p = g.roles.get(g.id)?.permissions ?? 0n;
    const member = g.members.get(userId);
    for (const rid of member?.roles ?? []) p |= g.roles.get(rid)?.permissions ?? 0n;
    if ((p & Perm.Administrator) !== 0n) return ALL_PERMISSIONS;
    return p;
  }

  /** What `userId` may do in a guild channel (Discord's algorithm with overwrites). */
  permissionsIn(channelId: string, userId: string): bigint {
    const ch = this.channelOrThrow(channelId);
    if (!ch.guildId) return DM_APP_PERMISSIONS;
    return this.channelPerms(ch, userId);
  }

  private channelPerms(ch: ChannelState, userId: string): bigint {
    if (ch.thread) return this.threadPerms(ch, userId);
    const g = this.guilds.get(ch.guildId!);
    if (!g) return 0n;
    if (userId === this.botUser.id && !g.botPresent) return 0n;
    let p = this.basePermissions(g, userId);
    if (p === ALL_PERMISSIONS) return p;
    const member = g.members.get(userId);
    const everyone = ch.overwrites.find((o) => o.type === 0 && o.id === g.id);
    if (everyone) p = (p & ~everyone.deny) | everyone.allow;
    let allow = 0n;
    let deny = 0n;
    for (const o of ch.overwrites) {
      if (o.type === 0 && o.id !== g.id && member?.roles.includes(o.id)) {
        allow |= o.allow;
        deny |= o.deny;
      }
    }
    p = (p & ~deny) | allow;
    const own = ch.overwrites.find((o) => o.type === 1 && o.id === userId);
    if (own) p = (p & ~own.deny) | own.allow;
    if ((p & Perm.ViewChannel) === 0n) return 0n;
    if ((p & Perm.SendMessages) === 0n) p &= ~(Perm.SendTTSMessages | Perm.MentionEveryone | Perm.AttachFiles | Perm.EmbedLinks);
    return p;
  }

  // -------------------------------------------------------------------------------------------
  // JSON shapes

  private userJson(u: FakeUser): Json {
    return { ...u };
  }

  private roleJson(r: RoleState): Json {
    const json: Json = {
      id: r.id,
      name: r.name,
      color: r.color,
      colors: { primary_color: r.color, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: r.position,
      permissions: r.permissions.toString(),
      managed: r.managed,
      mentionable: false,
      flags: 0,
    };
    if (r.botId) json.tags = { bot_id: r.botId };
    return json;
  }

  private memberJson(g: GuildState, m: MemberState, withUser: boolean): Json {
    const json: Json = {
      nick: m.nick,
      avatar: null,
      banner: null,
      roles: [...m.roles],
      joined_at: m.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
    if (withUser) json.user = this.userJson(this.user(m.userId));
    void g;
    return json;
  }

  private channelJson(ch: ChannelState): Json {
    if (ch.thread) return this.threadJson(ch);
    if (ch.type === 1) {
      return {
        id: ch.id,
        type: 1,
        last_message_id: ch.lastMessageId,
        flags: 0,
        recipients: ch.recipientId ? [this.userJson(this.user(ch.recipientId))] : [],
      };
    }
    const json: Json = {
      id: ch.id,
      type: ch.type,
      guild_id: ch.guildId,
      name: ch.name,
      position: ch.position,
      permission_overwrites: ch.overwrites.map((o) => ({ id: o.id, type: o.type, allow: o.allow.toString(), deny: o.deny.toString() })),
      parent_id: ch.parentId,
      nsfw: ch.nsfw,
      flags: 0,
    };
    if (ch.type === 0 || ch.type === 5) {
      json.topic = ch.topic;
      json.last_message_id = ch.lastMessageId;
      json.rate_limit_per_user = 0;
    }
    if (ch.type === 2 || ch.type === 13) {
      json.bitrate = 64000;
      json.user_limit = 0;
      json.rtc_region = null;
      json.last_message_id = ch.lastMessageId;
      json.rate_limit_per_user = 0;
    }
    return json;
  }

  private guildCreateJson(g: GuildState): Json {
    return {
      id: g.id,
      name: g.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: [...g.roles.values()].map((r) => this.roleJson(r)),
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: g.preferredLocale,
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      stickers: [],
      max_members: 500000,
      max_video_channel_users: 25,
      joined_at: g.joinedAt,
      large: false,
      unavailable: false,
      member_count: g.members.size,
      voice_states: [],
      members: [...g.members.values()].map((m) => this.memberJson(g, m, true)),
      channels: g.channelIds.map((id) => this.channelJson(this.channels.get(id)!)),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  private guildsOnShard(shard: [number, number]): GuildState[] {
    return [...this.guilds.values()].filter((g) => g.botPresent && Number((BigInt(g.id) >> 22n) % BigInt(shard[1])) === shard[0]);
  }

  private readyPayload(sessionId: string, shard: [number, number], resumeUrl: string): Json {
    return {
      v: 10,
      user: { ...this.userJson(this.botUser), bot: true, verified: true, mfa_enabled: false, flags: 0, email: null },
      guilds: this.guildsOnShard(shard).map((g) => ({ id: g.id, unavailable: true })),
      session_id: sessionId,
      session_type: 'normal',
      resume_gateway_url: resumeUrl,
      shard,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      geo_ordered_rtc_regions: [],
      guild_join_requests: [],
      auth: {},
      _trace: ['fake-discord'],
    };
  }

  private guildCreates(shard: [number, number]): Json[] {
    return this.guildsOnShard(shard).map((g) => this.guildCreateJson(g));
  }

  private attachmentJson(f: UploadedFile, channelId: string, meta: Json): Json {
    const id = snowflake();
    this.attachments.set(id, f);
    const filename = typeof meta?.filename === 'string' ? meta.filename : f.filename;
    const url = `${this.baseUrl}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    const json: Json = { id, filename, size: f.data.length, url, proxy_url: url, content_type: f.contentType };
    if (typeof meta?.description === 'string') json.description = meta.description;
    return json;
  }

  // -------------------------------------------------------------------------------------------
  // Messages

  private interactionMetadata(it: InteractionHandle): Json {
    const json: Json = {
      id: it.id,
      type: it.type,
      user: this.userJson(this.user(it.userId)),
      authorizing_integration_owners: it.payload.authorizing_integration_owners,
    };
    if (it.type === InteractionType.ApplicationCommand) {
      json.name = it.payload.data?.name;
      json.command_type = 1;
    }
    return json;
  }

  private newMessage(
    ch: ChannelState,
    body: Json,
    files: UploadedFile[],
    opts: { source: StoredMessage['source']; interaction?: InteractionHandle; ephemeral: boolean; loading?: boolean },
  ): StoredMessage {
    const b = body ?? {};
    const id = snowflake(this.now());
    // Without Embed Links a channel message posts with its embeds hidden; interaction responses are webhooks and keep them.
    const embedsAllowed = opts.source === 'channel' && ch.guildId ? hasPerm(this.channelPerms(ch, this.botUser.id), Perm.EmbedLinks) : true;
    const metas: Json[] = Array.isArray(b.attachments) ? b.attachments : [];
    const attachments = files.map((f) => this.attachmentJson(f, ch.id, metas.find((a) => String(a?.id) === String(f.index))));
    const it = opts.interaction;
    let flags = (typeof b.flags === 'number' ? b.flags : 0) & KEEP_FLAGS;
    if (opts.ephemeral) flags |= EPHEMERAL;
    if (opts.loading) flags |= LOADING;
    const message: Json = {
      id,
      type: it && it.type === InteractionType.ApplicationCommand && opts.source === 'interaction' ? 20 : 0,
      channel_id: ch.id,
      author: this.userJson(this.botUser),
      content: typeof b.content === 'string' ? b.content : '',
      timestamp: isoNow(this.now()),
      edited_timestamp: null,
      tts: b.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments,
      embeds: embedsAllowed && Array.isArray(b.embeds) ? b.embeds.map((e: Json) => ({ type: 'rich', ...e })) : [],
      components: Array.isArray(b.components) ? b.components : [],
      pinned: false,
      flags,
    };
    if (b.nonce !== undefined && b.nonce !== null) message.nonce = b.nonce;
    if (it) {
      message.webhook_id = this.applicationId;
      message.application_id = this.applicationId;
      message.interaction_metadata = this.interactionMetadata(it);
    }
    const stored: StoredMessage = {
      id,
      channelId: ch.id,
      guildId: ch.guildId,
      message,
      files: [...files],
      allowedMentions: b.allowed_mentions,
      ephemeral: opts.ephemeral,
      visibleTo: opts.ephemeral && it ? it.userId : null,
      source: opts.source,
      interactionId: it?.id ?? null,
      createdAt: this.now(),
      embedsHidden: !embedsAllowed && Array.isArray(b.embeds) && b.embeds.length > 0,
      deleted: false,
      edits: 0,
    };
    this.messagesById.set(id, stored);
    if (!opts.ephemeral) {
      ch.messages.push(stored);
      ch.lastMessageId = id;
    }
    return stored;
  }

  private editMessage(stored: StoredMessage, body: Json, files: UploadedFile[]): void {
    const b = body ?? {};
    const msg = stored.message;
    const ch = this.channels.get(stored.channelId);
    const embedsAllowed = stored.source === 'channel' && ch?.guildId ? hasPerm(this.channelPerms(ch, this.botUser.id), Perm.EmbedLinks) : true;
    const wasLoading = (msg.flags & LOADING) !== 0;
    if ('content' in b) msg.content = typeof b.content === 'string' ? b.content : '';
    if ('embeds' in b) {
      const embeds = Array.isArray(b.embeds) ? b.embeds : [];
      msg.embeds = embedsAllowed ? embeds.map((e: Json) => ({ type: 'rich', ...e })) : [];
      stored.embedsHidden = !embedsAllowed && embeds.length > 0;
    }
    if ('components' in b) msg.components = Array.isArray(b.components) ? b.components : [];
    const metas: Json[] = Array.isArray(b.attachments) ? b.attachments : [];
    const added = files.map((f) => this.attachmentJson(f, stored.channelId, metas.find((a) => String(a?.id) === String(f.index))));
    if ('attachments' in b) {
      const keep = new Set(metas.map((a) => String(a?.id)));
      msg.attachments = (msg.attachments as Json[]).filter((a) => keep.has(String(a.id))).concat(added);
    } else msg.attachments = (msg.attachments as Json[]).concat(added);
    stored.files.push(...files);
    if ('flags' in b && typeof b.flags === 'number') msg.flags = (msg.flags & ~KEEP_FLAGS) | (b.flags & KEEP_FLAGS);
    if ('allowed_mentions' in b) stored.allowedMentions = b.allowed_mentions;
    msg.flags &= ~LOADING;
    if (!wasLoading) msg.edited_timestamp = isoNow(this.now());
    stored.edits += 1;
  }

  private recordPublic(kind: PublicPost['kind'], stored: StoredMessage, body: Json, ctx: Ctx): void {
    if (stored.ephemeral || !stored.guildId) return;
    if (this.channels.get(stored.channelId)?.type === PRIVATE_THREAD) return; // seen only by its members (and Manage Threads)
    const b = body ?? {};
    this.publicPosts.push({
      kind,
      route: ctx.routeName,
      channelId: stored.channelId,
      guildId: stored.guildId,
      messageId: stored.id,
      content: typeof b.content === 'string' ? b.content : undefined,
      embeds: Array.isArray(b.embeds) ? b.embeds : undefined,
      allowedMentions: b.allowed_mentions,
      time: ctx.record.time,
      pings: pingsOf(stored.message.content, stored.allowedMentions),
    });
  }

  /** Calls `cb` for every message created in a channel (POST /channels/{id}/messages). Returns an unsubscribe function. */
  onMessageCreated(cb: MessageCreatedHook): () => void {
    this.messageHooks.push(cb);
    return () => {
      const i = this.messageHooks.indexOf(cb);
      if (i >= 0) this.messageHooks.splice(i, 1);
    };
  }

  // -------------------------------------------------------------------------------------------
  // Faults

  /** The next `count` requests matching `matcher` get `response` instead of normal handling. */
  failNext(matcher: RequestMatcher, count = 1, response: FaultResponse = { status: 500, body: { message: '500: Internal Server Error', code: 0 } }): void {
    this.faults.push({ matcher, remaining: count, response });
  }

  /** A general hook: return a FaultResponse to override a request, or undefined to handle it normally. */
  setFault(fn: ((req: FaultRequest) => FaultResponse | undefined | void) | null): void {
    this.faultFn = fn;
  }

  private pickFault(req: FaultRequest): FaultResponse | undefined {
    for (const f of this.faults) {
      if (f.remaining > 0 && matches(f.matcher, req)) {
        f.remaining -= 1;
        if (f.remaining === 0) this.faults.splice(this.faults.indexOf(f), 1);
        return f.response;
      }
    }
    return this.faultFn?.(req) ?? undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Waiting helpers

  /** Resolves with IDENTIFY number `count` (1-based, default 1) once it has arrived. */
  waitForIdentify(opts: { count?: number; timeoutMs?: number } = {}): Promise<IdentifyRecord> {
    const count = opts.count ?? 1;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const ids = this.gateway.identifies;
    if (ids.length >= count) return Promise.resolve(ids[count - 1]!);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (ids.length < count) return;
        this.identifyWaiters.splice(this.identifyWaiters.indexOf(check), 1);
        realClearTimeout(timer);
        resolve(ids[count - 1]!);
      };
      const timer = realSetTimeout(() => {
        this.identifyWaiters.splice(this.identifyWaiters.indexOf(check), 1);
        reject(new Error(`fake Discord: no IDENTIFY #${count} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.identifyWaiters.push(check);
    });
  }

  /** Resolves with the next IDENTIFY that arrives after this call. */
  nextIdentify(timeoutMs = 10_000): Promise<IdentifyRecord> {
    return this.waitForIdentify({ count: this.gateway.identifies.length + 1, timeoutMs });
  }

  /** Resolves when a bot session is connected (identified or resumed). */
  waitForSession(timeoutMs = this.opts.waitTimeoutMs): Promise<void> {
    return this.gateway.waitForSession(timeoutMs);
  }

  /** Resolves with the first request (already logged or future) matching `pred`. */
  waitForRequest(pred: RequestMatcher | ((r: RecordedRequest) => boolean), timeoutMs = this.opts.waitTimeoutMs, since = 0): Promise<RecordedRequest> {
    const test = (r: RecordedRequest): boolean =>
      r.seq > since && (typeof pred === 'function' ? (pred as (r: RecordedRequest) => boolean)(r) : matches(pred, r));
    const found = this.requests.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        pred: test,
        resolve: (r: RecordedRequest) => {
          realClearTimeout(timer);
          resolve(r);
        },
      };
      const timer = realSetTimeout(() => {
        this.requestWaiters.splice(this.requestWaiters.indexOf(waiter), 1);
        reject(new Error(`fake Discord: no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      this.requestWaiters.push(waiter);
    });
  }

  /** Resolves when the channel has at least `count` messages. */
  async waitForMessages(channelId: string, count = 1, timeoutMs = this.opts.waitTimeoutMs): Promise<StoredMessage[]> {
    const deadline = perfNow() + timeoutMs;
    for (;;) {
      const list = this.channelMessages(channelId);
      if (list.length >= count) return list;
      if (perfNow() > deadline) throw new Error(`fake Discord: channel ${channelId} has ${list.length} message(s), wanted ${count}, after ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  /** Resolves when the user's DM has at least `count` messages. */
  waitForDms(userId: string, count = 1, timeoutMs = this.opts.waitTimeoutMs): Promise<StoredMessage[]> {
    return this.waitForMessages(this.dmChannelIdFor(userId), count, timeoutMs);
  }

  // -------------------------------------------------------------------------------------------
  // Gateway controls

  get identifies(): IdentifyRecord[] {
    return this.gateway.identifies;
  }

  get resumes(): ResumeRecord[] {
    return this.gateway.resumes;
  }

  /** Whether a bot session is connected now. */
  get connected(): boolean {
    return this.gateway.liveSessions > 0;
  }

  /** Closes the bot's gateway socket abruptly (default close code 4000: resumable). */
  dropGateway(opts: { code?: number; terminate?: boolean } = {}): void {
    this.gateway.drop(opts);
  }

  /** Sends op 9 (not resumable): the client must IDENTIFY again. */
  invalidateSession(): void {
    this.gateway.invalidateSessions();
  }

  /** Sends op 7: the client should reconnect and resume. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Stop (false) or resume (true) answering heartbeats. */
  setHeartbeatAcks(on: boolean): void {
    this.gateway.ackHeartbeats = on;
  }

  /** Sends any dispatch (to the shard that owns `guildId`, or shard 0). */
  dispatch(t: string, d: Json, guildId?: string | null): boolean {
    return this.gateway.dispatch(t, d, guildId);
  }

  // -------------------------------------------------------------------------------------------
  // Interactions

  private resolveContext(g: GuildState | null): ResolveContext {
    return {
      user: (id) => (this.users.has(id) || this.opts.autoCreateUsers ? this.userJson(this.user(id)) : undefined),
      member: (id) => {
        if (!g) return undefined;
        const m = g.members.get(id);
        if (!m) return undefined;
        const ch0 = g.channelIds[0];
        const json = this.memberJson(g, m, false);
        if (ch0) json.permissions = this.channelPerms(this.channels.get(ch0)!, id).toString();
        return json;
      },
      channel: (id) => {
        const ch = this.channels.get(id);
        if (!ch || ch.deleted || (g && ch.guildId !== g.id)) return undefined;
        const json: Json = { id: ch.id, name: ch.name, type: ch.type, permissions: g ? this.channelPerms(ch, this.botUser.id).toString() : DM_APP_PERMISSIONS.toString() };
        if (ch.guildId) {
          json.guild_id = ch.guildId;
          json.parent_id = ch.parentId;
          json.nsfw = ch.nsfw;
          json.position = ch.position;
          json.permission_overwrites = this.channelJson(ch).permission_overwrites;
        }
        return json;
      },
      role: (id) => {
        const r = g?.roles.get(id);
        return r ? this.roleJson(r) : undefined;
      },
    };
  }

  private findCommand(name: string, guildId: string | null, dm: boolean): Json | undefined {
    const global = this.commands.get('global') ?? [];
    const isSlash = (c: Json): boolean => (c.type ?? 1) === 1 && c.name === name;
    if (!dm && guildId) {
      const own = (this.commands.get(guildId) ?? []).find(isSlash);
      if (own) return own;
    }
    const g = global.find(isSlash);
    if (!g) return undefined;
    const contexts: number[] = Array.isArray(g.contexts) ? g.contexts : g.dm_permission === false ? [0] : [0, 1, 2];
    return contexts.includes(dm ? 1 : 0) ? g : undefined;
  }

  private anyCommandsRegistered(): boolean {
    for (const list of this.commands.values()) if (list.length > 0) return true;
    return false;
  }

  private commandFor(spec: CommandSpec & { unregistered?: boolean }, guildId: string | null, dm: boolean): Json | undefined {
    const def = this.findCommand(spec.name, guildId, dm);
    if (!def && !spec.unregistered && this.anyCommandsRegistered()) {
      const where = dm ? 'in DMs' : `in guild ${guildId}`;
      const names = [...new Set([...(this.commands.get('global') ?? []), ...(guildId ? this.commands.get(guildId) ?? [] : [])].map((c) => c.name))];
      throw new Error(`fake Discord: /${spec.name} is not offered ${where} (registered: ${names.join(', ') || 'none'}); pass unregistered: true to send it anyway`);
    }
    return def;
  }

  private async dispatchInteraction(
    type: number,
    data: Json,
    target: InteractionTarget,
    extra: { message?: StoredMessage | Json; channel?: ChannelState } = {},
  ): Promise<InteractionHandle> {
    const user = this.resolveUser(target.user);
    const id = snowflake(this.now());
    const token = randomToken();
    let ch: ChannelState;
    let g: GuildState | null = null;
    const payload: Json = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      data,
      locale: target.locale ?? 'en-US',
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (target.dm || extra.channel?.type === 1) {
      ch = extra.channel ?? this.dmChannel(user);
      payload.channel = this.channelJson(ch);
      payload.channel_id = ch.id;
      payload.user = this.userJson(user);
      payload.app_permissions = DM_APP_PERMISSIONS.toString();
      payload.context = 1;
      payload.authorizing_integration_owners = { '0': '0' };
    } else {
      g = this.guild(target.guildId ?? (extra.channel?.guildId ?? undefined));
      const chId = target.channelId ?? extra.channel?.id ?? g.channelIds.find((cid) => this.channels.get(cid)?.type === 0) ?? g.channelIds[0];
      if (!chId) throw new Error(`fake Discord: guild ${g.id} has no channel to interact in`);
      ch = this.channelOrThrow(chId);
      if (ch.guildId !== g.id) throw new Error(`fake Discord: channel ${chId} is not in guild ${g.id}`);
      const member = this.ensureMember(g, user.id);
      if (target.roles) member.roles = [...target.roles];
      const perms = target.memberPermissions !== undefined ? toBig(target.memberPermissions) : this.channelPerms(ch, user.id);
      payload.guild_id = g.id;
      payload.guild = { id: g.id, locale: g.preferredLocale, features: [] };
      payload.guild_locale = g.preferredLocale;
      payload.channel = { ...this.channelJson(ch), permissions: perms.toString() };
      payload.channel_id = ch.id;
      payload.member = { ...this.memberJson(g, member, true), permissions: perms.toString() };
      payload.app_permissions = this.channelPerms(ch, this.botUser.id).toString();
      payload.context = 0;
      payload.authorizing_integration_owners = { '0': g.id };
    }
    let sourceMessageId: string | null = null;
    if (extra.message) {
      const m = 'message' in extra.message && 'channelId' in extra.message ? (extra.message as StoredMessage).message : extra.message;
      payload.message = m;
      sourceMessageId = typeof m.id === 'string' && this.messagesById.has(m.id) ? m.id : null;
    }
    await this.gateway.waitForSession(this.opts.waitTimeoutMs, g?.id ?? null);
    const handle = new InteractionHandle(
      id,
      token,
      type,
      payload,
      user.id,
      ch.id,
      g?.id ?? null,
      0,
      0,
      this.opts.waitTimeoutMs,
      () => this.describeState(),
      sourceMessageId,
    );
    this.interactions.set(id, handle);
    this.interactionsByToken.set(token, handle);
    handle.dispatchedTime = this.now();
    handle.dispatchedAt = perfNow();
    if (!this.gateway.dispatch('INTERACTION_CREATE', payload, g?.id ?? null)) {
      throw new Error('fake Discord: the bot disconnected before the interaction could be dispatched');
    }
    return handle;
  }

  private describeState(): string {
    const v = this.violations.length ? `violations:\n- ${this.violations.slice(-10).join('\n- ')}` : 'no violations';
    const last = this.requests.slice(-5).map((r) => `${r.method} ${r.path} → ${r.status}`);
    return `${v}\nlast requests: ${last.join('; ') || 'none'}; bot connected: ${this.connected}`;
  }

  /** Dispatches a slash command. `options` are typed by the registered definition when there is one. */
  async command(inv: CommandInvocation): Promise<InteractionHandle> {
    const dm = inv.dm === true;
    const g = dm ? null : this.guild(inv.guildId);
    const def = this.commandFor(inv, g?.id ?? null, dm);
    const commandId = def?.id ?? this.commandIdFor(inv.name);
    const data = buildCommandData(def, inv, commandId, this.resolveContext(g));
    return this.dispatchInteraction(InteractionType.ApplicationCommand, data, inv);
  }

  /** Dispatches an autocomplete interaction and resolves with the choices the bot returns. */
  async autocomplete(inv: AutocompleteInvocation): Promise<Json[]> {
    const handle = await this.autocompleteHandle(inv);
    const answer = await handle.answer(inv.timeoutMs);
    if (answer.callbackType !== CallbackType.AutocompleteResult) {
      throw new Error(`fake Discord: autocomplete answered with callback type ${answer.callbackType}`);
    }
    return answer.choices ?? [];
  }

  /** Like `autocomplete`, but returns the handle. */
  async autocompleteHandle(inv: AutocompleteInvocation): Promise<InteractionHandle> {
    const dm = inv.dm === true;
    const g = dm ? null : this.guild(inv.guildId);
    const def = this.commandFor(inv, g?.id ?? null, dm);
    const commandId = def?.id ?? this.commandIdFor(inv.name);
    const options: Record<string, OptionValue> = { ...(inv.options ?? {}), [inv.focused]: inv.value };
    const data = buildCommandData(def, { ...inv, options }, commandId, this.resolveContext(g), inv.focused);
    return this.dispatchInteraction(InteractionType.Autocomplete, data, inv);
  }

  private commandIdFor(name: string): string {
    let id = this.commandIdsByName.get(name);
    if (!id) {
      id = snowflake();
      this.commandIdsByName.set(name, id);
    }
    return id;
  }

  private findComponentMessage(channelId: string, customId: string, userId: string): StoredMessage | undefined {
    let best: StoredMessage | undefined;
    for (const m of this.messagesById.values()) {
      if (m.channelId !== channelId || m.deleted) continue;
      if (m.ephemeral && m.visibleTo !== userId) continue;
      if (!flattenComponents(m.message.components).some((c) => c.custom_id === customId)) continue;
      if (!best || BigInt(m.id) > BigInt(best.id)) best = m;
    }
    return best;
  }

  /** Clicks a button (or picks from a select menu) on a message the bot sent. */
  async button(inv: ButtonInvocation): Promise<InteractionHandle> {
    const user = this.resolveUser(inv.user);
    const dm = inv.dm === true;
    const channelId = dm ? this.dmChannel(user).id : inv.channelId ?? this.guild(inv.guildId).channelIds.find((cid) => this.channels.get(cid)?.type === 0);
    let stored: StoredMessage | undefined;
    let raw: Json | undefined = inv.message;
    if (!raw) {
      stored = inv.messageId ? this.messagesById.get(inv.messageId) : channelId ? this.findComponentMessage(channelId, inv.customId, user.id) : undefined;
      if (!stored && !inv.force) throw new Error(`fake Discord: no message with a component "${inv.customId}" visible to ${user.id} in channel ${channelId}`);
      raw = stored?.message;
    }
    const component = flattenComponents(raw?.components).find((c) => c.custom_id === inv.customId);
    if (!inv.force) {
      if (!component) throw new Error(`fake Discord: message ${raw?.id} has no component "${inv.customId}"`);
      if (component.disabled) throw new Error(`fake Discord: component "${inv.customId}" is disabled`);
    }
    const componentType: number = component?.type ?? 2;
    const data: Json = { custom_id: inv.customId, component_type: componentType };
    if (componentType !== 2) {
      data.values = inv.values ?? [];
    }
    const message = raw ?? {
      id: snowflake(),
      type: 0,
      channel_id: channelId,
      author: this.userJson(this.botUser),
      content: '',
      timestamp: isoNow(this.now()),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      flags: 0,
    };
    const channel = this.channels.get(stored?.channelId ?? message.channel_id ?? channelId ?? '');
    return this.dispatchInteraction(InteractionType.MessageComponent, data, { ...inv, user, dm: dm || channel?.type === 1 }, { message: stored ?? message, ...(channel ? { channel } : {}) });
  }

  /** Submits a modal the bot showed to the user (fields: text input custom_id → value). */
  async modalSubmit(inv: ModalSubmitInvocation): Promise<InteractionHandle> {
    const user = this.resolveUser(inv.user);
    let shown: ShownModal | undefined;
    for (let i = this.shownModals.length - 1; i >= 0; i--) {
      const s = this.shownModals[i]!;
      if (s.userId === user.id && s.customId === inv.customId) {
        shown = s;
        break;
      }
    }
    if (!shown && !inv.force) throw new Error(`fake Discord: no modal "${inv.customId}" was shown to user ${user.id}`);
    const fields = { ...inv.fields };
    const components: Json[] = [];
    const problems: string[] = [];
    const inputValue = (t: Json): string => {
      const value = fields[t.custom_id] ?? '';
      delete fields[t.custom_id];
      const required = t.required !== false;
      if (required && value.length === 0) problems.push(`"${t.custom_id}" is required`);
      if (typeof t.max_length === 'number' && value.length > t.max_length) problems.push(`"${t.custom_id}" is longer than ${t.max_length}`);
      if (typeof t.min_length === 'number' && value.length > 0 && value.length < t.min_length) problems.push(`"${t.custom_id}" is shorter than ${t.min_length}`);
      return value;
    };
    let idCounter = 1;
    if (shown) {
      for (const c of shown.data.components ?? []) {
        if (c.type === 1) {
          const rowId = c.id ?? idCounter++;
          components.push({
            type: 1,
            id: rowId,
            components: (c.components ?? []).map((t: Json) => ({ type: 4, id: t.id ?? idCounter++, custom_id: t.custom_id, value: inputValue(t) })),
          });
        } else if (c.type === 18 && c.component) {
          const t = c.component;
          const inner: Json = { type: t.type, id: t.id ?? idCounter++, custom_id: t.custom_id };
          if (t.type === 4) inner.value = inputValue(t);
          else inner.values = fields[t.custom_id] !== undefined ? [fields[t.custom_id]] : [];
          components.push({ type: 18, id: c.id ?? idCounter++, component: inner });
        } else if (c.type === 10) {
          components.push({ type: 10, id: c.id ?? idCounter++ });
        }
      }
    }
    for (const [customId, value] of Object.entries(fields)) {
      if (shown) problems.push(`the modal has no text input "${customId}"`);
      components.push({ type: 1, id: idCounter++, components: [{ type: 4, id: idCounter++, custom_id: customId, value }] });
    }
    if (problems.length > 0 && !inv.force) throw new Error(`fake Discord: Discord would not let the user submit modal "${inv.customId}": ${problems.join('; ')}`);
    const source = shown?.interaction;
    const message = source?.sourceMessageId ? this.messagesById.get(source.sourceMessageId) : undefined;
    const target: InteractionTarget = { ...inv, user };
    if (source && !inv.channelId && !inv.dm) {
      if (source.guildId) {
        target.guildId = source.guildId;
        target.channelId = source.channelId;
      } else target.dm = true;
    }
    return this.dispatchInteraction(InteractionType.ModalSubmit, { custom_id: inv.customId, components }, target, message ? { message } : {});
  }

  // -------------------------------------------------------------------------------------------
  // HTTP

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = perfNow();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    const rawPath = qi < 0 ? url : url.slice(0, qi);
    const query: Record<string, string> = {};
    if (qi >= 0) for (const [k, v] of new URLSearchParams(url.slice(qi + 1))) query[k] = v;

    if (method === 'GET' && rawPath.startsWith('/attachments/')) {
      const id = rawPath.split('/')[3] ?? '';
      const f = this.attachments.get(id);
      if (!f) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': f.contentType, 'content-length': f.data.length });
      res.end(f.data);
      return;
    }

    const path = rawPath.startsWith('/api/v10/') ? rawPath.slice(8) : rawPath;
    const record: RecordedRequest = {
      seq: ++this.requestSeq,
      method,
      path,
      route: 'unknown',
      query,
      body: undefined,
      files: [],
      authorized: req.headers.authorization === `Bot ${this.token}`,
      status: 0,
      response: undefined,
      at: t0,
      time: this.now(),
      problems: [],
    };
    this.logRequest(record);
    const send = (reply: Reply): void => this.send(res, record, reply);

    if (!rawPath.startsWith('/api/v10/')) {
      this.violation(`unknown route: ${method} ${rawPath} (the fake serves /api/v10)`);
      send(err(404, 0, '404: Not Found'));
      return;
    }
    let decoded: string;
    try {
      decoded = path
        .split('/')
        .map((s) => decodeURIComponent(s))
        .join('/');
    } catch {
      decoded = path;
    }
    let route: RouteDef | undefined;
    let m: RegExpExecArray | null = null;
    let otherMethod = false;
    for (const r of this.routes) {
      const mm = r.re.exec(decoded);
      if (!mm) continue;
      if (r.method === method) {
        route = r;
        m = mm;
        break;
      }
      otherMethod = true;
    }
    if (!route || !m) {
      if (otherMethod) {
        this.violation(`method not allowed: ${method} ${path}`);
        send(err(405, 0, '405: Method Not Allowed'));
      } else {
        this.violation(`unknown route: ${method} ${path}`);
        send(err(404, 0, '404: Not Found'));
      }
      return;
    }
    record.route = route.name;

    // Body
    let body: Json = undefined;
    let files: UploadedFile[] = [];
    if (raw.length > 0) {
      const ct = String(req.headers['content-type'] ?? '');
      try {
        if (ct.startsWith('multipart/form-data')) {
          const boundary = boundaryOf(ct);
          if (!boundary) throw new Error('no boundary');
          const parsed = parseMultipart(raw, boundary);
          files = parsed.files;
          const pj = parsed.fields.get('payload_json');
          body = pj === undefined ? {} : JSON.parse(pj);
        } else {
          body = JSON.parse(raw.toString('utf8'));
        }
      } catch (e) {
        record.body = raw.toString('utf8').slice(0, 2000);
        this.violation(`invalid body on ${method} ${path}: ${(e as Error).message}`);
        send(err(400, 50109, 'The request body contains invalid JSON.'));
        return;
      }
    }
    record.body = body;
    record.files = files;
    const ctx: Ctx = { method, path, segments: decoded.split('/'), query, body, files, t0, record, routeName: route.name, after: [] };

    // Injected faults
    if (this.faults.length > 0 || this.faultFn) {
      const fault = this.pickFault({ method, path, route: route.name, query, body });
      if (fault) {
        record.faulted = true;
        if (fault.delayMs) await sleep(fault.delayMs);
        if (fault.drop) {
          record.status = -1;
          resetSocket(res);
          this.notifyRequest(record);
          return;
        }
        if (!fault.passThrough) {
          send({ status: fault.status ?? 500, body: fault.body, headers: fault.headers ?? {} });
          return;
        }
      }
    }

    // Authentication
    if (route.auth && !record.authorized) {
      this.violation(`401 unauthorized: ${method} ${path} (Authorization: ${req.headers.authorization ? 'wrong token' : 'missing'})`);
      send(err(401, 0, '401: Unauthorized'));
      return;
    }

    // Rate limits
    const now = perfNow();
    if (!route.exempt && !(route.interactionWebhook && this.opts.globalLimitExemptsWebhooks)) {
      if (now >= this.globalReset) {
        this.globalReset = now + this.opts.globalRateLimitWindowMs;
        this.globalCount = 0;
      }
      if (this.globalCount >= this.opts.globalRateLimit) {
        const retry = Math.max(0.001, (this.globalReset - now) / 1000);
        this.sent429 += 1;
        this.violation(`429 global rate limit (${this.opts.globalRateLimit}/${this.opts.globalRateLimitWindowMs} ms): ${method} ${path}`);
        send({
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: Number(retry.toFixed(3)), global: true, code: 0 },
          headers: { 'retry-after': retry.toFixed(3), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
        });
        return;
      }
      this.globalCount += 1;
    }
    const bucketKey = `${route.name}:${route.major(m)}`;
    let bucket = this.buckets.get(bucketKey);
    const { limit, windowMs } = this.opts.routeRateLimit;
    if (!bucket || now >= bucket.reset) {
      if (this.buckets.size > 5000) for (const [k, b] of this.buckets) if (now >= b.reset) this.buckets.delete(k);
      bucket = { reset: now + windowMs, count: 0 };
      this.buckets.set(bucketKey, bucket);
    }
    const resetAfter = Math.max(0, (bucket.reset - now) / 1000);
    const rlHeaders: Record<string, string> = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-reset': ((realNow() + (bucket.reset - now)) / 1000).toFixed(3),
      'x-ratelimit-bucket': `fake-${route.name.replace(/[^a-z]/gi, '').toLowerCase()}`,
    };
    if (bucket.count >= limit) {
      this.sent429 += 1;
      this.violation(`429 route rate limit (${limit}/${windowMs} ms on ${bucketKey}): ${method} ${path}`);
      send({
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: Number(resetAfter.toFixed(3)), global: false, code: 0 },
        headers: { ...rlHeaders, 'x-ratelimit-remaining': '0', 'retry-after': resetAfter.toFixed(3), 'x-ratelimit-scope': 'user' },
      });
      return;
    }
    bucket.count += 1;
    rlHeaders['x-ratelimit-remaining'] = String(limit - bucket.count);

    // Validation
    if (route.kind && this.opts.validate) {
      const problems = validatePayload(route.kind, body, { files: files.length });
      if (problems.length > 0) {
        record.problems = problems;
        for (const p of problems) this.violation(`invalid payload on ${method} ${path}: ${p}`);
        if (this.opts.rejectInvalid) {
          send({
            status: 400,
            body: { message: 'Invalid Form Body', code: 50035, errors: { _errors: problems.map((message) => ({ code: 'FAKE_DISCORD_LIMIT', message })) } },
            headers: rlHeaders,
          });
          return;
        }
      }
    }

    const reply = await route.handle(ctx, m);
    if (reply.drop) {
      record.status = -1;
      resetSocket(res);
      this.notifyRequest(record);
      for (const fn of ctx.after) fn();
      return;
    }
    send({ ...reply, headers: { ...rlHeaders, ...(reply.headers ?? {}) } });
    for (const fn of ctx.after) fn();
  }

  private logRequest(record: RecordedRequest): void {
    const keep = this.opts.requestLog;
    if (keep === false) return;
    this.requests.push(record);
    if (typeof keep === 'number' && this.requests.length > keep) this.requests.splice(0, this.requests.length - keep);
  }

  private notifyRequest(record: RecordedRequest): void {
    if (this.requestWaiters.length === 0) return;
    for (const w of [...this.requestWaiters]) {
      if (w.pred(record)) {
        this.requestWaiters.splice(this.requestWaiters.indexOf(w), 1);
        w.resolve(record);
      }
    }
  }

  private send(res: ServerResponse, record: RecordedRequest, reply: Reply): void {
    record.status = reply.status;
    record.response = reply.body;
    if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, reply.headers ?? {});
      res.end();
    } else {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(text), ...(reply.headers ?? {}) });
      res.end(text);
    }
    this.notifyRequest(record);
  }

  // -------------------------------------------------------------------------------------------
  // Routes

  private buildRoutes(): RouteDef[] {
    const seg = '([^/]+)';
    const r = (
      method: string,
      pattern: string,
      handle: RouteDef['handle'],
      opts: { auth?: boolean; exempt?: boolean; kind?: PayloadKind; major?: (m: RegExpExecArray) => string; webhook?: boolean } = {},
    ): RouteDef => ({
      method,
      re: new RegExp(`^${pattern.replace(/:[a-z]+/gi, seg)}$`),
      name: `${method} ${pattern}`,
      auth: opts.auth ?? true,
      exempt: opts.exempt ?? false,
      interactionWebhook: opts.webhook ?? false,
      ...(opts.kind ? { kind: opts.kind } : {}),
      major: opts.major ?? ((m) => m[1] ?? ''),
      handle,
    });
    const none = (): string => '';
    return [
      r('GET', '/gateway', () => ok({ url: this.gatewayUrl }), { auth: false, major: none }),
      r('GET', '/gateway/bot', () => ok(this.gatewayBot()), { major: none }),
      r('GET', '/users/@me', () => ok({ ...this.userJson(this.botUser), bot: true, verified: true, mfa_enabled: false, flags: 0 }), { major: none }),
      r('POST', '/users/@me/channels', (ctx) => this.createDm(ctx), { kind: 'createDm', major: none }),
      r('DELETE', '/users/@me/guilds/:guild', (_ctx, m) => this.leaveGuild(m[1]!)),
      r('GET', '/users/:user', (_ctx, m) => this.getUser(m[1]!), { major: none }),
      r('GET', '/applications/@me', () => ok(this.applicationJson()), { major: none }),
      r('GET', '/oauth2/applications/@me', () => ok(this.applicationJson()), { major: none }),
      r('GET', '/applications/:app/commands', (ctx, m) => this.listCommands(ctx, m[1]!, null)),
      r('PUT', '/applications/:app/commands', (ctx, m) => this.putCommands(ctx, m[1]!, null), { kind: 'commandsOverwrite' }),
      r('POST', '/applications/:app/commands', (ctx, m) => this.createCommand(ctx, m[1]!, null), { kind: 'commandCreate' }),
      r('GET', '/applications/:app/commands/:cmd', (ctx, m) => this.oneCommand(ctx, m[1]!, null, m[2]!)),
      r('PATCH', '/applications/:app/commands/:cmd', (ctx, m) => this.oneCommand(ctx, m[1]!, null, m[2]!), { kind: 'commandEdit' }),
      r('DELETE', '/applications/:app/commands/:cmd', (ctx, m) => this.oneCommand(ctx, m[1]!, null, m[2]!)),
      r('GET', '/applications/:app/guilds/:guild/commands', (ctx, m) => this.listCommands(ctx, m[1]!, m[2]!)),
      r('PUT', '/applications/:app/guilds/:guild/commands', (ctx, m) => this.putCommands(ctx, m[1]!, m[2]!), { kind: 'commandsOverwrite' }),
      r('POST', '/applications/:app/guilds/:guild/commands', (ctx, m) => this.createCommand(ctx, m[1]!, m[2]!), { kind: 'commandCreate' }),
      r('GET', '/applications/:app/guilds/:guild/commands/:cmd', (ctx, m) => this.oneCommand(ctx, m[1]!, m[2]!, m[3]!)),
      r('PATCH', '/applications/:app/guilds/:guild/commands/:cmd', (ctx, m) => this.oneCommand(ctx, m[1]!, m[2]!, m[3]!), { kind: 'commandEdit' }),
      r('DELETE', '/applications/:app/guilds/:guild/commands/:cmd', (ctx, m) => this.oneCommand(ctx, m[1]!, m[2]!, m[3]!)),
      r('GET', '/channels/:channel', (_ctx, m) => this.getChannel(m[1]!)),
      r('GET', '/channels/:channel/messages', (ctx, m) => this.listMessages(ctx, m[1]!)),
      r('POST', '/channels/:channel/messages', (ctx, m) => this.postMessage(ctx, m[1]!), { kind: 'channelMessage' }),
      r('GET', '/channels/:channel/messages/:message', (ctx, m) => this.channelMessage(ctx, m[1]!, m[2]!)),
      r('PATCH', '/channels/:channel/messages/:message', (ctx, m) => this.channelMessage(ctx, m[1]!, m[2]!), { kind: 'channelMessageEdit' }),
      r('DELETE', '/channels/:channel/messages/:message', (ctx, m) => this.channelMessage(ctx, m[1]!, m[2]!)),
      r('POST', '/channels/:channel/messages/:message/threads', (ctx, m) => this.startThreadFromMessage(ctx, m[1]!, m[2]!), { kind: 'threadFromMessage' }),
      r('POST', '/channels/:channel/typing', (_ctx, m) => (this.sendableChannel(m[1]!, false) ?? noContent)),
      // Threads (see the threads block below).
      r('POST', '/channels/:channel/threads', (ctx, m) => this.startThread(ctx, m[1]!), { kind: 'threadCreate' }),
      r('PUT', '/channels/:channel/thread-members/:user', (_ctx, m) => this.addThreadMember(m[1]!, m[2]!)),
      r('GET', '/guilds/:guild/threads/active', (_ctx, m) => this.withGuild(m[1]!, (g) => this.activeThreads(g))),
      r('GET', '/guilds/:guild', (_ctx, m) => this.getGuild(m[1]!)),
      r('GET', '/guilds/:guild/channels', (_ctx, m) => this.withGuild(m[1]!, (g) => ok(g.channelIds.map((id) => this.channelJson(this.channels.get(id)!))))),
      r('GET', '/guilds/:guild/roles', (_ctx, m) => this.withGuild(m[1]!, (g) => ok([...g.roles.values()].map((x) => this.roleJson(x))))),
      r('GET', '/guilds/:guild/members/:user', (_ctx, m) =>
        this.withGuild(m[1]!, (g) => {
          const mem = g.members.get(m[2]!);
          return mem ? ok(this.memberJson(g, mem, true)) : err(404, 10007, 'Unknown Member');
        }),
      ),
      r('POST', '/interactions/:id/:token/callback', (ctx, m) => this.interactionCallback(ctx, m[1]!, m[2]!), {
        auth: false,
        exempt: true,
        kind: 'interactionCallback',
      }),
      r('POST', '/webhooks/:app/:token', (ctx, m) => this.webhookPost(ctx, m[1]!, m[2]!), {
        auth: false,
        kind: 'webhookMessage',
        major: (m) => `${m[1]}/${m[2]}`,
        webhook: true,
      }),
      r('GET', '/webhooks/:app/:token/messages/:message', (ctx, m) => this.webhookMessage(ctx, m[1]!, m[2]!, m[3]!), { auth: false, major: (m) => `${m[1]}/${m[2]}`, webhook: true }),
      r('PATCH', '/webhooks/:app/:token/messages/:message', (ctx, m) => this.webhookMessage(ctx, m[1]!, m[2]!, m[3]!), {
        auth: false,
        kind: 'webhookEdit',
        major: (m) => `${m[1]}/${m[2]}`,
        webhook: true,
      }),
      r('DELETE', '/webhooks/:app/:token/messages/:message', (ctx, m) => this.webhookMessage(ctx, m[1]!, m[2]!, m[3]!), { auth: false, major: (m) => `${m[1]}/${m[2]}`, webhook: true }),
    ];
  }

  private gatewayBot(): Json {
    return {
      url: this.gatewayUrl,
      shards: this.opts.shards,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    };
  }

  private applicationJson(): Json {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      bot: this.userJson(this.botUser),
      owner: this.userJson(this.defaults.owner),
      team: null,
      approximate_guild_count: this.guilds.size,
      install_params: { scopes: ['bot', 'applications.commands'], permissions: DEFAULT_BOT_PERMISSIONS.toString() },
      integration_types_config: { '0': { oauth2_install_params: { scopes: ['bot', 'applications.commands'], permissions: DEFAULT_BOT_PERMISSIONS.toString() } } },
    };
  }

  private badSnowflake(name: string, value: string): Reply | undefined {
    if (isSnowflake(value)) return undefined;
    this.violation(`${name} "${value}" is not a snowflake`);
    return err(400, 50035, 'Invalid Form Body', { errors: { [name]: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: `Value "${value}" is not snowflake.` }] } } });
  }

  private getUser(id: string): Reply {
    const bad = this.badSnowflake('user_id', id);
    if (bad) return bad;
    const u = this.users.get(id) ?? (this.opts.autoCreateUsers ? this.user(id) : undefined);
    return u ? ok(this.userJson(u)) : err(404, 10013, 'Unknown User');
  }

  private createDm(ctx: Ctx): Reply {
    const rid = String(ctx.body?.recipient_id ?? '');
    const bad = this.badSnowflake('recipient_id', rid);
    if (bad) return bad;
    if (rid === this.botUser.id) return err(400, 50007, 'Cannot send messages to this user');
    const u = this.users.get(rid) ?? (this.opts.autoCreateUsers ? this.user(rid) : undefined);
    if (!u) return err(404, 10013, 'Unknown User');
    return ok(this.channelJson(this.dmChannel(u)));
  }

  private leaveGuild(guildId: string): Reply {
    const g = this.guilds.get(guildId);
    if (!g || !g.botPresent) return err(404, 10004, 'Unknown Guild');
    this.removeBotFromGuild(guildId);
    return noContent;
  }

  private withGuild(guildId: string, fn: (g: GuildState) => Reply): Reply {
    const bad = this.badSnowflake('guild_id', guildId);
    if (bad) return bad;
    const g = this.guilds.get(guildId);
    if (!g) return err(404, 10004, 'Unknown Guild');
    if (!g.botPresent) return err(403, 50001, 'Missing Access');
    return fn(g);
  }

  private getGuild(guildId: string): Reply {
    return this.withGuild(guildId, (g) => {
      const { members: _m, channels: _c, voice_states: _v, presences: _p, threads: _t, ...rest } = this.guildCreateJson(g);
      return ok(rest);
    });
  }

  // Commands --------------------------------------------------------------------------------

  private appMismatch(app: string): Reply | undefined {
    if (app === this.applicationId) return undefined;
    this.violation(`application id ${app} is not this bot's (${this.applicationId})`);
    return err(403, 20012, 'You are not authorized to perform this action on this application');
  }

  private storeCommand(scope: string, cmd: Json, guildId: string | null, existingId?: string): Json {
    const list = this.commands.get(scope) ?? [];
    const type = cmd.type ?? 1;
    const prev = list.find((c) => c.name === cmd.name && (c.type ?? 1) === type);
    const stored: Json = {
      id: existingId ?? prev?.id ?? cmd.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      default_member_permissions: cmd.default_member_permissions === undefined || cmd.default_member_permissions === null ? null : String(cmd.default_member_permissions),
      type,
      name: cmd.name,
      name_localizations: cmd.name_localizations ?? null,
      description: cmd.description ?? '',
      description_localizations: cmd.description_localizations ?? null,
      dm_permission: cmd.dm_permission ?? true,
      contexts: cmd.contexts ?? null,
      integration_types: cmd.integration_types ?? [0],
      nsfw: cmd.nsfw ?? false,
    };
    if (Array.isArray(cmd.options)) stored.options = cmd.options;
    if (guildId) stored.guild_id = guildId;
    const next = list.filter((c) => c !== prev);
    next.push(stored);
    this.commands.set(scope, next);
    return stored;
  }

  private commandScope(app: string, guildId: string | null): Reply | string {
    const mismatch = this.appMismatch(app);
    if (mismatch) return mismatch;
    if (guildId) {
      const g = this.guilds.get(guildId);
      if (!g) return err(404, 10004, 'Unknown Guild');
      if (!g.botPresent) return err(403, 50001, 'Missing Access');
    }
    return guildId ?? 'global';
  }

  private listCommands(_ctx: Ctx, app: string, guildId: string | null): Reply {
    const scope = this.commandScope(app, guildId);
    if (typeof scope !== 'string') return scope;
    return ok(this.commands.get(scope) ?? []);
  }

  private putCommands(ctx: Ctx, app: string, guildId: string | null): Reply {
    const scope = this.commandScope(app, guildId);
    if (typeof scope !== 'string') return scope;
    const old = this.commands.get(scope) ?? [];
    const list: Json[] = Array.isArray(ctx.body) ? ctx.body : [];
    this.commands.set(scope, []);
    const out = list.map((cmd) => {
      const prev = old.find((c) => c.name === cmd.name && (c.type ?? 1) === (cmd.type ?? 1));
      return this.storeCommand(scope, cmd, guildId, prev?.id);
    });
    return ok(out);
  }

  private createCommand(ctx: Ctx, app: string, guildId: string | null): Reply {
    const scope = this.commandScope(app, guildId);
    if (typeof scope !== 'string') return scope;
    const existed = (this.commands.get(scope) ?? []).some((c) => c.name === ctx.body?.name && (c.type ?? 1) === (ctx.body?.type ?? 1));
    return ok(this.storeCommand(scope, ctx.body ?? {}, guildId), existed ? 200 : 201);
  }

  private oneCommand(ctx: Ctx, app: string, guildId: string | null, id: string): Reply {
    const scope = this.commandScope(app, guildId);
    if (typeof scope !== 'string') return scope;
    const list = this.commands.get(scope) ?? [];
    const cmd = list.find((c) => c.id === id);
    if (!cmd) return err(404, 10063, 'Unknown application command');
    if (ctx.method === 'GET') return ok(cmd);
    if (ctx.method === 'DELETE') {
      this.commands.set(scope, list.filter((c) => c !== cmd));
      return noContent;
    }
    return ok(this.storeCommand(scope, { ...cmd, ...(ctx.body ?? {}) }, guildId, cmd.id));
  }

  // Channels and messages ------------------------------------------------------------------

  /** undefined when the bot may send; otherwise the error reply. */
  private sendableChannel(channelId: string, withFiles: boolean): Reply | undefined {
    const bad = this.badSnowflake('channel_id', channelId);
    if (bad) return bad;
    const ch = this.channels.get(channelId);
    if (!ch || ch.deleted) return err(404, 10003, 'Unknown Channel');
    if (ch.type === 1) {
      if (ch.recipientId && this.closedDms.has(ch.recipientId)) return err(403, 50007, 'Cannot send messages to this user');
      return undefined;
    }
    const g = this.guilds.get(ch.guildId!);
    if (!g || !g.botPresent) return err(403, 50001, 'Missing Access');
    if (ch.type === 4 || ch.type === 15 || ch.type === 16) return err(400, 50008, 'Cannot send messages in a non-text channel');
    const p = this.channelPerms(ch, this.botUser.id);
    if (!hasPerm(p, Perm.ViewChannel)) return err(403, 50001, 'Missing Access');
    if (!hasPerm(p, ch.thread ? Perm.SendMessagesInThreads : Perm.SendMessages)) return err(403, 50013, 'Missing Permissions');
    if (withFiles && !hasPerm(p, Perm.AttachFiles)) return err(403, 50013, 'Missing Permissions');
    return undefined;
  }

  private readableChannel(channelId: string): Reply | ChannelState {
    const bad = this.badSnowflake('channel_id', channelId);
    if (bad) return bad;
    const ch = this.channels.get(channelId);
    if (!ch || ch.deleted) return err(404, 10003, 'Unknown Channel');
    if (ch.guildId) {
      const g = this.guilds.get(ch.guildId);
      if (!g || !g.botPresent) return err(403, 50001, 'Missing Access');
      if (!hasPerm(this.channelPerms(ch, this.botUser.id), Perm.ViewChannel)) return err(403, 50001, 'Missing Access');
    }
    return ch;
  }

  private getChannel(channelId: string): Reply {
    const ch = this.readableChannel(channelId);
    if ('status' in ch) return ch;
    return ok(this.channelJson(ch));
  }

  private listMessages(ctx: Ctx, channelId: string): Reply {
    const ch = this.readableChannel(channelId);
    if ('status' in ch) return ch;
    if (ch.guildId && !hasPerm(this.channelPerms(ch, this.botUser.id), Perm.ReadMessageHistory)) return ok([]);
    const limit = Math.min(100, Math.max(1, Number(ctx.query.limit ?? 50) || 50));
    let list = ch.messages.filter((msg) => !msg.deleted);
    const before = ctx.query.before;
    const after = ctx.query.after;
    if (before) list = list.filter((msg) => BigInt(msg.id) < BigInt(before));
    if (after) {
      list = list.filter((msg) => BigInt(msg.id) > BigInt(after));
      return ok(list.slice(0, limit).reverse().map((msg) => msg.message));
    }
    return ok(list.slice(-limit).reverse().map((msg) => msg.message));
  }

  private async postMessage(ctx: Ctx, channelId: string): Promise<Reply> {
    const refused = this.sendableChannel(channelId, ctx.files.length > 0);
    if (refused) return refused;
    const ch = this.channels.get(channelId)!;
    const body = ctx.body ?? {};
    const nonce = body.nonce;
    const now = this.now();
    const nonceKey = nonce === undefined || nonce === null ? null : this.opts.nonceScope === 'author' ? String(nonce) : `${ch.id}:${String(nonce)}`;
    if (nonceKey !== null) {
      const prev = this.nonces.get(nonceKey);
      if (body.enforce_nonce === true && prev && now - prev.time <= this.opts.nonceWindowMs) {
        this.nonceDuplicates += 1;
        if (prev.message.channelId !== ch.id) {
          this.violation(
            `nonce "${String(nonce)}" reused within ${this.opts.nonceWindowMs} ms for channel ${ch.id}: Discord returned message ${prev.message.id} from channel ${prev.message.channelId} and sent nothing`,
          );
        }
        return ok(prev.message.message);
      }
      if (this.nonces.size > 50_000) for (const [k, v] of this.nonces) if (now - v.time > this.opts.nonceWindowMs) this.nonces.delete(k);
    }
    const stored = this.newMessage(ch, body, ctx.files, { source: 'channel', ephemeral: false });
    if (nonceKey !== null) this.nonces.set(nonceKey, { message: stored, time: now });
    this.channelMessagesCreated += 1;
    this.recordPublic('create', stored, body, ctx);
    let drop = false;
    for (const hook of [...this.messageHooks]) {
      const result = await hook({ message: stored, request: ctx.record, count: this.channelMessagesCreated });
      if (result === 'drop') drop = true;
    }
    if (drop) return { status: 200, drop: true };
    return ok(stored.message);
  }

  // -------------------------------------------------------------------------------------------
  // Threads started from a message (the digest's list of wins). The thread has the message's id,
  // takes its permissions from the parent channel, and a message can start one thread only.

  private readonly threadsStarted = new Set<string>();

  /** The threads started in a channel, as stored channels' ids. */
  threadsOf(channelId: string): string[] {
    return [...this.channels.values()].filter((ch) => ch.parentId === channelId && (ch.type === 10 || ch.type === 11)).map((ch) => ch.id);
  }

  /** POST /channels/{id}/messages/{message}/threads: a public thread whose id is the message's (see the threads block). */
  private startThreadFromMessage(ctx: Ctx, channelId: string, messageId: string): Reply {
    const parent = this.readableChannel(channelId);
    if ('status' in parent) return parent;
    if (parent.thread || (parent.type !== 0 && parent.type !== 5)) return err(400, 50024, 'Cannot execute action on this channel type');
    if (!hasPerm(this.channelPerms(parent, this.botUser.id), Perm.CreatePublicThreads)) return err(403, 50013, 'Missing Permissions');
    const stored = this.messagesById.get(messageId);
    if (!stored || stored.deleted || stored.channelId !== parent.id) return err(404, 10008, 'Unknown Message');
    if (this.threadsStarted.has(messageId)) return err(400, 160004, 'A thread has already been created for this message');
    this.threadsStarted.add(messageId);
    const body = ctx.body ?? {};
    const thread: ChannelState = {
      ...parent,
      id: messageId,
      type: parent.type === 5 ? 10 : 11,
      name: String(body.name),
      parentId: parent.id,
      messages: [],
      lastMessageId: null,
      thread: {
        ownerId: this.botUser.id,
        members: new Set([this.botUser.id]),
        invitable: true,
        autoArchive: typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 4320,
        createdAt: isoNow(this.now()),
      },
    };
    this.channels.set(thread.id, thread);
    const json = this.threadJson(thread);
    ctx.after.push(() => this.gateway.dispatch('THREAD_CREATE', { ...json, newly_created: true, member: this.threadMemberJson(thread, this.botUser.id) }, parent.guildId));
    return ok(json, 201);
  }

  private channelMessage(ctx: Ctx, channelId: string, messageId: string): Reply {
    const ch = this.readableChannel(channelId);
    if ('status' in ch) return ch;
    const stored = this.messagesById.get(messageId);
    if (!stored || stored.deleted || stored.channelId !== ch.id || stored.ephemeral) return err(404, 10008, 'Unknown Message');
    if (ctx.method === 'GET') return ok(stored.message);
    if (stored.message.author?.id !== this.botUser.id && ctx.method === 'PATCH') return err(403, 50005, 'Cannot edit a message authored by another user');
    if (ctx.method === 'DELETE') {
      stored.deleted = true;
      return noContent;
    }
    this.editMessage(stored, ctx.body, ctx.files);
    this.recordPublic('edit', stored, ctx.body, ctx);
    return ok(stored.message);
  }

  // Threads ----------------------------------------------------------------------------------
  // Private and public threads without a starter message, their members, and the guild's active
  // threads: what mentoring introductions use (FACTS.md, "Threads…"; openapi.json). A thread's
  // permissions are its parent's; a private thread is visible only to its members and to those
  // with Manage Threads. Bodies are validated (`threadCreate`) like every other payload.

  /** Threads of a guild (or of every guild), oldest first. */
  threads(guildId?: string): Json[] {
    return [...this.channels.values()].filter((ch) => ch.thread && !ch.deleted && (!guildId || ch.guildId === guildId)).map((ch) => this.threadJson(ch));
  }

  /** Calls `cb` for every thread created; return 'drop' to lose the answer (the thread stays created). */
  onThreadCreated(cb: (thread: Json) => void | 'drop'): () => void {
    this.threadHooks.push(cb);
    return () => {
      const i = this.threadHooks.indexOf(cb);
      if (i >= 0) this.threadHooks.splice(i, 1);
    };
  }

  /** The user ids that are members of a thread. */
  threadMembers(threadId: string): string[] {
    return [...(this.channelOrThrow(threadId).thread?.members ?? [])];
  }

  private threadPerms(ch: ChannelState, userId: string): bigint {
    const parent = ch.parentId ? this.channels.get(ch.parentId) : undefined;
    if (!parent || parent.deleted) return 0n;
    const p = this.channelPerms(parent, userId);
    if (ch.type === PRIVATE_THREAD && !ch.thread!.members.has(userId) && !hasPerm(p, Perm.ManageThreads)) return 0n;
    return p;
  }

  private threadJson(ch: ChannelState): Json {
    const t = ch.thread!;
    const metadata: Json = { archived: false, auto_archive_duration: t.autoArchive, archive_timestamp: t.createdAt, locked: false, create_timestamp: t.createdAt };
    if (ch.type === PRIVATE_THREAD) metadata.invitable = t.invitable;
    return {
      id: ch.id,
      type: ch.type,
      guild_id: ch.guildId,
      parent_id: ch.parentId,
      owner_id: t.ownerId,
      name: ch.name,
      last_message_id: ch.lastMessageId,
      rate_limit_per_user: 0,
      flags: 0,
      message_count: ch.messages.length,
      total_message_sent: ch.messages.length,
      member_count: Math.min(t.members.size, 50),
      thread_metadata: metadata,
    };
  }

  private threadMemberJson(ch: ChannelState, userId: string): Json {
    return { id: ch.id, user_id: userId, join_timestamp: ch.thread!.createdAt, flags: 0 };
  }

  /** POST /channels/{id}/threads without a message: 201 with the thread; THREAD_CREATE to the bot. */
  private startThread(ctx: Ctx, parentId: string): Reply {
    const parent = this.readableChannel(parentId);
    if ('status' in parent) return parent;
    const body = ctx.body ?? {};
    const type: number = body.type ?? PRIVATE_THREAD;
    if (!parent.guildId || parent.thread || (type === PRIVATE_THREAD && parent.type !== 0) || (type === 11 && parent.type !== 0) || (type === 10 && parent.type !== 5)) {
      return err(400, 50024, 'Cannot execute action on this channel type');
    }
    const p = this.channelPerms(parent, this.botUser.id);
    if (!hasPerm(p, type === PRIVATE_THREAD ? Perm.CreatePrivateThreads : Perm.CreatePublicThreads)) return err(403, 50013, 'Missing Permissions');
    const g = this.guilds.get(parent.guildId)!;
    const ch = this.addChannel(g, { name: String(body.name), type, parentId: parent.id }, g.channelIds.length);
    g.channelIds = g.channelIds.filter((id) => id !== ch.id); // threads are not listed among the guild's channels
    ch.thread = {
      ownerId: this.botUser.id,
      members: new Set([this.botUser.id]),
      invitable: type === PRIVATE_THREAD ? body.invitable !== false : true,
      autoArchive: typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 4320,
      createdAt: isoNow(this.now()),
    };
    const json = this.threadJson(ch);
    ctx.after.push(() => this.gateway.dispatch('THREAD_CREATE', { ...json, newly_created: true, member: this.threadMemberJson(ch, this.botUser.id) }, g.id));
    const drop = this.threadHooks.map((hook) => hook(json)).includes('drop');
    return { ...ok({ ...json, member: this.threadMemberJson(ch, this.botUser.id) }, 201), ...(drop ? { drop: true } : {}) };
  }

  /** PUT /channels/{thread}/thread-members/{user}: 204, also when already a member. */
  private addThreadMember(threadId: string, userId: string): Reply {
    const bad = this.badSnowflake('user_id', userId);
    if (bad) return bad;
    const ch = this.readableChannel(threadId);
    if ('status' in ch) return ch;
    if (!ch.thread) return err(400, 50024, 'Cannot execute action on this channel type');
    if (!hasPerm(this.channelPerms(ch, this.botUser.id), Perm.SendMessagesInThreads)) return err(403, 50013, 'Missing Permissions');
    const g = this.guilds.get(ch.guildId!)!;
    if (!g.members.has(userId)) return err(404, 10007, 'Unknown Member');
    // The member must be able to see the parent channel to be added.
    const parent = this.channels.get(ch.parentId!)!;
    if (!hasPerm(this.channelPerms(parent, userId), Perm.ViewChannel)) return err(403, 50001, 'Missing Access');
    ch.thread.members.add(userId);
    return noContent;
  }

  /** GET /guilds/{guild}/threads/active: the threads the bot can see, and its own memberships. */
  private activeThreads(g: GuildState): Reply {
    const visible = [...this.channels.values()].filter((ch) => ch.thread && !ch.deleted && ch.guildId === g.id && hasPerm(this.channelPerms(ch, this.botUser.id), Perm.ViewChannel));
    // `has_more`: the OpenAPI file's ThreadsResponse requires it (the docs leave it out of this route).
    return ok({
      has_more: false,
      threads: visible.map((ch) => this.threadJson(ch)),
      members: visible.filter((ch) => ch.thread!.members.has(this.botUser.id)).map((ch) => this.threadMemberJson(ch, this.botUser.id)),
    });
  }

  // Interactions ----------------------------------------------------------------------------

  private allowedCallbacks(it: InteractionHandle): number[] {
    switch (it.type) {
      case InteractionType.ApplicationCommand:
        return [4, 5, 9, 12];
      case InteractionType.MessageComponent:
        return [4, 5, 6, 7, 9, 12];
      case InteractionType.Autocomplete:
        return [8];
      case InteractionType.ModalSubmit:
        return it.sourceMessageId ? [4, 5, 6, 7] : [4, 5];
      default:
        return [1];
    }
  }

  private interactionCallback(ctx: Ctx, id: string, token: string): Reply {
    const it = this.interactions.get(id);
    if (!it || it.token !== token) {
      this.violation(`10062 unknown interaction: callback for ${id} (unknown id or wrong token)`);
      return err(404, 10062, 'Unknown interaction');
    }
    if (it.acknowledged) {
      this.violation(`40060 interaction ${id} already acknowledged (second callback type ${ctx.body?.type})`);
      return err(400, 40060, 'Interaction has already been acknowledged.');
    }
    const late = ctx.t0 - it.dispatchedAt;
    if (late > this.opts.interactionDeadlineMs) {
      this.violation(`10062 unknown interaction: callback for ${id} arrived ${late.toFixed(0)} ms after dispatch (deadline ${this.opts.interactionDeadlineMs} ms)`);
      return err(404, 10062, 'Unknown interaction');
    }
    const type: number = ctx.body?.type;
    if (!this.allowedCallbacks(it).includes(type)) {
      this.violation(`callback type ${type} is not allowed for interaction type ${it.type} (${id})`);
      return err(400, 50035, 'Invalid Form Body', { errors: { type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Interaction response type is invalid' }] } } });
    }
    const data = ctx.body?.data ?? {};
    const ch = this.channels.get(it.channelId)!;
    let message: StoredMessage | undefined;
    it.ackType = type;
    it.callbacks.push(ctx.record);
    switch (type) {
      case CallbackType.ChannelMessageWithSource:
      case CallbackType.DeferredChannelMessageWithSource: {
        const ephemeral = ((data.flags ?? 0) & EPHEMERAL) !== 0;
        message = this.newMessage(ch, type === 4 ? data : { flags: data.flags }, type === 4 ? ctx.files : [], {
          source: 'interaction',
          interaction: it,
          ephemeral,
          loading: type === 5,
        });
        it.originalId = message.id;
        it.originalEphemeral = ephemeral;
        if (type === 4) this.recordPublic('create', message, data, ctx);
        break;
      }
      case CallbackType.DeferredUpdateMessage:
      case CallbackType.UpdateMessage: {
        message = it.sourceMessageId ? this.messagesById.get(it.sourceMessageId) : undefined;
        if (message) {
          it.originalId = message.id;
          it.originalEphemeral = message.ephemeral;
          if (type === 7) {
            this.editMessage(message, data, ctx.files);
            this.recordPublic('edit', message, data, ctx);
          }
        }
        break;
      }
      case CallbackType.Modal:
        this.shownModals.push({ userId: it.userId, customId: String(data.custom_id), data, interaction: it, time: this.now() });
        if (this.shownModals.length > 1000) this.shownModals.splice(0, this.shownModals.length - 1000);
        break;
      default:
        break;
    }
    const ephemeral = message ? message.ephemeral : ((data.flags ?? 0) & EPHEMERAL) !== 0;
    const answer = makeAnswer('callback', type, ctx.record, ctx.body?.data, it.dispatchedAt, ephemeral, message?.message);
    ctx.after.push(() => it.pushResponse(answer));
    if (ctx.query.with_response === 'true') {
      const interaction: Json = { id: it.id, type: it.type };
      if (message) {
        interaction.response_message_id = message.id;
        interaction.response_message_loading = (message.message.flags & LOADING) !== 0;
        interaction.response_message_ephemeral = message.ephemeral;
      }
      const out: Json = { interaction };
      if (message && type !== CallbackType.DeferredUpdateMessage) out.resource = { type, message: message.message };
      else if (type === CallbackType.Modal || type === CallbackType.AutocompleteResult) out.resource = { type };
      return ok(out);
    }
    return noContent;
  }

  private webhookInteraction(app: string, token: string): InteractionHandle | Reply {
    const it = this.interactionsByToken.get(token);
    if (app !== this.applicationId || !it) {
      this.violation(`unknown webhook: /webhooks/${app}/${token.slice(0, 12)}… (not this app or not an interaction token)`);
      return err(404, 10015, 'Unknown Webhook');
    }
    if (this.now() - it.dispatchedTime > this.opts.interactionTokenTtlMs) {
      this.violation(`interaction token of ${it.id} used after ${this.opts.interactionTokenTtlMs} ms`);
      return err(401, 50027, 'Invalid Webhook Token');
    }
    if (!it.acknowledged) {
      this.violation(`webhook call for interaction ${it.id} before any callback`);
      return err(404, 10015, 'Unknown Webhook');
    }
    return it;
  }

  private webhookPost(ctx: Ctx, app: string, token: string): Reply {
    const it = this.webhookInteraction(app, token);
    if ('status' in it) return it;
    const body = ctx.body ?? {};
    const ch = this.channels.get(it.channelId)!;
    let stored: StoredMessage;
    const original = it.originalId ? this.messagesById.get(it.originalId) : undefined;
    if (it.ackType === CallbackType.DeferredChannelMessageWithSource && original && (original.message.flags & LOADING) !== 0) {
      // The first follow-up after a deferred reply replaces the "thinking…" message.
      this.editMessage(original, body, ctx.files);
      stored = original;
    } else {
      const ephemeral = ((body.flags ?? 0) & EPHEMERAL) !== 0;
      stored = this.newMessage(ch, body, ctx.files, { source: 'followUp', interaction: it, ephemeral });
    }
    it.followUpIds.add(stored.id);
    it.followUps.push(ctx.record);
    this.recordPublic('create', stored, body, ctx);
    const answer = makeAnswer('followUp', null, ctx.record, body, it.dispatchedAt, stored.ephemeral, stored.message);
    ctx.after.push(() => it.pushResponse(answer));
    if (ctx.query.wait !== 'true') return noContent;
    return ok(stored.message);
  }

  private webhookMessage(ctx: Ctx, app: string, token: string, messageId: string): Reply {
    const it = this.webhookInteraction(app, token);
    if ('status' in it) return it;
    const id = messageId === '@original' ? it.originalId : it.followUpIds.has(messageId) || messageId === it.originalId ? messageId : null;
    const stored = id ? this.messagesById.get(id) : undefined;
    if (!stored || stored.deleted) {
      this.violation(`10008 unknown message: ${ctx.method} ${messageId} of interaction ${it.id}`);
      return err(404, 10008, 'Unknown Message');
    }
    if (ctx.method === 'GET') return ok(stored.message);
    if (ctx.method === 'DELETE') {
      stored.deleted = true;
      const ch = this.channels.get(stored.channelId);
      if (ch) ch.messages = ch.messages.filter((x) => x !== stored);
      return noContent;
    }
    this.editMessage(stored, ctx.body, ctx.files);
    it.edits.push(ctx.record);
    this.recordPublic('edit', stored, ctx.body, ctx);
    const answer = makeAnswer('edit', null, ctx.record, ctx.body, it.dispatchedAt, stored.ephemeral, stored.message);
    ctx.after.push(() => it.pushResponse(answer));
    return ok(stored.message);
  }
}

export type { Answer };
