/**
 * The tests' PostgreSQL: one throw-away cluster per vitest run (started by test/global-postgres.ts
 * with scripts/throwaway-postgres.ts), one fresh database per test.
 */
import { randomBytes } from 'node:crypto';
import { inject, onTestFinished } from 'vitest';
import { databaseUrlFor, queryDatabase } from '../../scripts/throwaway-postgres.js';

export { queryDatabase };

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster's maintenance database (`postgres`), as a postgres:// URL. */
    postgresUrl: string;
  }
}

/** A fresh, empty database for one test (dropped afterwards, even if connections remain). */
export async function postgresDatabase(): Promise<string> {
  const name = `murshid_test_${randomBytes(6).toString('hex')}`;
  await queryDatabase(inject('postgresUrl'), `CREATE DATABASE ${name}`);
  onTestFinished(() => queryDatabase(inject('postgresUrl'), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined));
  return databaseUrlFor(inject('postgresUrl'), name);
}
