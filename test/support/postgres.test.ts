import { describe, expect, it } from 'vitest';
import { postgresDatabase, queryDatabase } from './postgres.js';

describe('the test PostgreSQL', () => {
  it('gives each test a database of its own', async () => {
    const first = await postgresDatabase();
    const second = await postgresDatabase();
    await queryDatabase(first, 'CREATE TABLE marker (id int)');
    expect(await queryDatabase(first, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'marker'")).toEqual([{ n: 1 }]);
    expect(await queryDatabase(second, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'marker'")).toEqual([{ n: 0 }]);
  });
});
