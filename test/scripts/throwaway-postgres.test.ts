import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { findPostgresBin, queryDatabase, startPostgres } from '../../scripts/throwaway-postgres.js';
import { tempDir } from '../support/temp.js';

describe('findPostgresBin', () => {
  const install = (root: string, version: string, tools: string[]) => {
    mkdirSync(join(root, version, 'bin'), { recursive: true });
    for (const tool of tools) writeFileSync(join(root, version, 'bin', tool), '');
  };

  it('picks the newest installed server by version number, skipping client-only versions', () => {
    const root = tempDir();
    install(root, '9', ['initdb']);
    install(root, '15', ['initdb']);
    install(root, '16', ['psql']);
    expect(findPostgresBin(root)).toBe(join(root, '15', 'bin'));
  });

  it('finds nothing where PostgreSQL is not installed (the bench then skips its PostgreSQL column)', () => {
    expect(findPostgresBin(join(tempDir(), 'no-such-folder'))).toBeUndefined();
    const root = tempDir();
    install(root, '15', ['psql']);
    expect(findPostgresBin(root)).toBeUndefined();
  });
});

describe('startPostgres', () => {
  it('trades durability for speed for the tests, and keeps it for the bench', async () => {
    const setting = async (url: string) => (await queryDatabase<{ fsync: string }>(url, 'SHOW fsync'))[0]?.fsync;
    expect(await setting(inject('postgresUrl'))).toBe('off');

    const durable = await startPostgres({ durable: true });
    try {
      expect(await setting(durable.url)).toBe('on');
      expect((await queryDatabase<{ synchronous_commit: string }>(durable.url, 'SHOW synchronous_commit'))[0]?.synchronous_commit).toBe('on');
      expect(durable.version).toMatch(/^postgres \(PostgreSQL\) \d+/);
    } finally {
      await durable.stop();
    }
    // Stopped means stopped: nothing answers there any more.
    await expect(queryDatabase(durable.url, 'SELECT 1')).rejects.toThrow();
  }, 60_000);
});
