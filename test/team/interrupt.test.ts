// Ctrl+C during `ducha import BUNDLE --trust`: pressed before the import is saved, it rolls everything back
// (nothing imported, the device not trusted) and says so; pressed after, the summary is printed and the
// message says the bundle was imported and the device trusted. Exit 130 either way. The interruption is
// delivered at chosen points through the io's AbortSignal (the progress lines mark where the import is), so
// nothing races a timer; one more test checks the real SIGINT reaches that signal.
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { processIo } from '../../src/cli/process-io.js';
import { cleanEnv, runMain, tempDir } from '../helpers/run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

class Capture extends PassThrough {
  text = '';
  constructor(
    readonly isTTY: boolean,
    private readonly onWrite: (chunk: string) => void = () => undefined,
  ) {
    super();
  }
  override write(chunk: unknown): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    this.text += text;
    this.onWrite(text);
    return true;
  }
}

interface Laptop {
  db: string;
  env: Record<string, string | undefined>;
  dir: string;
}

function laptop(name: string): Laptop {
  const dir = tempDir('ducha-interrupt-');
  const env = cleanEnv({ DUCHA_ACTOR: name });
  dirs.push(dir, env.HOME!);
  return { db: join(dir, 'ducha.db'), env, dir };
}

const run = (l: Laptop, argv: string[]) => runMain(['--db', l.db, ...argv], { env: l.env, cwd: l.dir });

/**
 * `ducha import` with stderr a terminal (so progress is drawn after each evidence file and once at the end)
 * and Ctrl+C delivered when `press(n)` is true for the n-th progress line ('before': already pressed).
 */
