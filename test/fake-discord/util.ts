/**
 * Small helpers shared by the fake Discord: snowflakes, a clock that survives `vi.useFakeTimers()`,
 * permission arithmetic. No vitest imports here: scripts use the fake too.
 */

// Captured at import, so tests that fake timers or `Date` do not stall the fake.
const RealDate = Date;
export const realNow: () => number = RealDate.now.bind(RealDate);
export const realSetTimeout: typeof setTimeout = globalThis.setTimeout.bind(globalThis) as typeof setTimeout;
export const realClearTimeout: typeof clearTimeout = globalThis.clearTimeout.bind(globalThis) as typeof clearTimeout;
const perf = globalThis.performance;
export const perfNow: () => number = perf.now.bind(perf);

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;
let lastMs = 0n;

/** A fresh 17–19-digit snowflake (Discord's layout: ms since 2015 << 22 | worker | increment). */
export function snowflake(atMs: number = realNow()): string {
  let ms = BigInt(Math.floor(atMs)) - DISCORD_EPOCH;
  if (ms < lastMs) ms = lastMs; // monotonic within the process
  if (ms === lastMs) {
    increment += 1n;
    if (increment >= 4096n) {
      increment = 0n;
      ms += 1n;
    }
  } else {
    increment = 0n;
  }
  lastMs = ms;
  return ((ms << 22n) | (1n << 17n) | (BigInt(process.pid & 0x1f) << 12n) | increment).toString();
}

export const SNOWFLAKE_RE = /^\d{17,19}$/;
export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && SNOWFLAKE_RE.test(value);
}

/** The time a snowflake was made, in ms since the Unix epoch. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function randomToken(bytes = 48): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = 'aW50ZXJhY3Rpb246';
  for (let i = 0; i < bytes; i++) out += chars[Math.floor(Math.random() * chars.length)];
  return out;
}

/** Permission bits the fake cares about (a subset of Discord's). */
export const Perm = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  SendTTSMessages: 1n << 12n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  ChangeNickname: 1n << 26n,
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
  UseExternalApps: 1n << 50n,
} as const;

/** Every permission bit Discord defines today (enough for "all"). */
export const ALL_PERMISSIONS = (1n << 53n) - 1n;

/** What a fresh server gives @everyone. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  Perm.CreateInstantInvite |
  Perm.AddReactions |
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.UseExternalEmojis |
  Perm.Connect |
  Perm.Speak |
  Perm.ChangeNickname |
  Perm.UseApplicationCommands |
  Perm.SendMessagesInThreads |
  Perm.UseExternalApps;

/** The bot's invite permissions in the spec: View Channels, Send Messages, Embed Links. */
export const DEFAULT_BOT_PERMISSIONS = Perm.ViewChannel | Perm.SendMessages | Perm.EmbedLinks; // 19456

/** Permissions an app has in a DM (what Discord reports as app_permissions there). */
export const DM_APP_PERMISSIONS =
  Perm.AddReactions |
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.UseExternalEmojis |
  Perm.UseApplicationCommands;

export function toBig(value: bigint | string | number | undefined | null, fallback = 0n): bigint {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'bigint') return value;
  return BigInt(value);
}

export function hasPerm(perms: bigint, bit: bigint): boolean {
  return (perms & Perm.Administrator) === Perm.Administrator || (perms & bit) === bit;
}

export function isoNow(ms: number): string {
  return new RealDate(ms).toISOString();
}

export function deepClone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
