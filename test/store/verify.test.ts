// Tampering with history through the sqlite3 shell is found by `ducha verify` (exit 1, saying what and
// where); an untouched database verifies clean.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { allItems, inspectionSnapshots, resolveItem } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import { newInspection, steppingClock, tempStore } from '../helpers/store.js';
import { cleanEnv, runBin, tempDir } from '../helpers/run.js';

const HAS_SQLITE3 = spawnSync('sqlite3', ['-version']).status === 0;

/** Run SQL against the file the way a person with a shell would: with the sqlite3 CLI when installed. */
function shell(file: string, sql: string): void {
  if (HAS_SQLITE3) execFileSync('sqlite3', [file, sql]);
  else {
    const db = new Database(file);
    db.exec(sql);
    db.close();
  }
}

function populated(): string {
  const store = tempStore({ clock: steppingClock() });
  const inspection = newInspection(store);
  const refs = allItems(inspectionSnapshots(store, inspection.id));
  const wy01 = resolveItem(refs, 'WY-01');
  const evidence = join(tempDir(), '任职文件.pdf');
  writeFileSync(evidence, '%PDF-1.4 任职文件');
  addRecord(store, '张三', inspection.id, wy01, { method: 'check', note: '任职文件齐全', evidence: [evidence] }, 10);
  addRecord(store, '李四', inspection.id, wy01, { method: 'visit', subject: '综治中心', note: '政法委员在岗' }, 10);
  conclude(store, '张三', inspection.id, wy01, { result: 'compliant', note: '已配备' });
  const file = store.file;
  store.close();
  return file;
}

async function verify(file: string) {
  const r = await runBin(['verify', '--db', file], { env: cleanEnv() });
  return { ...r, text: r.stdout + r.stderr };
}

describe('ducha verify', () => {
  it('an untouched database is intact: exit 0', async () => {
    const r = await verify(populated());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/完好：4 个事件，1 台设备，2 个文件/);
  });

  it('a changed projection row (a record note) is found', async () => {
    const file = populated();
    shell(file, "UPDATE records SET note = '改写过的记录' WHERE method = 'visit'");
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/数据表 records 的行（.+）的 note 与日志不符/);
  });

  it('a changed event payload is found, naming the device and sequence number', async () => {
    const file = populated();
    shell(
      file,
      "UPDATE events SET payload = replace(payload, '任职文件齐全', '任职文件缺失') WHERE type = 'record.added'",
    );
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/设备 d[0-9a-f]+ 第 2 号事件（.+，record\.added）的内容与其哈希不符/);
  });

  it('a deleted event is found', async () => {
    const file = populated();
    shell(file, 'DELETE FROM events WHERE seq = 3');
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/在第 3 号事件处中断/);
  });

  it('reordered events are found', async () => {
    const file = populated();
    shell(
      file,
      'UPDATE events SET seq = -2 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = -2;',
    );
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/第 2 号事件.*(与其哈希不符|接不上)/);
  });

  it('a changed evidence file is found', async () => {
    const file = populated();
    shell(file, "UPDATE blob_chunks SET data = X'00' WHERE sha256 IN (SELECT sha256 FROM record_evidence)");
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/证据文件 [0-9a-f]{12}… 的内容与其哈希不符/);
  });

  it('--json carries the damage as problems', async () => {
    const file = populated();
    shell(file, "UPDATE records SET note = 'x' WHERE method = 'visit'");
    const r = await runBin(['verify', '--db', file, '--json'], { env: cleanEnv() });
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.problems[0]).toMatchObject({ code: 'projection', severity: 'error' });
  });

  it('backup writes a copy that verifies', async () => {
    const file = populated();
    const copy = join(tempDir(), 'backup.db');
    const r = await runBin(['backup', copy, '--db', file], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(0);
    expect((await verify(copy)).code).toBe(0);
    const again = await runBin(['backup', copy, '--db', file], { env: cleanEnv() });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('已存在');
  });
});
