/** Public types of the fake Discord. */
import type { UploadedFile } from './multipart.js';

/** Raw Discord JSON (the fake stores what the bot sends, untyped on purpose). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type PermInput = bigint | string | number;

export interface UserInit {
  id?: string;
  username?: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  public_flags: number;
}

export interface OverwriteInit {
  /** Role id (the guild id for @everyone) or user id. */
  id: string;
  type: 'role' | 'member' | 0 | 1;
  allow?: PermInput;
  deny?: PermInput;
}

export interface ChannelInit {
  id?: string;
  name: string;
  /** 0 text (default), 2 voice, 4 category, 5 announcement, 15 forum… */
  type?: number;
  overwrites?: OverwriteInit[];
  parentId?: string | null;
  topic?: string | null;
  nsfw?: boolean;
}

export interface RoleInit {
  id?: string;
  name: string;
  permissions?: PermInput;
  position?: number;
  color?: number;
}

export interface MemberInit {
  user: string | UserInit;
  /** Role ids (besides @everyone). */
  roles?: string[];
  nick?: string | null;
}

export interface GuildInit {
  id?: string;
  name?: string;
  ownerId?: string;
  /** Discord's `preferred_locale` (also sent as `guild_locale`). Default en-US. */
  preferredLocale?: string;
  /** @everyone's permissions (default: a fresh server's). */
  everyonePermissions?: PermInput;
  /** Permissions of the bot's managed role (default 19456: View Channels, Send Messages, Embed Links). */
  botPermissions?: PermInput;
  roles?: RoleInit[];
  /** Default: #general (text), #announcements (5), Voice (2). */
  channels?: ChannelInit[];
  members?: MemberInit[];
}

export interface FakeDiscordOptions {
  /** Bot token the fake accepts (default `fake-bot-token`). */
  token?: string;
  applicationId?: string;
  /** Default: id = applicationId, username "Murshid", bot. */
  botUser?: UserInit;
  /** Default: one guild (see `FakeDiscord.defaults`). */
  guilds?: GuildInit[];
  /** Extra known users (DM targets). */
  users?: UserInit[];
  /** Commands registered before the bot starts. */
  commands?: { global?: Json[]; guilds?: Record<string, Json[]> };
  /** How long `enforce_nonce` de-duplicates (default 5 minutes). */
  nonceWindowMs?: number;
  /**
   * Discord de-duplicates `enforce_nonce` per author (the bot), across channels: 'author' (default).
   * A duplicate that lands in another channel is also recorded as a violation (the second send is lost).
   * 'channel' scopes nonces per channel instead.
   */
  nonceScope?: 'author' | 'channel';
  /** First interaction response must arrive within this (default 3000 ms). */
  interactionDeadlineMs?: number;
  /** Interaction tokens (webhook routes) expire after this (default 15 minutes). */
  interactionTokenTtlMs?: number;
  /** Global requests per window (default 50). Interaction callbacks are exempt. */
  globalRateLimit?: number;
  /** Global window (default 1000 ms). */
  globalRateLimitWindowMs?: number;
  /**
   * Discord's docs exempt interaction endpoints from the global limit: by default the fake exempts the
   * interaction webhook routes (follow-ups, @original) as well as callbacks. False counts them.
   */
  globalLimitExemptsWebhooks?: boolean;
  /** Per-route bucket (default 50 per 1000 ms; major parameter = channel, guild or webhook). */
  routeRateLimit?: { limit: number; windowMs: number };
  heartbeatIntervalMs?: number;
  /** Shard count `/gateway/bot` recommends (default 1). */
  shards?: number;
  /** Validate payloads (default true). */
  validate?: boolean;
  /** Answer invalid payloads with 400 50035 like Discord (default true). Off = record only. */
  rejectInvalid?: boolean;
  /** Whether the app may use privileged intents (default false → IDENTIFY with them closes 4014). */
  privilegedIntents?: boolean;
  /** Unknown (but well-formed) user ids become users on first sight (default true). */
  autoCreateUsers?: boolean;
  /** Keep the request log (default true; a number keeps only the last N). */
  requestLog?: boolean | number;
  /** Listen port (default 0 = random). */
  port?: number;
  /** Default timeout of the waiting helpers (default 5000 ms). */
  waitTimeoutMs?: number;
  /** Debug log. */
  log?: (line: string) => void;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path below /api/v10, as sent (e.g. `/webhooks/1/abc/messages/%40original`). */
  path: string;
  /** Route template, e.g. `POST /channels/:channel/messages`, or `unknown`. */
  route: string;
  query: Record<string, string>;
  /** JSON body (or `payload_json` of a multipart body). */
  body: Json;
  files: UploadedFile[];
  authorized: boolean;
  status: number;
  response: Json;
  /** performance.now() when the request arrived. */
  at: number;
  /** Fake clock (Date.now() + advanceTime offset) when the request arrived. */
  time: number;
  /** Validation problems (empty when valid). */
  problems: string[];
  /** Set when a fault was injected. */
  faulted?: boolean;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  /** The message as Discord would return it now. */
  message: Json;
  files: UploadedFile[];
  allowedMentions: Json | undefined;
  ephemeral: boolean;
  /** For ephemeral messages: the only user who sees it. */
  visibleTo: string | null;
  source: 'channel' | 'interaction' | 'followUp';
  interactionId: string | null;
  createdAt: number;
  /** The bot lacked Embed Links: Discord hides the embeds. */
  embedsHidden: boolean;
  deleted: boolean;
  edits: number;
}

export interface PublicPost {
  kind: 'create' | 'edit';
  route: string;
  channelId: string;
  guildId: string | null;
  messageId: string;
  content: string | undefined;
  embeds: Json[] | undefined;
  /** `allowed_mentions` exactly as sent (undefined when absent). */
  allowedMentions: Json | undefined;
  time: number;
}

export interface FaultRequest {
  method: string;
  path: string;
  route: string;
  query: Record<string, string>;
  body: Json;
}

export interface FaultResponse {
  status?: number;
  body?: Json;
  headers?: Record<string, string>;
  /** Wait before answering (also usable with `passThrough`). */
  delayMs?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** Handle normally after `delayMs`. */
  passThrough?: boolean;
}

export type RequestMatcher =
  | string
  | RegExp
  | { method?: string; path?: string | RegExp; route?: string | RegExp }
  | ((req: FaultRequest) => boolean);

export interface MessageCreatedEvent {
  message: StoredMessage;
  /** The request that created it. */
  request: RecordedRequest;
  /** Messages created so far (this one included). */
  count: number;
}

/** Return 'drop' to destroy the connection instead of answering (the message stays delivered). */
export type MessageCreatedHook = (event: MessageCreatedEvent) => void | 'drop' | Promise<void | 'drop'>;
