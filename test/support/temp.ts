import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { projectPath } from '../../src/paths.js';

/** A fresh folder for one test's files (a SQLite database, a content copy), removed afterwards. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'murshid-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A throwaway copy of the project's `content/` folder, named `content` so that problems read
 * `content/<lang>/…` exactly as they do at start-up.
 */
export function contentCopy(): string {
  const dir = join(tempDir(), 'content');
  cpSync(projectPath('content'), dir, { recursive: true });
  return dir;
}
