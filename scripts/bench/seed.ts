import KeyvSqlite from '@keyv/sqlite';

/**
 * Writes records straight into a Keyv SQLite file in one transaction: Keyv's own format (table
 * `keyv`, key `<namespace>:<key>`, value `{"value": <record>}` as Keyv 5 writes it without a TTL).
 * One Keyv `set` per record would be its own transaction (and fsync); 100,000 of them take minutes.
 * Callers validate records with the project's schemas first and read some back through the
 * project's repositories afterwards.
 */
export async function writeRecords(databaseFile: string, entries: Iterable<readonly [namespace: string, key: string, value: unknown]>): Promise<number> {
  const sqlite = new KeyvSqlite({ uri: `sqlite://${databaseFile}` });
  const query = sqlite.query as (sql: string, ...params: unknown[]) => Promise<unknown[]>;
  const ROWS = 1_000;
  let rows: string[] = [];
  let written = 0;
  const flush = async () => {
    if (rows.length === 0) return;
    const placeholders = Array.from({ length: rows.length / 2 }, () => '(?, ?)').join(', ');
    await query(`INSERT OR REPLACE INTO keyv (key, value) VALUES ${placeholders}`, rows);
    written += rows.length / 2;
    rows = [];
  };
  try {
    await query('PRAGMA synchronous = OFF');
    await query('BEGIN');
    for (const [namespace, key, value] of entries) {
      rows.push(`${namespace}:${key}`, JSON.stringify({ value }));
      if (rows.length >= ROWS * 2) await flush();
    }
    await flush();
    await query('COMMIT');
  } finally {
    await sqlite.disconnect();
  }
  return written;
}
