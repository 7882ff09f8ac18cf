// `ducha checklist list/show` over built-in, user and --checklists folders; shadowing is reported.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cleanEnv, runMain, tempDir } from '../helpers/run.js';

describe('checklist list / show', () => {
  it('lists the built-in checklists with item counts', async () => {
    const r = await runMain(['checklist', 'list', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const qs = doc.data.find((c: { id: string }) => c.id === 'qingshi-baogao');
    expect(qs).toMatchObject({ origin: 'builtin', items: expect.any(Number) });
    expect(qs.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('a later folder shadowing an id is reported, not silently chosen', async () => {
    const dir = tempDir();
    const fixture = join(FIXTURES, 'checklists', 'valid', 'minimal.yaml');
    const env = cleanEnv();
    mkdirSync(join(env.DUCHA_DATA_DIR!, 'checklists'), { recursive: true });
    copyFileSync(fixture, join(env.DUCHA_DATA_DIR!, 'checklists', 'a.yaml'));
    copyFileSync(fixture, join(dir, 'b.yaml'));
    const r = await runMain(['checklist', 'list', '--checklists', dir], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('覆盖了');
    expect(r.stdout).toMatch(/fixture-minimal\s+0\.1\.0\s+1\s+指定目录/);
    const json = JSON.parse((await runMain(['checklist', 'list', '--checklists', dir, '--json'], { env })).stdout);
    expect(json.problems[0]).toMatchObject({ code: 'duplicate-checklist', severity: 'warning' });
    expect(json.data.find((c: { id: string }) => c.id === 'fixture-minimal').origin).toBe('option');
  });
  it('an invalid file in a folder is skipped with a warning', async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURES, 'checklists', 'invalid', 'unknown-item.yaml'), join(dir, 'bad.yaml'));
    const r = await runMain(['checklist', 'list', '--checklists', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('ducha lint');
  });
  it('show prints the items with basis, guidance and conditions', async () => {
    const r = await runMain([
      'checklist',
      'show',
      'fixture-full',
      '--checklists',
      join(FIXTURES, 'checklists', 'valid'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('QS-01  请示报告事项清单');
    expect(r.stdout).toContain('《中国共产党政法工作条例》第17条');
    expect(r.stdout).toContain('条件：仅当 QS-01 的结论为 符合、基本符合 时检查');
    expect(r.stdout).toContain('须有记录：查、谈');
  });
  it('show of an unknown id suggests the nearest', async () => {
    const r = await runMain(['checklist', 'show', 'qingshi-baogo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('qingshi-baogao');
  });
});
