// Issue 18 with issue 17's encrypted evidence, against a real PostgreSQL: a protected laptop pushes an evidence
// file sealed with its data key as it is stored — the hub keeps the sealed chunks with their key id, stored
// size and SHA-256, holds no byte of the clear file, and `hub verify` checks the stored chunks (a tampered one
// is found); a laptop that holds the key (given by a sealed bundle) pulls the file and `evidence get` gives the
// exact bytes; a laptop without it keeps the file unverified and is refused reading it; the same file pushed in
// clear by another laptop replaces the sealed copy (a sealed copy never replaces a clear one), and a protected
// laptop pulling it seals it with its own key; `hub import` of an --unencrypted bundle takes the sealed chunks
// too; a hub made before migration 2 is refused until `hub init` upgrades it; and a push interrupted once the
// sealed file is in, run again, stores it once.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cleanup, laptop, scratch, protect, type Laptop } from '../team/laptops.js';
import { allRows } from './hub-rows.js';
import { openStore } from '../../src/store/open.js';
import { connectHub } from '../../src/hub/connect.js';
import { pushToHub } from '../../src/hub/push.js';

let server: TestPostgres;
let db: string;
let admin: string;
let submit: string;
let office: Laptop;
let member: Laptop;
let lead: Laptop;
let third: Laptop;
let memberKey: string;
let id: string;
let early: { sealed: string; clear: string };
let file: { path: string; bytes: Buffer; sha256: string };

const PASS = { member: '成员的口令 one', lead: '组长的口令 two' };

function device(name: string, passphrase?: string): Laptop {
  const l = laptop(name);
  if (passphrase !== undefined) l.env.DUCHA_PASSPHRASE = passphrase;
  l.env.XDG_RUNTIME_DIR = scratch('ducha-run-');
  return l;
}

