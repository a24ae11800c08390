import { runPreview } from '../src/preview/cli.js';

/**
 * `npm run preview -- <command> [subcommand] [options]`: prints what Murshid would reply, with the
 * counts against Discord's limits, without connecting to Discord or opening the database.
 * `npm run preview -- --help` lists the commands.
 */
const result = runPreview(process.argv.slice(2), {
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  now: Date.now(),
});
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.code;