async function importPressing(
  l: Laptop,
  argv: string[],
  press: ((n: number) => boolean) | 'before',
): Promise<{ code: number; stdout: string; stderr: string; progress: number; disposed: boolean }> {
  const controller = new AbortController();
  if (press === 'before') controller.abort();
  let progress = 0;
  let disposed = false;
  const stderr = new Capture(true, (chunk) => {
    // eslint-disable-next-line no-control-regex -- the progress line's erase sequence
    if (!/^\r\u001b\[K./.test(chunk)) return;
    progress++;
    if (press !== 'before' && press(progress)) controller.abort();
  });
  const stdout = new Capture(false);
  const stdin = new PassThrough();
  stdin.end('');
  const io = {
    stdout,
    stderr,
    stdin,
    env: l.env,
    cwd: l.dir,
    interrupts: () => ({ signal: controller.signal, dispose: () => void (disposed = true) }),
  };
  const code = await main(['--db', l.db, ...argv], io);
  return { code, stdout: stdout.text, stderr: stderr.text, progress, disposed };
}

describe('Ctrl+C during import --trust', () => {
  let bundle: string;
  let blobs: number;
  let inspection: string;
  beforeAll(async () => {
    const a = laptop('张三');
    inspection = (
      await run(a, [
        'inspection',
        'new',
        '--checklist',
        'zhengfa-weiyuan',
        '--unit',
        '某乡镇党委',
        '--unit-kind',
        'township',
      ])
    ).stdout.trim();
    for (const [file, size] of [
      ['名册.pdf', 300_000],
      ['照片.jpg', 200_000],
    ] as const) {
      writeFileSync(join(a.dir, file), Buffer.alloc(size, file.length));
      expect(
        (await run(a, ['record', inspection, 'WY-01', '--method', 'check', '--note', file, '--evidence', file])).code,
      ).toBe(0);
    }
    bundle = join(a.dir, '张三.ducha');
    const exported = await run(a, ['export', inspection, '-o', bundle, '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    blobs = JSON.parse(exported.stdout).data.blobs as number;
    expect(blobs).toBeGreaterThanOrEqual(3); // the checklist snapshot and two evidence files
  });

  /** A lead's laptop with a database of its own and nothing imported. */
  async function lead(): Promise<Laptop> {
    const l = laptop('组长');
    expect((await run(l, ['team', 'key'])).code).toBe(0);
    return l;
  }

  async function nothingImported(l: Laptop): Promise<void> {
    expect(JSON.parse((await run(l, ['inspection', 'list', '--json'])).stdout).data).toEqual([]);
    expect(JSON.parse((await run(l, ['team', 'list', '--json'])).stdout).data).toHaveLength(1);
    expect((await run(l, ['verify'])).code).toBe(0);
  }

  it('pressed before the import starts: exit 130, "nothing imported", nothing imported, the device not trusted', async () => {
    const l = await lead();
    const r = await importPressing(l, ['import', bundle, '--trust'], 'before');
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/已中断导入（Ctrl\+C）：.+张三\.ducha 中的内容都没有导入/);
    expect(r.stdout).toBe('');
    expect(r.disposed).toBe(true);
    await nothingImported(l);
  });

  it('pressed after the first evidence file: rolled back — exit 130, nothing imported, the device not trusted', async () => {
    const l = await lead();
    const r = await importPressing(l, ['import', bundle, '--trust'], (n) => n === 1);
    expect(r.code, r.stderr).toBe(130);
    expect(r.progress).toBe(1); // it stopped at the next chunk
    expect(r.stderr).toMatch(/中的内容都没有导入/);
    expect(r.stdout).not.toMatch(/已导入/);
    await nothingImported(l);
    // And the same bundle imports completely afterwards.
    expect((await run(l, ['import', bundle, '--trust'])).code).toBe(0);
    expect(
      JSON.parse((await run(l, ['inspection', 'show', inspection, '--json'])).stdout).data.progress.methods.check,
    ).toBe(2);
  });

  it('pressed after the last chunk, while the import commits: exit 130, the summary, and "imported, device trusted"', async () => {
    const l = await lead();
    const r = await importPressing(l, ['import', bundle, '--trust'], (n) => n === blobs + 1);
    expect(r.code, r.stderr).toBe(130);
    expect(r.progress).toBe(blobs + 1);
    expect(r.stdout).toMatch(/已导入张三的数据包/);
    expect(r.stdout).toMatch(/已信任新设备/);
    expect(r.stderr).toMatch(
      /收到中断（Ctrl\+C）时，.+张三\.ducha 已经导入并保存，上面列出的内容都在数据库中；设备 d[0-9a-f]+ 已被信任/,
    );
    expect(
      JSON.parse((await run(l, ['inspection', 'show', inspection, '--json'])).stdout).data.progress.methods.check,
    ).toBe(2);
    expect(JSON.parse((await run(l, ['team', 'list', '--json'])).stdout).data).toHaveLength(2);
    expect((await run(l, ['verify'])).code).toBe(0);
  });

  it('--json, pressed before the commit: one envelope (not ok, code interrupted), exit 130', async () => {
    const l = await lead();
    const r = await importPressing(l, ['import', bundle, '--trust', '--json'], (n) => n === 1);
    expect(r.code).toBe(130);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      data: null,
      problems: [{ code: 'interrupted', severity: 'error' }],
    });
    await nothingImported(l);
  });

  it('--json, pressed after the commit: one envelope (ok) on stdout, the note on stderr, exit 130', async () => {
    const l = await lead();
    const r = await importPressing(l, ['import', bundle, '--trust', '--json'], (n) => n === blobs + 1);
    expect(r.code).toBe(130);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, data: { trustedNow: true, dryRun: false } });
    expect(r.stderr).toMatch(/已经导入并保存/);
  });

  it('not pressed: exit 0, the whole bundle', async () => {
    const l = await lead();
    const r = await importPressing(l, ['import', bundle, '--trust'], () => false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.progress).toBe(blobs + 1);
    expect(r.stderr).not.toMatch(/中断/);
    expect(
      JSON.parse((await run(l, ['inspection', 'show', inspection, '--json'])).stdout).data.progress.methods.check,
    ).toBe(2);
  });

  it('a dry run pressed midway says it was a preview; nothing written either way', async () => {
    const l = await lead();
    const r = await importPressing(l, ['import', bundle, '--trust', '--dry-run'], (n) => n === 1);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/都没有导入/);
    await nothingImported(l);
  });
});

describe('the real Ctrl+C', () => {
  it('processIo().interrupts(): a SIGINT sent to this process aborts the signal instead of ending the process; dispose() restores the default', async () => {
    const before = process.listenerCount('SIGINT');
    const interrupt = processIo().interrupts!();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    const aborted = once(interrupt.signal, 'abort');
    process.kill(process.pid, 'SIGINT');
    await aborted;
    expect(interrupt.signal.aborted).toBe(true);
    interrupt.dispose();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