/** A file of about 1.5 MB (two chunks) whose every line differs, so any 64 bytes of it are distinctive. */
function evidenceFile(dir: string): { path: string; bytes: Buffer; sha256: string } {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < 1.5 * 2 ** 20; i++) {
    const line = `明文证据第${i}行：登记簿抽查原件扫描\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  const bytes = Buffer.from(lines.join(''), 'utf8');
  const path = join(dir, '登记簿.txt');
  writeFileSync(path, bytes);
  return { path, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const hubText = (database: string) => allRows(server, database);

/** Slices of the clear file (64 bytes: at its start, in its second chunk, at its end), as text and as bytea hex. */
function clearSlices(bytes: Buffer): string[] {
  return [0, 2 ** 20 + 7, bytes.length - 64].flatMap((o) => {
    const slice = bytes.subarray(o, o + 64);
    return [slice.toString('hex'), slice.toString('utf8').slice(2, 12)];
  });
}

interface HubBlob {
  size: string;
  key_id: string | null;
  stored_size: string | null;
  stored_sha256: string | null;
  data: Buffer;
}

async function hubBlob(database: string, sha256: string): Promise<HubBlob | undefined> {
  return (
    await server.sql<HubBlob>(
      `SELECT b.size, b.key_id, b.stored_size, b.stored_sha256, (SELECT string_agg(k.data, ''::bytea ORDER BY k.n) FROM ducha.blob_chunks k WHERE k.sha256 = b.sha256) AS data
       FROM ducha.blobs b WHERE b.sha256 = $1`,
      [sha256],
      database,
    )
  )[0];
}

/** The laptop's row of the file and its chunks as stored. */
function localBlob(
  l: Laptop,
  sha256: string,
): { keyId: string | null; storedSize: number | null; storedSha256: string | null; data: Buffer } {
  const sqlite = new Database(l.db, { readonly: true });
  try {
    const row = sqlite
      .prepare(
        'SELECT key_id AS keyId, stored_size AS storedSize, stored_sha256 AS storedSha256 FROM blobs WHERE sha256 = ?',
      )
      .get(sha256) as { keyId: string | null; storedSize: number | null; storedSha256: string | null };
    const chunks = sqlite.prepare('SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY n').all(sha256) as Array<{
      data: Buffer;
    }>;
    return { ...row, data: Buffer.concat(chunks.map((c) => c.data)) };
  } finally {
    sqlite.close();
  }
}

beforeAll(async () => {
  server = await startPostgres();
  db = await server.createDatabase('sealedblobs');
  admin = server.url(db);
  office = laptop('督查办');
  await office.ok('hub', 'init', admin);
  await server.sql(`CREATE ROLE sealed_laptops LOGIN PASSWORD 'laptop-pw' IN ROLE ${db}_submit`);
  submit = server.url(db, 'sealed_laptops', 'laptop-pw');
  member = device('张三', PASS.member);
  lead = device('组长', PASS.lead);
  third = device('王五');
  memberKey = await member.ok('team', 'key');
  const leadKey = await lead.ok('team', 'key');
  await member.ok('team', 'trust', leadKey, '--name', '组长');
  await lead.ok('team', 'trust', memberKey, '--name', '张三');
  await third.ok('team', 'trust', memberKey, '--name', '张三');
  await office.ok('hub', 'trust', memberKey, '--name', '张三', '--hub', admin);
  id = await member.ok(
    'inspection',
    'new',
    '--checklist',
    'qingshi-baogao',
    '--unit',
    '某县委政法委',
    '--unit-kind',
    'plac',
    '--team',
    '张三',
    '--start',
    '2026-11-20',
  );
  await protect(member);
  // Bundles of the inspection before its evidence: sealed to the lead (it brings the member's data key), and
  // --unencrypted (it brings none).
  const dir = scratch();
  early = { sealed: join(dir, 'sealed.ducha'), clear: join(dir, 'clear.ducha') };
  await member.ok('export', id, '-o', early.sealed, '--to', '组长');
  await member.ok('export', id, '-o', early.clear, '--unencrypted');
  file = evidenceFile(member.home);
  await member.ok('record', id, 'QS-01', '--method', 'check', '--note', '抽查登记簿', '--evidence', file.path);
}, 120_000);

afterAll(async () => {
  cleanup();
  await server?.stop();
});

describe("a protected laptop's encrypted evidence on the hub", () => {
  it('is pushed and kept as it is stored: sealed chunks with their key id, no byte of the clear file', async () => {
    const local = localBlob(member, file.sha256);
    expect(local.keyId).toMatch(/^[0-9a-f]{32}$/);
    const pushed = await member.json('push', '--hub', submit);
    expect(pushed.blobs).toBe(2); // the checklist snapshot (clear) and the evidence file (sealed)
    const decisions = await office.json('hub', 'accept', '--hub', admin);
    expect(decisions.map((d: { status: string }) => d.status)).toEqual(['accepted']);

    const held = (await hubBlob(db, file.sha256))!;
    expect(Number(held.size)).toBe(file.bytes.length);
    expect(held.key_id).toBe(local.keyId);
    expect(Number(held.stored_size)).toBe(local.storedSize);
    expect(held.stored_sha256).toBe(local.storedSha256);
    expect(held.data.equals(local.data)).toBe(true);
    const text = await hubText(db);
    expect(text).toContain(file.sha256);
    for (const s of clearSlices(file.bytes)) expect(text.includes(s), s).toBe(false);

    const verified = await office.run('hub', 'verify', '--hub', admin, '--json');
    expect(verified.code, verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout).data.blobs).toBeGreaterThanOrEqual(1);
    // Pushed again: nothing more to send.
    const again = await member.json('push', '--hub', submit);
    expect([again.events, again.blobs]).toEqual([0, 0]);
  });

  it('hub verify finds a stored chunk altered on the hub', async () => {
    const [chunk] = await server.sql<{ data: Buffer }>(
      'SELECT data FROM ducha.blob_chunks WHERE sha256 = $1 AND n = 1',
      [file.sha256],
      db,
    );
    const altered = Buffer.from(chunk!.data);
    altered[40] = altered[40]! ^ 1;
    await server.sql('UPDATE ducha.blob_chunks SET data = $2 WHERE sha256 = $1 AND n = 1', [file.sha256, altered], db);
    const r = await office.run('hub', 'verify', '--hub', admin, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).data.problems).toEqual([{ kind: 'blob', detail: file.sha256 }]);
    await server.sql(
      'UPDATE ducha.blob_chunks SET data = $2 WHERE sha256 = $1 AND n = 1',
      [file.sha256, chunk!.data],
      db,
    );
    expect((await office.run('hub', 'verify', '--hub', admin)).code).toBe(0);
  });

  it('a laptop given the key by a sealed bundle pulls the file, stored sealed, and evidence get opens it', async () => {
    await protect(lead);
    await lead.ok('import', early.sealed);
    const pulled = await lead.json('pull', '--hub', submit);
    expect([pulled.newBlobs, pulled.unverifiedBlobs]).toEqual([1, 0]);
    const local = localBlob(lead, file.sha256);
    expect(local.keyId).toBe(localBlob(member, file.sha256).keyId);
    const out = join(lead.home, 'got.txt');
    await lead.ok('evidence', 'get', file.sha256.slice(0, 12), '-o', out);
    expect(readFileSync(out).equals(file.bytes)).toBe(true);
    expect((await lead.json('verify')).blobsUnchecked).toBeUndefined();
  });

  it('a laptop without the key keeps the file as it came, unverified, and cannot read it', async () => {
    await third.ok('import', early.clear);
    const pulled = await third.json('pull', '--hub', submit);
    expect([pulled.newBlobs, pulled.unverifiedBlobs]).toEqual([1, 1]);
    expect(await third.ok('pull', '--hub', submit)).not.toContain('未核对'); // nothing new the second time
    expect(localBlob(third, file.sha256).keyId).toBe(localBlob(member, file.sha256).keyId);
    const r = await third.run('evidence', 'get', file.sha256.slice(0, 12), '-o', join(third.home, 'x.txt'), '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).problems[0].code).toBe('data-key-unknown');
    expect((await third.json('verify')).blobsUnchecked).toEqual({ n: 1, reason: 'unknown' });
  });

  it('the same file in clear from another laptop replaces the sealed copy; a sealed copy never replaces a clear one', async () => {
    const other = device('李四');
    await office.ok('hub', 'trust', await other.ok('team', 'key'), '--name', '李四', '--hub', admin);
    const mine = await other.ok(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '另一县委政法委',
      '--unit-kind',
      'plac',
      '--team',
      '李四',
      '--start',
      '2026-11-20',
    );
    const copy = join(other.home, '同一文件.txt');
    writeFileSync(copy, file.bytes);
    await other.ok('record', mine, 'QS-01', '--method', 'check', '--note', '同一份登记簿', '--evidence', copy);
    const pushed = await other.json('push', '--hub', admin);
    expect(pushed.blobs).toBe(1); // the evidence file (the hub holds the checklist snapshot)
    expect(pushed.decisions.map((d: { status: string }) => d.status)).toEqual(['accepted']);
    const clear = (await hubBlob(db, file.sha256))!;
    expect([clear.key_id, clear.stored_size, clear.stored_sha256]).toEqual([null, null, null]);
    expect(clear.data.equals(file.bytes)).toBe(true);

    // The member cites its sealed copy again: the hub, holding the clear file, is not sent it and keeps the clear one.
    await member.ok('record', id, 'QS-02', '--method', 'check', '--note', '再次引用', '--evidence', file.path);
    const again = await member.json('push', '--hub', submit);
    expect([again.events > 0, again.blobs]).toEqual([true, 0]);
    expect((await office.json('hub', 'accept', '--hub', admin)).map((d: { status: string }) => d.status)).toEqual([
      'accepted',
    ]);
    expect((await hubBlob(db, file.sha256))!.key_id).toBeNull();
    expect((await office.run('hub', 'verify', '--hub', admin)).code).toBe(0);

    // A protected laptop pulling the clear file seals it with its own data key before writing it, as an import does.
    const fourth = device('赵六', '赵六的口令 four');
    await fourth.ok('team', 'trust', memberKey, '--name', '张三');
    await protect(fourth);
    await fourth.ok('import', early.clear);
    const pulled = await fourth.json('pull', '--hub', submit);
    expect([pulled.newBlobs, pulled.unverifiedBlobs]).toEqual([1, 0]);
    const own = localBlob(fourth, file.sha256);
    expect(own.keyId).toMatch(/^[0-9a-f]{32}$/);
    expect(own.keyId).not.toBe(localBlob(member, file.sha256).keyId);
    for (const f of [fourth.db, `${fourth.db}-wal`])
      for (const o of [0, 2 ** 20 + 7, file.bytes.length - 64])
        expect(readFileSync(f).includes(file.bytes.subarray(o, o + 64)), `${f} @${o}`).toBe(false);
    // Its verify opens every file with its own key and checks it against its sha256 (evidence get would also need
    // the member's key, for the file's name in the record).
    const verified = await fourth.json('verify');
    expect(verified.blobsUnchecked).toBeUndefined();
  });

  it('hub import takes an --unencrypted bundle’s sealed chunks; a hub before migration 2 is refused until hub init', async () => {
    const older = await server.createDatabase('older');
    const url = server.url(older);
    await office.ok('hub', 'init', url);
    // The hub as migration 1 left it.
    for (const sql of [
      'DROP FUNCTION ducha.submit_wanted_blobs(text[], boolean[])',
      'DROP FUNCTION ducha.pull_blob_entries(text[], text[])',
      'DROP INDEX ducha.record_evidence_by_sha256',
      'DROP INDEX ducha.step_evidence_by_sha256',
      'ALTER TABLE ducha.blobs DROP CONSTRAINT blobs_sealed_whole, DROP COLUMN key_id, DROP COLUMN stored_size, DROP COLUMN stored_sha256',
      'DELETE FROM ducha.schema_migrations WHERE version = 2',
    ])
      await server.sql(sql, [], older);
    const refused = await office.run('hub', 'list', '--hub', url, '--json');
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).problems[0].code).toBe('hub-older');
    expect((await office.json('hub', 'init', url)).applied).toEqual([2]);

    await office.ok('hub', 'trust', memberKey, '--name', '张三', '--hub', url);
    const bundle = join(scratch(), 'now.ducha');
    await member.ok('export', id, '-o', bundle, '--unencrypted');
    expect((await office.json('hub', 'import', bundle, '--hub', url)).status).toBe('accepted');
    const held = (await hubBlob(older, file.sha256))!;
    const local = localBlob(member, file.sha256);
    expect([held.key_id, Number(held.stored_size), held.stored_sha256]).toEqual([
      local.keyId,
      local.storedSize,
      local.storedSha256,
    ]);
    expect(held.data.equals(local.data)).toBe(true);
    expect((await office.run('hub', 'verify', '--hub', url)).code).toBe(0);
  });

  it('a push interrupted after the batch that brings a sealed file, then run again, stores it once', async () => {
    // The unverified laptop holds the member's sealed file as it came: it pushes it as stored, relaying the
    // member's events, to a fresh hub.
    const fresh = await server.createDatabase('resume');
    const url = server.url(fresh);
    await office.ok('hub', 'init', url);
    await office.ok('hub', 'trust', memberKey, '--name', '张三', '--hub', url);
    await office.ok('hub', 'trust', await third.ok('team', 'key'), '--name', '王五', '--hub', url);
    const store = openStore(third.db);
    try {
      const client = await connectHub(url);
      let interrupted = false;
      try {
        await expect(
          pushToHub(store, client, {
            actor: '王五',
            batchEvents: 2,
            // Administrator's batches are accepted at once: the one whose acceptance stored the sealed file fails before COMMIT.
            onBatch: async (_n, phase) => {
              if (phase !== 'written' || interrupted) return;
              const held = await client.query<{ n: string }>(
                'SELECT count(*) AS n FROM ducha.blobs WHERE key_id IS NOT NULL',
              );
              if (Number(held.rows[0]!.n) > 0) {
                interrupted = true;
                throw new Error('interrupted');
              }
            },
          }),
        ).rejects.toThrow('interrupted');
      } finally {
        await client.end().catch(() => undefined);
      }
      expect(interrupted).toBe(true);
      expect(await hubBlob(fresh, file.sha256)).toBeUndefined();
      const retry = await connectHub(url);
      try {
        const r = await pushToHub(store, retry, { actor: '王五', batchEvents: 2 });
        expect(r.decisions.every((d) => d.status === 'accepted')).toBe(true);
      } finally {
        await retry.end();
      }
    } finally {
      store.close();
    }
    const held = (await hubBlob(fresh, file.sha256))!;
    expect(held.key_id).toBe(localBlob(member, file.sha256).keyId);
    expect(held.data.equals(localBlob(member, file.sha256).data)).toBe(true);
    const [events] = await server.sql<{ n: string; distinct: string }>(
      'SELECT count(*) AS n, count(DISTINCT (device, seq)) AS distinct FROM ducha.events',
      [],
      fresh,
    );
    expect(events!.n).toBe(events!.distinct);
    expect((await office.run('hub', 'verify', '--hub', url)).code).toBe(0);
  });
});
