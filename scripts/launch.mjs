/**
 * `npm start`, `npm run start:sharded`: `node scripts/launch.mjs <built entry>`.
 *
 * Runs the built entry point in this same process, compiling first only when a TypeScript source
 * (or a tsconfig) is newer than the last build. Plain JavaScript because it has to run before
 * anything is compiled; a restart of an unchanged checkout costs a few dozen `stat` calls instead
 * of loading the TypeScript compiler (about 2.5 s). `npm ci` builds through the `prepare` script.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Written by every build (tsconfig.build.json's tsBuildInfoFile); its time is "last built".
const stamp = join(root, 'dist', '.tsbuildinfo');
// What tsconfig.build.json compiles (the bench also pulls in test/fake-discord).
const SOURCE_DIRS = ['src', 'commands', 'scripts', 'test/fake-discord'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
};

/** True when a source or config changed after the last build, or there is no build. */
function stale() {
  const built = mtime(stamp);
  if (built === undefined) return true;
  if (CONFIGS.some((file) => (mtime(join(root, file)) ?? 0) > built)) return true;
  const newer = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() ? newer(path) : entry.name.endsWith('.ts') && (mtime(path) ?? 0) > built) return true;
    }
    return false;
  };
  return SOURCE_DIRS.some((dir) => newer(join(root, dir)));
}

const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node scripts/launch.mjs <built entry, e.g. dist/src/index.js>\n');
  process.exit(2);
}

if (stale()) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // An incremental build that found nothing to emit leaves the stamp alone: touch it, or a source
  // saved without changes would cost a build at every start.
  const now = new Date();
  utimesSync(stamp, now, now);
}

// The entry sees the arguments after its own path, as with `node <entry> …`.
process.argv.splice(1, 2, join(root, entry));
await import(pathToFileURL(join(root, entry)).href);
