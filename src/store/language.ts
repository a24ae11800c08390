import { DEFAULT_LANG, type Lang } from '../i18n/index.js';
import type { Collection } from './store.js';
import type { GuildRecord, UserRecord } from './records.js';

interface Cached {
  lang: Lang | undefined;
  at: number;
}

/**
 * Resolves which language to speak: the member's choice, else the server's default, else English.
 * Choices are read on every interaction, so they are kept in a small bounded cache; the short
 * lifetime lets a change made through another process (a shard) show up within seconds.
 */
export class LanguagePreferences {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly users: Collection<UserRecord>,
    private readonly guilds: Collection<GuildRecord>,
    private readonly options: { maxEntries?: number; ttlMs?: number } = {},
  ) {}

  async resolve(userId: string, guildId: string | null, now: number): Promise<Lang> {
    const own = await this.lookup(`u${userId}`, now, async () => (await this.users.get(userId))?.lang);
    if (own) return own;
    if (guildId) {
      const server = await this.lookup(`g${guildId}`, now, async () => (await this.guilds.get(guildId))?.lang);
      if (server) return server;
    }
    return DEFAULT_LANG;
  }

  /** Called after a write so this process answers in the new language at once. */
  remember(kind: 'user' | 'guild', id: string, lang: Lang | undefined, now: number): void {
    this.put(`${kind === 'user' ? 'u' : 'g'}${id}`, { lang, at: now });
  }

  forget(kind: 'user' | 'guild', id: string): void {
    this.cache.delete(`${kind === 'user' ? 'u' : 'g'}${id}`);
  }

  private async lookup(key: string, now: number, load: () => Promise<Lang | undefined>): Promise<Lang | undefined> {
    const hit = this.cache.get(key);
    if (hit && now - hit.at < (this.options.ttlMs ?? 30_000)) return hit.lang;
    const lang = await load();
    this.put(key, { lang, at: now });
    return lang;
  }

  private put(key: string, value: Cached): void {
    this.cache.delete(key); // re-insert so Map order is recency order
    this.cache.set(key, value);
    const max = this.options.maxEntries ?? 10_000;
    if (this.cache.size > max) this.cache.delete(this.cache.keys().next().value!);
  }
}
