import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import type { z } from 'zod';
import type { Logger } from '../log.js';

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

/** Raised when a stored value no longer matches its schema: named, never silently dropped. */
export class StoredRecordError extends Error {
  override name = 'StoredRecordError';
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

  /** One store read for many keys (a single SQL statement on SQLite). */
  async getMany(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    this.stats.reads += 1;
    const values: unknown[] = await this.keyv.get([...keys]);
    return values.map((value, index) => this.parse(keys[index]!, value));
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
      throw new StoredRecordError(`${this.namespace}:${key} does not match its schema: ${parsed.error.issues[0]?.message}`);
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

  const namespaces = new Map<string, Keyv>();
  const keyvFor = (namespace: string): Keyv => {
    let keyv = namespaces.get(namespace);
    if (!keyv) {
      keyv = new Keyv({ store: adapter, namespace, throwOnErrors: true });
      keyv.on('error', (error: unknown) => log?.error({ err: error, namespace }, 'store error'));
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
