import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import type { z } from 'zod';
import type { Logger } from '../log.js';
import { StoredRecordError } from './errors.js';

export { StoredRecordError };

/** Counts what the store did, so the scheduler's reads per tick can be measured (npm run bench). */
export interface StoreStats {
  reads: number;
  writes: number;
}

export interface Store {
  /** A typed, validated collection of records under one Keyv namespace. */
  collection<S extends z.ZodType>(namespace: string, schema: S): Collection<z.infer<S>>;
  readonly stats: StoreStats;
  close(): Promise<void>;
}

export class Collection<T> {
  constructor(
    private readonly keyv: Keyv,
    private readonly schema: z.ZodType<T>,
    private readonly stats: StoreStats,
    readonly namespace: string,
  ) {}

  async get(key: string): Promise<T | undefined> {
    this.stats.reads += 1;
    return this.parse(key, await this.keyv.get(key));
  }

  /**
   * One store read for many keys (a single SQL statement on SQLite). A value that fails its schema
   * throws, unless `onUnreadable` is given: then it reads as absent and its key is reported, so
   * one bad record cannot stop a batch for everyone else.
   */
  async getMany(keys: readonly string[], onUnreadable?: (key: string) => void): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    this.stats.reads += 1;
    const values: unknown[] = await this.keyv.get([...keys]);
    return values.map((value, index) => {
      const key = keys[index]!;
      if (!onUnreadable) return this.parse(key, value);
      try {
        return this.parse(key, value);
      } catch (error) {
        if (!(error instanceof StoredRecordError)) throw error;
        onUnreadable(key);
        return undefined;
      }
    });
  }

  /** The stored value as it is, unchecked: what export shows and forget salvages of a bad record. */
  async getRaw(key: string): Promise<unknown> {
    this.stats.reads += 1;
    return (await this.keyv.get(key)) ?? undefined;
  }

  async set(key: string, value: T): Promise<void> {
    this.stats.writes += 1;
    const checked = this.schema.parse(value);
    await this.keyv.set(key, checked);
  }

  async delete(key: string): Promise<void> {
    this.stats.writes += 1;
    await this.keyv.delete(key);
  }

  private parse(key: string, value: unknown): T | undefined {
    if (value === undefined || value === null) return undefined;
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) {
      throw new StoredRecordError(`${this.namespace}:${key}`, parsed.error.issues[0]?.message ?? 'invalid');
    }
    return parsed.data;
  }
}

type SqlQuery = (sql: string, ...params: unknown[]) => Promise<unknown[]>;

async function sqliteAdapter(url: string): Promise<KeyvStoreAdapter> {
  const location = url.replace(/^sqlite:\/\//, '');
  if (location !== ':memory:') mkdirSync(dirname(isAbsolute(location) ? location : resolve(location)), { recursive: true });
  // busyTimeout: another process holding the file waits this long before SQLITE_BUSY.
  const sqlite = new KeyvSqlite({ uri: `sqlite://${location}`, busyTimeout: 5_000 });
  const query = sqlite.query as SqlQuery;
  // Deleted records are overwritten with zeros, so `/checkin forget` leaves nothing in the file.
  await query('PRAGMA secure_delete = ON');
  // Records are small and read by key: a 1 MiB page cache (half SQLite's default) is plenty.
  await query('PRAGMA cache_size = -1024');
  return sqlite as unknown as KeyvStoreAdapter;
}

/** Loads an optional adapter by name, so Redis and PostgreSQL are installed only where used. */
async function optionalAdapter(pkg: string, url: string): Promise<KeyvStoreAdapter> {
  let mod: { default: new (url: string) => KeyvStoreAdapter };
  try {
    mod = (await import(pkg)) as typeof mod;
  } catch {
    throw new Error(`DATABASE_URL needs the ${pkg} package: run npm install ${pkg}`);
  }
  return new mod.default(url);
}

export async function openStore(databaseUrl: string, log?: Logger): Promise<Store> {
  const stats: StoreStats = { reads: 0, writes: 0 };
  let adapter: KeyvStoreAdapter;
  if (databaseUrl.startsWith('sqlite://')) {
    adapter = await sqliteAdapter(databaseUrl);
  } else if (/^rediss?:\/\//.test(databaseUrl)) {
    adapter = await optionalAdapter('@keyv/redis', databaseUrl);
  } else {
    adapter = await optionalAdapter('@keyv/postgres', databaseUrl);
  }

  // One adapter serves every namespace: its errors are logged once here. Each operation's own
  // failure is thrown to its caller (throwOnErrors), which logs it with what it was doing.
  (adapter as { on?: (event: string, listener: (error: unknown) => void) => void }).on?.('error', (error) => log?.error({ err: error }, 'store error'));
  const namespaces = new Map<string, Keyv>();
  const keyvFor = (namespace: string): Keyv => {
    let keyv = namespaces.get(namespace);
    if (!keyv) {
      keyv = new Keyv({ store: adapter, namespace, throwOnErrors: true, emitErrors: false });
      namespaces.set(namespace, keyv);
    }
    return keyv;
  };

  return {
    stats,
    collection: <S extends z.ZodType>(namespace: string, schema: S) =>
      new Collection<z.infer<S>>(keyvFor(namespace), schema as z.ZodType<z.infer<S>>, stats, namespace),
    async close() {
      await adapter.disconnect?.();
    },
  };
}
