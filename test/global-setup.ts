import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { projectPath } from '../src/paths.js';

/**
 * Tests that run the bot as a real process (start-up errors, kill -9 and restart) need the built
 * entry points; build them once for the whole run. Type errors are `npm run typecheck`'s to report
 * (it runs first in `npm test`); tsc still emits, so only a missing output stops the run here.
 */
export default function buildOnce(): void {
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: projectPath(), encoding: 'utf8' });
  for (const entry of ['dist/src/index.js', 'dist/scripts/deploy-commands.js']) {
    if (!existsSync(projectPath(entry))) throw new Error(`the build did not produce ${entry}:\n${build.stdout}${build.stderr}`);
  }
}
