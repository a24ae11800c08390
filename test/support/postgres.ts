/**
 * A throw-away PostgreSQL for the tests: one cluster per vitest run (started by
 * test/global-postgres.ts), one fresh database per test.
 *
 * The cluster lives in a temp folder, listens on a free loopback port only (no unix socket), and
 * trusts local connections; it is stopped and removed when the run ends. It uses the Debian
 * `postgresql-15` package's initdb/pg_ctl (`.ci/run` installs it when missing). initdb refuses to
 * run as root, so under root (CI) the server runs as the `postgres` user.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster's maintenance database (`postgres`), as a postgres:// URL. */
    postgresUrl: string;
  }
}

/** The folder with initdb and pg_ctl: Debian keeps them in /usr/lib/postgresql/<version>/bin. */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions[0]) return join(root, versions[0], 'bin');
  throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql-15, or run .ci/run');
}

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
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
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
  const run = (tool: string, args: string[]) => {
    const result = spawnSync(...command(tool, args), { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
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
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    // Durability is pointless for a database thrown away after the run; speed is not.
    const settings = ["listen_addresses = '127.0.0.1'", "unix_socket_directories = ''", 'fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'max_connections = 300'];
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
      if (await ready(url, child)) return { url, stop };
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

/** Runs `sql` on the test server's maintenance database. */
async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database for one test (dropped afterwards, even if connections remain). */
export async function postgresDatabase(): Promise<string> {
  const name = `murshid_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  onTestFinished(() => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined));
  return databaseUrlFor(inject('postgresUrl'), name);
}

/** Runs one query against a database directly (to check what is really stored). */
export async function queryDatabase<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
