import type { TestProject } from 'vitest/node';
import { startPostgres } from '../scripts/throwaway-postgres.js';

/** One throw-away PostgreSQL for the whole run; each test makes its own database on it (test/support/postgres.ts). */
export default async function postgres(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
