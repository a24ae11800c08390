/**
 * A throw-away PostgreSQL cluster on loopback, for the tests (test/global-postgres.ts) and the
 * bench (scripts/bench.ts). It lives under scripts/ because the bench runs from the build
 * (tsconfig.build.json compiles src, commands and scripts).
 *
 * The cluster lives in a temp folder, listens on a free loopback port only (no unix socket), and
 * trusts local connections; it is stopped and removed by `stop()`. It uses the Debian
 * `postgresql-15` package's initdb/pg_ctl (`.ci/run` installs it when missing). initdb refuses to
 * run as root, so under root (CI) the server runs as the `postgres` user.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The folder with initdb and pg_ctl, newest version first (Debian keeps them in
 * /usr/lib/postgresql/<version>/bin), or undefined when PostgreSQL is not installed.
 */
export function findPostgresBin(root = '/usr/lib/postgresql'): string | undefined {
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

export const NOT_INSTALLED = 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql-15, or run .ci/run';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresServer {
  /** URL of the maintenance database `postgres`. */
  url: string;
  /** The server's version, as `postgres --version` prints it. */
  version: string;
  /** The process this module spawned: the postmaster, or `runuser` around it under root. */
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * Keep PostgreSQL's durability settings (fsync and synchronous commit on), as a real server runs:
   * the bench measures with them. By default they are off: the tests' data is thrown away anyway.
   */
  durable?: boolean;
}

export async function startPostgres(options: StartOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(NOT_INSTALLED);
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'murshid-pg-'));
  const data = join(dir, 'data');
  // Root may not run initdb; the postgres user needs the folder to be its own.
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const run = (tool: string, args: string[]): string => {
    const result = spawnSync(...command(tool, args), { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
    return result.stdout;
  };

  let server: ChildProcess | undefined;
  const stop = async () => {
    try {
      if (server && server.exitCode === null && server.signalCode === null) {
        const exited = once(server, 'exit');
        run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
        await exited;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    const version = run('postgres', ['--version']).trim();
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const settings = ["listen_addresses = '127.0.0.1'", "unix_socket_directories = ''", 'max_connections = 300'];
    // Durability is pointless for a database thrown away after the test run; speed is not.
    if (!options.durable) settings.push('fsync = off', 'synchronous_commit = off', 'full_page_writes = off');
    appendFileSync(join(data, 'postgresql.conf'), `\n${settings.join('\n')}\n`);
    // The server runs as this process's child (not daemonised by pg_ctl), so it is reaped when it stops.
    // A port found free may be taken before the server binds it: then try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      let log = '';
      const child = spawn(...command('postgres', ['-D', data, '-p', String(port)]), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      server = child;
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      if (await ready(url, child)) return { url, version, pid: child.pid!, stop };
      if (attempt >= 3) throw new Error(`PostgreSQL did not start:\n${log}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits until the server accepts connections; false if it exited first. */
async function ready(url: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return false;
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** The URL of `name` on the same server as `url`. */
export function databaseUrlFor(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Runs one query against a database directly (to check what is really stored, or to create a database). */
export async function queryDatabase<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
