import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import KeyvPostgres from '@keyv/postgres';
import KeyvSqlite from '@keyv/sqlite';
import pg from 'pg';
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

/** A raw SQL query on the store's own table (`keyv`): `?` placeholders on SQLite, `$1` on PostgreSQL. */
export type SqlQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** The adapter under a store, with raw SQL for operator tools (scripts/migrate-store.ts). */
export interface OpenedAdapter {
  adapter: KeyvStoreAdapter;
  dialect: 'sqlite' | 'postgres';
  query: SqlQuery;
}

async function sqliteAdapter(url: string): Promise<OpenedAdapter> {
  const location = url.replace(/^sqlite:\/\//, '');
  if (location !== ':memory:') mkdirSync(dirname(isAbsolute(location) ? location : resolve(location)), { recursive: true });
  // busyTimeout: another process holding the file waits this long before SQLITE_BUSY.
  const sqlite = new KeyvSqlite({ uri: `sqlite://${location}`, busyTimeout: 5_000 });
  const query: SqlQuery = (sql, params = []) => sqlite.query(sql, params) as Promise<Record<string, unknown>[]>;
  // Deleted records are overwritten with zeros, so `/checkin forget` leaves nothing in the file.
  await query('PRAGMA secure_delete = ON');
  // Records are small and read by key: a 1 MiB page cache (half SQLite's default) is plenty.
  await query('PRAGMA cache_size = -1024');
  return { adapter: sqlite as unknown as KeyvStoreAdapter, dialect: 'sqlite', query };
}

const pools = new WeakMap<KeyvPostgres, pg.Pool>();

/**
 * @keyv/postgres keeps one pg.Pool per process: opening another URL replaces it without closing it,
 * and close() ends whichever pool is current, so two stores in one process (the migration, the
 * tests) would close each other's. Each store gets a pool of its own here.
 */
class OwnPoolPostgres extends KeyvPostgres {
  constructor(url: string, onPoolError: (error: Error) => void) {
    super({ uri: url });
    // A dropped idle connection (database restart, network) is an 'error' event on the pool; left
    // unheard it would crash the process. The pool replaces the connection on the next query.
    pools.get(this)!.on('error', onPoolError);
  }

  // Called by the base constructor, before this class's own fields exist: hence the WeakMap.
  override async connect() {
    const pool = new pg.Pool({ connectionString: this.opts.uri });
    pools.set(this, pool);
    return async (sql: string, values?: unknown[]) => (await pool.query(sql, values)).rows;
  }

  override async disconnect() {
    await pools.get(this)?.end();
  }
}

async function postgresAdapter(url: string, log?: Logger): Promise<OpenedAdapter> {
  const postgres = new OwnPoolPostgres(url, (error) => log?.warn({ err: error }, 'database connection lost; reconnecting on next use'));
  // The table is created in the background and a failure is only emitted: catch it here, so a
  // wrong URL or password stops start-up with the database's own message.
  let failure: unknown;
  const onError = (error: unknown) => (failure ??= error);
  postgres.on('error', onError);
  const query: SqlQuery = (sql, params) => postgres.query(sql, params);
  try {
    await query('SELECT 1 FROM keyv LIMIT 1');
  } catch (error) {
    await postgres.disconnect();
    throw failure ?? error;
  } finally {
    postgres.off('error', onError);
  }
  return { adapter: postgres as unknown as KeyvStoreAdapter, dialect: 'postgres', query };
}

/** Opens the adapter a DATABASE_URL names (its table created if missing). */
export async function openAdapter(databaseUrl: string, log?: Logger): Promise<OpenedAdapter> {
  if (databaseUrl.startsWith('sqlite://')) return sqliteAdapter(databaseUrl);
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return postgresAdapter(databaseUrl, log);
  throw new Error('DATABASE_URL must start with sqlite:// or postgres://');
}

export async function openStore(databaseUrl: string, log?: Logger): Promise<Store> {
  const stats: StoreStats = { reads: 0, writes: 0 };
  const { adapter } = await openAdapter(databaseUrl, log);

  // One adapter serves every namespace: its errors are logged once here. Each operation's own
  // failure is thrown to its caller (throwOnErrors), which logs it with what it was doing.
  (adapter as { on?: (event: string, listener: (error: unknown) => void) => void }).on?.('error', (error) => log?.error({ err: error }, 'store error'));
  // Each namespace's Keyv listens for the shared adapter's errors too: one listener per namespace.
  (adapter as { setMaxListeners?: (count: number) => void }).setMaxListeners?.(64);
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
