// Every file a command reads from the user is a regular file once links are resolved, read under a byte cap
// counted while reading: /dev/zero, a FIFO, a /proc file whose size reads 0, an oversized file and a glob
// reaching through a link out of its folder are each refused with a message (exit 2), never read without
// end, never waited on. Runs the built binary under a kill timer and a memory ulimit (test/helpers/guarded.ts)
// so a regression fails instead of hanging or swallowing the machine's memory.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  ftruncateSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  readFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, tempDir } from '../helpers/run.js';
import { runGuarded, type GuardedResult } from '../helpers/guarded.js';
import { STACK, requireBuild } from './support.js';

const dir = tempDir('ducha-inputs-');
const env = {
  PATH: process.env.PATH,
  HOME: dir,
  DUCHA_DATA_DIR: join(dir, 'data'),
  LANG: 'C.UTF-8',
  DUCHA_ACTOR: '测试员',
};
const db = join(dir, 'ducha.db');
let id = '';
// A correct run takes well under a second; a regression that blocks or reads for ever is killed after this.
const KILL_AFTER_MS = 60_000;
const run = (...argv: string[]) =>
  runGuarded([...argv, '--db', db], { cwd: dir, env, killAfterMs: KILL_AFTER_MS, memoryKb: 3_000_000 });

function expectRefused(r: GuardedResult, message: RegExp): void {
  const text = r.stdout + r.stderr;
  expect(r.exitedByItself, `still running after ${KILL_AFTER_MS} ms (blocked or reading without end)`).toBe(true);
  expect(text, 'stack trace').not.toMatch(STACK);
  expect(text).not.toContain('内部错误');
  expect(r.code, text).toBe(2);
  expect(text).toMatch(message);
}

const mkfifo = (path: string) => {
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
};

/** A file that says it is `bytes` long without taking the disk (sparse). */
const sparse = (path: string, bytes: number) => {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
};

beforeAll(async () => {
  requireBuild();
  const r = await run(
    'inspection',
    'new',
    '--checklist',
    'qingshi-baogao',
    '--unit',
    '某县委政法委',
    '--unit-kind',
    'plac',
    '--start',
    '2026-11-20',
  );
  expect(r.code, r.stderr).toBe(0);
  id = r.stdout.trim();
  for (const name of ['pipe.yaml', 'pipe.csv', 'pipe.ducha', 'pipe.md', 'pipe.key', 'pipe.jpg'])
    mkfifo(join(dir, name));
  symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a device, a FIFO or a link to one is refused by every command that reads a file', () => {
  const CASES: Array<[string, () => string[], RegExp]> = [
    [
      'lint of a link to /dev/zero',
      () => ['lint', 'zero.yaml'],
      /zero\.yaml:1:1 +error +unreadable +zero\.yaml 不是普通文件（是设备文件）/,
    ],
    ['lint of a FIFO', () => ['lint', 'pipe.yaml'], /unreadable +pipe\.yaml 不是普通文件（是命名管道）/],
    ['team trust /dev/zero', () => ['team', 'trust', '/dev/zero', '--name', '李四'], /不是普通文件（是设备文件）/],
    ['team trust of a FIFO', () => ['team', 'trust', 'pipe.key', '--name', '李四'], /不是普通文件（是命名管道）/],
    ['import-records of /dev/zero', () => ['import-records', id, '/dev/zero'], /不是普通文件（是设备文件）/],
    ['import-records of a FIFO', () => ['import-records', id, 'pipe.csv'], /不是普通文件（是命名管道）/],
    [
      'inspection upgrade --checklist /dev/zero',
      () => ['inspection', 'upgrade', id, '--checklist', '/dev/zero'],
      /不是普通文件（是设备文件）/,
    ],
    [
      'inspection upgrade --checklist of a FIFO',
      () => ['inspection', 'upgrade', id, '--checklist', 'pipe.yaml'],
      /不是普通文件（是命名管道）/,
    ],
    ['import of /dev/zero', () => ['import', '/dev/zero'], /不是普通文件（是设备文件）/],
    ['import of a FIFO', () => ['import', 'pipe.ducha'], /不是普通文件（是命名管道）/],
    [
      'report --template of a FIFO',
      () => ['report', id, '--kind', 'feedback', '--template', 'pipe.md', '-o', 'out.md'],
      /不是普通文件（是命名管道）/,
    ],
    [
      'template lint of /dev/zero',
      () => ['template', 'lint', '/dev/zero', '--kind', 'feedback'],
      /不是普通文件（是设备文件）/,
    ],
    [
      'record --evidence of a FIFO',
      () => ['record', id, 'QS-01', '--method', 'check', '--note', '证据', '--evidence', 'pipe.jpg'],
      /pipe\.jpg 不是文件/,
    ],
  ];
  for (const [what, argv, message] of CASES) {
    it(what, async () => expectRefused(await run(...argv()), message));
  }
});

