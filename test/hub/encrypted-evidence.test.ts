// Issue 17, slice 3 at the hub, against a real PostgreSQL: the hub checks each blob by the sha256 of the clear
// file and keeps no key, so a protected laptop's push refuses, before the batch that would carry it is sent,
// an evidence file encrypted with the data key (hub-encrypted-evidence, exit 2): the hub gets no ciphertext
// it would misread, and holds neither the file nor the batch's events.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cleanup, laptop, scratch, type Laptop } from '../team/laptops.js';

let server: TestPostgres;
let db: string;
let admin: string;
let member: Laptop;

beforeAll(async () => {
  server = await startPostgres();
  db = await server.createDatabase('sealedblobs');
  admin = server.url(db);
  const office = laptop('督查办');
  await office.ok('hub', 'init', admin);
  member = laptop('王五');
  member.env.DUCHA_PASSPHRASE = '成员的口令 one';
  member.env.XDG_RUNTIME_DIR = scratch('ducha-run-');
  await office.ok('hub', 'trust', await member.ok('team', 'key'), '--name', '王五', '--hub', admin);
}, 120_000);

afterAll(async () => {
  cleanup();
  await server?.stop();
});

describe('push of a protected database', () => {
  it('refuses an encrypted evidence file before sending it: the hub holds neither it nor the batch', async () => {
    const id = await member.ok(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某县委政法委',
      '--unit-kind',
      'plac',
      '--team',
      '王五',
      '--start',
      '2026-11-20',
    );
    await member.ok('protect');
    const file = join(member.home, '登记簿.bin');
    const bytes = Buffer.from('登记簿原件扫描的明文'.repeat(1000), 'utf8');
    writeFileSync(file, bytes);
    await member.ok('record', id, 'QS-01', '--method', 'check', '--note', '抽查登记簿', '--evidence', file);
    const r = await member.run('push', '--hub', admin, '--json');
    expect(r.code, r.stderr).toBe(2);
    expect(JSON.parse(r.stdout).problems[0].code).toBe('hub-encrypted-evidence');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const blobs = await server.sql<{ n: string }>('SELECT count(*) AS n FROM ducha.blobs WHERE sha256 = $1', [sha], db);
    expect(Number(blobs[0]!.n)).toBe(0);
    const records = await server.sql<{ n: string }>(
      "SELECT count(*) AS n FROM ducha.events WHERE type = 'record.added'",
      [],
      db,
    );
    expect(Number(records[0]!.n)).toBe(0);
  });
});
