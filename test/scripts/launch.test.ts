import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { tempDir } from '../support/temp.js';

/**
 * `npm start` runs `scripts/launch.mjs`: it must run the build as it is when nothing changed, and
 * rebuild before running when a source did. A stand-in project whose "compiler" writes the entry
 * from the source keeps this fast: what runs shows which code the user got.
 */
function project(): { root: string; start: () => { stdout: string; status: number | null } } {
  const root = tempDir();
  mkdirSync(join(root, 'scripts'));
  cpSync(projectPath('scripts', 'launch.mjs'), join(root, 'scripts', 'launch.mjs'));
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'dist', 'src'), { recursive: true });
  mkdirSync(join(root, 'node_modules', 'typescript', 'bin'), { recursive: true });
  // The fake tsc "compiles" src/index.ts (one `console.log`) into dist/src/index.js and says so.
  writeFileSync(
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    `const fs = require('node:fs'); const path = require('node:path');
const root = path.dirname(process.argv[3]);
fs.writeFileSync(path.join(root, 'dist/src/index.js'), fs.readFileSync(path.join(root, 'src/index.ts'), 'utf8'));
fs.writeFileSync(path.join(root, 'dist/.tsbuildinfo'), '{}');
console.log('compiled');`,
  );
  writeFileSync(join(root, 'node_modules', 'typescript', 'package.json'), '{"type":"commonjs"}');
  writeFileSync(join(root, 'tsconfig.json'), '{}');
  writeFileSync(join(root, 'tsconfig.build.json'), '{}');
  const start = () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'launch.mjs'), 'dist/src/index.js', '--flag'], { cwd: root, encoding: 'utf8' });
    return { stdout: run.stdout.trim(), status: run.status };
  };
  return { root, start };
}

/** Sets a file's modification time `secondsAgo` in the past. */
const age = (file: string, secondsAgo: number) => {
  const at = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, at, at);
};

describe('npm start (scripts/launch.mjs)', () => {
  it('builds a checkout that was never built, then runs it with its arguments', () => {
    const { root, start } = project();
    writeFileSync(join(root, 'src', 'index.ts'), 'console.log("v1", process.argv.slice(2).join(" "));');
    expect(start()).toEqual({ stdout: 'compiled\nv1 --flag', status: 0 });
  });

  it('runs an unchanged build without compiling, and recompiles after a source change', () => {
    const { root, start } = project();
    const source = join(root, 'src', 'index.ts');
    writeFileSync(source, 'console.log("v1");');
    expect(start().stdout).toBe('compiled\nv1');
    for (const file of [join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json'), source]) age(file, 60);
    expect(start().stdout).toBe('v1');

    writeFileSync(source, 'console.log("v2");');
    expect(start().stdout).toBe('compiled\nv2');
    expect(start().stdout).toBe('v2');
  });

  it('recompiles when a tsconfig changed after the last build', () => {
    const { root, start } = project();
    const source = join(root, 'src', 'index.ts');
    writeFileSync(source, 'console.log("v1");');
    age(source, 60);
    age(join(root, 'tsconfig.json'), 60);
    start();
    writeFileSync(join(root, 'tsconfig.build.json'), '{ "compilerOptions": {} }');
    expect(start().stdout).toBe('compiled\nv1');
  });
});
