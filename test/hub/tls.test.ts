// TLS to the hub, against a real PostgreSQL with ssl on: a CA and a server certificate made here with the
// openssl command; sslmode=verify-full with sslrootcert connects encrypted, without the CA it is refused
// with a hint, and sslmode=disable connects in clear — sslmode means what it means to libpq.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cleanup, laptop } from '../team/laptops.js';
import { connectHub } from '../../src/hub/connect.js';

let server: TestPostgres;
let ca: string;
let db: string;

function certificates(dir: string): { cert: string; key: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ca = join(dir, 'ca.crt');
  run(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=ducha test CA',
  );
  run(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  );
  const ext = join(dir, 'san.ext');
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1\\n' > ${ext}`]);
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    ext,
  );
  return { cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
}

beforeAll(async () => {
  server = await startPostgres({ tls: certificates });
  db = await server.createDatabase('tls');
});

afterAll(async () => {
  cleanup();
  await server?.stop();
});

const withMode = (query: string) => `${server.url(db)}?${query}`;

it('verify-full with the CA connects encrypted; hub init works through it', async () => {
  const url = withMode(`sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`);
  const client = await connectHub(url);
  try {
    const [row] = (await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'))
      .rows;
    expect(row!.ssl).toBe(true);
  } finally {
    await client.end();
  }
  const office = laptop('督查办');
  await office.ok('hub', 'init', url);
  expect(await office.ok('hub', 'list', '--hub', url)).toBeDefined();
});

it('verify-full without the CA is refused, with a hint about sslrootcert; the password is never shown', async () => {
  const r = await laptop('督查办').run('hub', 'list', '--hub', withMode('sslmode=verify-full'));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('无法连接汇总库');
  expect(r.stderr).toContain('sslrootcert');
  expect(r.stderr).not.toContain('ducha-test');
});

it('sslmode=disable connects in clear', async () => {
  const client = await connectHub(withMode('sslmode=disable'));
  try {
    const [row] = (await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'))
      .rows;
    expect(row!.ssl).toBe(false);
  } finally {
    await client.end();
  }
});
