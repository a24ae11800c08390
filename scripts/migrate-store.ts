import { parseArgs } from 'node:util';
import { migrateStore } from '../src/store/migrate.js';

/**
 * `npm run migrate-store -- --from sqlite://data/murshid.sqlite --to postgres://…`: copies every
 * record into an empty store and checks the copy, namespace by namespace. Stop the bot first:
 * what it writes during the copy would be left behind.
 */
const usage = 'usage: npm run migrate-store -- --from <DATABASE_URL> --to <DATABASE_URL>';
try {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
  if (!values.from || !values.to) throw new Error(usage);
  const summary = await migrateStore(values.from, values.to);
  for (const { namespace, records } of summary) console.log(`${namespace.padEnd(12)} ${records}`);
  const total = summary.reduce((sum, { records }) => sum + records, 0);
  console.log(`Copied and checked ${total} records in ${summary.length} namespaces.`);
} catch (error) {
  console.error(`migrate-store: ${(error as Error).message}`);
  process.exitCode = 1;
}
