import { insertRows, type Row } from '../../src/store/migrate.js';
import { openAdapter } from '../../src/store/store.js';

/**
 * Writes records straight into a store's `keyv` table, a thousand rows a statement or transaction
 * (the way `npm run migrate-store` copies), in Keyv's own format: key `<namespace>:<key>`, value
 * `{"value": <record>}` as Keyv 5 writes it without a TTL. One Keyv `set` per record would be its
 * own transaction (and fsync); 100,000 of them take minutes. Callers validate records with the
 * project's schemas first and read some back through the project's repositories afterwards.
 */
export async function writeRecords(databaseUrl: string, entries: Iterable<readonly [namespace: string, key: string, value: unknown]>): Promise<number> {
  const store = await openAdapter(databaseUrl);
  const PAGE = 1_000;
  let page: Row[] = [];
  let written = 0;
  try {
    for (const [namespace, key, value] of entries) {
      page.push({ key: `${namespace}:${key}`, value: JSON.stringify({ value }) });
      if (page.length >= PAGE) {
        await insertRows(store, page);
        written += page.length;
        page = [];
      }
    }
    if (page.length > 0) await insertRows(store, page);
    return written + page.length;
  } finally {
    await store.adapter.disconnect?.();
  }
}
