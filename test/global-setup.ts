import { execFileSync } from 'node:child_process';

/**
 * Tests that run the bot as a real process (start-up errors, kill -9 and restart) need the built
 * entry point; build it once for the whole run.
 */
export default function buildOnce(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
