import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { openAdapter, type OpenedAdapter } from './store.js';

/**
 * Copies a whole store to another (`npm run migrate-store`), e.g. from SQLite to PostgreSQL.
 *
 * It copies the raw rows of the `keyv` table, key and serialized value verbatim, rather than going
 * through Keyv's iterators: those need every namespace named in advance (a namespace this version
 * no longer opens would be left behind), re-serialize each value, and @keyv/sqlite's pages by
 * OFFSET with no ORDER BY and matches the namespace with LIKE, so `_` in a name matches any
 * character. Rows are read in key order, a page at a time after the last key seen.
 */

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface NamespaceSummary {
  namespace: string;
  records: number;
}

const PAGE = 1_000;

/** A raw row of the `keyv` table: `<namespace>:<key>` and the value as Keyv serialized it. */
export type Row = { key: string; value: string };

/** Every row of a store's table, in key order, a page at a time. */
async function* rows(store: OpenedAdapter): AsyncGenerator<Row[]> {
  const select =
    store.dialect === 'sqlite'
      ? 'SELECT key, value FROM keyv WHERE key > ? ORDER BY key LIMIT ?'
      : 'SELECT key, value FROM keyv WHERE key > $1 ORDER BY key LIMIT $2';
  let after = '';
  for (;;) {
    const page = (await store.query(select, [after, PAGE])) as Row[];
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.key;
  }
}

/**
 * Writes rows into a store's table, one statement per page (also how `npm run bench` seeds its
 * stores). A plain INSERT, so a key already present fails loudly instead of being overwritten; one
 * statement is one transaction, so SQLite syncs the file once per page, not after every row.
 */
export async function insertRows(store: OpenedAdapter, page: readonly Row[]): Promise<void> {
  if (page.length === 0) return;
  if (store.dialect === 'postgres') {
    await store.query('INSERT INTO keyv (key, value) SELECT * FROM UNNEST($1::text[], $2::text[])', [page.map((r) => r.key), page.map((r) => r.value)]);
    return;
  }
  // Two parameters a row: a page of 1,000 stays far below SQLite's 32,766 parameters a statement.
  await store.query(`INSERT INTO keyv (key, value) VALUES ${page.map(() => '(?, ?)').join(', ')}`, page.flatMap((r) => [r.key, r.value]));
}

/** Keyv stores every key as `<namespace>:<key>`. */
const namespaceOf = (key: string): string => key.slice(0, Math.max(0, key.indexOf(':')));

interface Tally {
  records: number;
  /** Order-independent digest of the rows (the engines may sort keys differently): a sum of row hashes. */
  digest: bigint;
}

function tally(into: Map<string, Tally>, page: readonly Row[]): void {
  for (const { key, value } of page) {
    const entry = into.get(namespaceOf(key)) ?? { records: 0, digest: 0n };
    const hash = createHash('sha256').update(key).update('\0').update(value).digest();
    entry.records += 1;
    entry.digest = (entry.digest + hash.readBigUInt64BE(0)) % 2n ** 64n;
    into.set(namespaceOf(key), entry);
  }
}

async function countRows(store: OpenedAdapter): Promise<number> {
  const [row] = await store.query('SELECT count(*) AS n FROM keyv');
  return Number(row?.n ?? 0);
}

/**
 * Copies every record from `fromUrl` into the empty store at `toUrl`, then reads the target back
 * and checks that each namespace has the same records with the same contents.
 */
export async function migrateStore(fromUrl: string, toUrl: string): Promise<NamespaceSummary[]> {
  if (fromUrl === toUrl) throw new MigrationError('--from and --to are the same store');
  // Opening a SQLite path that does not exist would create an empty file and "copy" nothing.
  const sourceFile = fromUrl.startsWith('sqlite://') ? fromUrl.slice('sqlite://'.length) : undefined;
  if (sourceFile !== undefined && !existsSync(sourceFile)) throw new MigrationError(`--from: no such file ${sourceFile}`);

  const source = await openAdapter(fromUrl);
  try {
    const target = await openAdapter(toUrl);
    try {
      const present = await countRows(target);
      if (present > 0) throw new MigrationError(`the target already holds ${present} records; migrate-store only writes into an empty store`);

      const copied = new Map<string, Tally>();
      let written = 0;
      try {
        for await (const page of rows(source)) {
          await insertRows(target, page);
          tally(copied, page);
          written += page.length;
        }
      } catch (error) {
        throw new MigrationError(`copying stopped after ${written} records: ${(error as Error).message}. The source is unchanged; empty the target (DELETE FROM keyv) before running again`);
      }
      if (copied.size === 0) throw new MigrationError('the source holds no records: is --from right?');

      const found = new Map<string, Tally>();
      for await (const page of rows(target)) tally(found, page);
      const namespaces = [...new Set([...copied.keys(), ...found.keys()])].sort();
      const wrong = namespaces.filter((ns) => copied.get(ns)?.records !== found.get(ns)?.records || copied.get(ns)?.digest !== found.get(ns)?.digest);
      if (wrong.length > 0) {
        const detail = wrong.map((ns) => `${ns}: ${copied.get(ns)?.records ?? 0} copied, ${found.get(ns)?.records ?? 0} found`).join('; ');
        throw new MigrationError(`the target does not match the source (${detail})`);
      }
      return namespaces.map((namespace) => ({ namespace, records: copied.get(namespace)!.records }));
    } finally {
      await target.adapter.disconnect?.();
    }
  } finally {
    await source.adapter.disconnect?.();
  }
}