describe('files over their cap are refused unread; a /proc file is counted while read', () => {
  it('a checklist over 64 MB (lint: an unreadable problem, the other files still linted)', async () => {
    sparse(join(dir, 'huge.yaml'), 64 * 1024 * 1024 + 1);
    writeFileSync(join(dir, 'small.yaml'), readFileSync(join(FIXTURES, 'checklists', 'valid', 'minimal.yaml')));
    const r = await run('lint', 'huge.yaml', 'small.yaml');
    expectRefused(r, /huge\.yaml:1:1 +error +unreadable +huge\.yaml 超过了 64 MB 的上限，不会读取/);
    expect(r.stdout).toContain('共检查 2 个文件');
    expect(r.stdout).not.toMatch(/small\.yaml:\d/);
  });

  it('a template over 1 MB, a key file over 64 KB, a config.json over 1 MB', async () => {
    writeFileSync(join(dir, 'big.md'), '# {{inspection.unit}}\n' + 'x'.repeat(1024 * 1024));
    expectRefused(
      await run('report', id, '--kind', 'feedback', '--template', 'big.md', '-o', 'out.md'),
      /big\.md 超过了 1 MB 的上限/,
    );
    expect(existsSync(join(dir, 'out.md'))).toBe(false);
    writeFileSync(join(dir, 'big.key'), 'x'.repeat(65 * 1024));
    expectRefused(await run('team', 'trust', 'big.key', '--name', '李四'), /big\.key 超过了 64 KB 的上限/);
    const home = join(dir, 'cfg');
    mkdirSync(join(home, 'data'), { recursive: true });
    writeFileSync(join(home, 'data', 'config.json'), JSON.stringify({ name: 'x'.repeat(1024 * 1024) }));
    const r = await runGuarded(['config', 'list'], {
      cwd: dir,
      env: { ...env, DUCHA_DATA_DIR: join(home, 'data') },
      killAfterMs: KILL_AFTER_MS,
    });
    expectRefused(r, /config\.json 超过了 1 MB 的上限/);
  });

  it('a config.json that is a FIFO is refused, not waited on', async () => {
    const home = join(dir, 'cfg-fifo');
    mkdirSync(join(home, 'data'), { recursive: true });
    mkfifo(join(home, 'data', 'config.json'));
    const r = await runGuarded(['config', 'list'], {
      cwd: dir,
      env: { ...env, DUCHA_DATA_DIR: join(home, 'data') },
      killAfterMs: KILL_AFTER_MS,
    });
    expectRefused(r, /不是普通文件（是命名管道）/);
  });

  it.runIf(existsSync('/proc/self/pagemap'))(
    '--evidence /proc/self/pagemap (its size reads 0) stops at evidence.maxMB',
    async () => {
      const set = await runGuarded(['config', 'set', 'evidence.maxMB', '1'], { cwd: dir, env });
      expect(set.code, set.stderr).toBe(0);
      const r = await run(
        'record',
        id,
        'QS-01',
        '--method',
        'check',
        '--note',
        '证据',
        '--evidence',
        '/proc/self/pagemap',
      );
      expectRefused(r, /证据文件 \/proc\/self\/pagemap 过大（> 1 MB，上限 1 MB）/);
      const unset = await runGuarded(['config', 'unset', 'evidence.maxMB'], { cwd: dir, env });
      expect(unset.code, unset.stderr).toBe(0);
    },
  );
});

describe('a glob never reads through a link out of its folder', () => {
  it('lint "dir/*.yaml" skips a link to a file outside (as a folder scan does): its lines never reach the output', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'checklists'), { recursive: true });
    writeFileSync(join(tree, 'secret.yaml'), 'root: x:0:0:root:/root:/bin/bash\ndaemon: x:1:1:daemon:/usr/sbin\n');
    writeFileSync(
      join(tree, 'checklists', 'a.yaml'),
      readFileSync(join(FIXTURES, 'checklists', 'valid', 'minimal.yaml')),
    );
    symlinkSync('../secret.yaml', join(tree, 'checklists', 'shadow.yaml'));
    for (const format of ['stylish', 'github']) {
      const r = await runGuarded(['lint', 'checklists/*.yaml', '--format', format], {
        cwd: tree,
        env,
        killAfterMs: KILL_AFTER_MS,
      });
      expect(r.exitedByItself).toBe(true);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/root|daemon|shadow/);
      expect(r.stdout).toContain('检查了 1 个文件');
    }
    // Named explicitly, a link is followed: the user asked for that file.
    const explicit = await runGuarded(['lint', 'checklists/shadow.yaml'], {
      cwd: tree,
      env,
      killAfterMs: KILL_AFTER_MS,
    });
    expect(explicit.code).toBe(1);
  });
});
