import { DEFAULT_LANG, type Lang } from '../i18n/index.js';
import type { GuildRecord, UserRecord } from './records.js';

interface Cached {
  lang: Lang | undefined;
  notice?: UserRecord['notice'];
  homeGuildId?: string | undefined;
  at: number;
}

export interface Speaker {
  lang: Lang;
  /** Something the user must be told with their next reply (e.g. their DMs are closed). */
  notice: UserRecord['notice'];
}

/**
 * Resolves how to speak to someone: the member's language, else the server's default (in DMs,
 * the server where they opted in, as their check-in DMs do), else English, plus any pending notice. Read on every interaction, so kept in a small bounded cache;
 * the short lifetime lets a change made by another process (a shard) show up within seconds.
 */
export class LanguagePreferences {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly users: { get(userId: string): Promise<UserRecord | undefined> },
    private readonly guilds: { get(guildId: string): Promise<GuildRecord | undefined> },
    private readonly options: { maxEntries?: number; ttlMs?: number } = {},
  ) {}

  async speakerFor(userId: string, guildId: string | null, now: number): Promise<Speaker> {
    const own = await this.lookup(`u${userId}`, now, async () => {
      const user = await this.users.get(userId);
      return { lang: user?.lang, notice: user?.notice, homeGuildId: user?.homeGuildId };
    });
    let lang = own.lang;
    const server = guildId ?? own.homeGuildId;
    if (!lang && server) lang = (await this.lookup(`g${server}`, now, async () => ({ lang: (await this.guilds.get(server))?.lang }))).lang;
    return { lang: lang ?? DEFAULT_LANG, notice: own.notice };
  }

  /** What this process remembers, without touching the store (for when the store is failing). */
  peek(userId: string, guildId: string | null): Lang {
    const own = this.cache.get(`u${userId}`);
    const server = guildId ?? own?.homeGuildId;
    return own?.lang ?? (server ? this.cache.get(`g${server}`)?.lang : undefined) ?? DEFAULT_LANG;
  }

  /** Drops what this process remembers, after a write that changes it. */
  forget(kind: 'user' | 'guild', id: string): void {
    this.cache.delete(`${kind === 'user' ? 'u' : 'g'}${id}`);
  }

  private async lookup(key: string, now: number, load: () => Promise<Omit<Cached, 'at'>>): Promise<Cached> {
    const hit = this.cache.get(key);
    if (hit && now - hit.at < (this.options.ttlMs ?? 30_000)) return hit;
    const value = { ...(await load()), at: now };
    this.cache.delete(key); // re-inserted last: the entry loaded longest ago is evicted first
    this.cache.set(key, value);
    if (this.cache.size > (this.options.maxEntries ?? 10_000)) this.cache.delete(this.cache.keys().next().value!);
    return value;
  }
}
