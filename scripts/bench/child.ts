import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectPath } from '../../src/paths.js';

export type BotKind = 'murshid' | 'bare';

export const ENTRY: Record<BotKind, string> = {
  // BENCH_MURSHID_ENTRY: another build of the entry point (e.g. a copy of dist with a fix to try).
  murshid: process.env.BENCH_MURSHID_ENTRY ? resolve(process.env.BENCH_MURSHID_ENTRY) : projectPath('dist', 'src', 'index.js'),
  bare: projectPath('dist', 'scripts', 'bench', 'bare-bot.js'),
};
const PROBE = pathToFileURL(projectPath('dist', 'scripts', 'bench', 'gc-probe.js')).href;

export interface BotProcess {
  kind: BotKind;
  child: ChildProcess;
  /** performance.now() right before `spawn`. */
  spawnedAt: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Forces a full GC in the child (needs `probe`) and returns its memory usage. */
  gc(): Promise<NodeJS.MemoryUsage>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines the child wrote (stdout and stderr), for diagnostics. */
  tail(): string;
  /** Every stdout line so far (Murshid logs JSON lines there). */
  lines(): string[];
}

/**
 * Where `npm start` runs for each client: Murshid's own checkout, and for the bare client a folder
 * whose package.json's start script is `node <its file>`, the baseline SPEC.md names.
 */
function npmStartDir(kind: BotKind): string {
  if (kind === 'murshid') return projectPath();
  const dir = mkdtempSync(join(tmpdir(), 'murshid-bench-bare-'));
  const pkg = { name: 'bare-bot', private: true, type: 'module', scripts: { start: `node ${JSON.stringify(ENTRY.bare)}` } };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  return dir;
}

/** How to kill each running client, should the bench itself exit early. */
const alive = new Map<ChildProcess, () => void>();
process.on('exit', () => {
  for (const kill of alive.values()) kill();
});

/**
 * Runs one bot as its own process: `node <entry>`, or with `probe`,
 * `node --expose-gc --import gc-probe.js <entry>` with an IPC channel for the GC probe.
 */
export function spawnBot(
  kind: BotKind,
  env: Record<string, string>,
  options: { probe: boolean; cwd: string; nodeFlags?: string[]; npmStart?: boolean },
): BotProcess {
  const args = [...(options.nodeFlags ?? []), ...(options.probe ? ['--expose-gc', '--import', PROBE] : []), ENTRY[kind]];
  const npm = options.npmStart ? npmStartDir(kind) : undefined;
  const spawnedAt = performance.now();
  const child = spawn(npm ? 'npm' : process.execPath, npm ? ['start', '--silent'] : args, {
    cwd: npm ?? options.cwd,
    // npm runs the bot as its grandchild: a process group of their own lets a signal reach it.
    detached: npm !== undefined,
    // BENCH_CHILD_ENV: extra variables (JSON) for experiments with a patched build.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env, ...(process.env.BENCH_CHILD_ENV ? (JSON.parse(process.env.BENCH_CHILD_ENV) as Record<string, string>) : {}) },
    stdio: options.probe ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  const signal = (name: NodeJS.Signals) => {
    // npm does not pass signals on to the script it runs: signal the whole group.
    if (!npm || child.pid === undefined) child.kill(name);
    else {
      try {
        process.kill(-child.pid, name);
      } catch {
        // The group is gone already.
      }
    }
  };
  alive.set(child, () => signal('SIGKILL'));
  const out: string[] = [];
  const tail: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null, keep: boolean) => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        if (keep) out.push(line);
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    });
  };
  collect(child.stdout, true);
  collect(child.stderr, false);
  const exited = once(child, 'exit').then(([code, signal]) => {
    alive.delete(child);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });

  let nextId = 0;
  const gc = (): Promise<NodeJS.MemoryUsage> => {
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        reject(new Error(`${kind}: no GC probe answer within 15 s`));
      }, 15_000);
      const onMessage = (message: { type?: string; id?: number; usage?: NodeJS.MemoryUsage; error?: string }) => {
        if (message?.type !== 'gc-result' || message.id !== id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        if (message.usage) resolve(message.usage);
        else reject(new Error(`${kind}: ${message.error ?? 'GC probe failed'}`));
      };
      child.on('message', onMessage);
      child.send({ type: 'gc', id });
    });
  };

  const stop = async (graceMs = 5_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return { kind, child, spawnedAt, exited, gc, stop, tail: () => tail.join('\n'), lines: () => out };
}
