import { join } from 'node:path';
import { postgresDatabase } from './postgres.js';
import { tempDir } from './temp.js';

/** The store engines the data tests run against; `url()` is a fresh, empty store for one test. */
export const engines = [
  { engine: 'SQLite', url: async () => `sqlite://${join(tempDir(), 'murshid.sqlite')}` },
  { engine: 'PostgreSQL', url: () => postgresDatabase() },
] as const;
