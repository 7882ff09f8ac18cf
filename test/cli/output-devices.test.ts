// An output path that names a device, a pipe or a socket is refused even with --force: renaming the finished
// temporary file over it would replace the device node (as root, `-o /dev/null --force` replaced /dev/null
// with a plain file). The nodes here are made in a temporary folder, never the real /dev ones.
import { execFileSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runMain, tempDir } from '../helpers/run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function make(kind: 'fifo' | 'char', file: string): boolean {
  try {
    if (kind === 'fifo') execFileSync('mkfifo', [file]);
    else execFileSync('mknod', [file, 'c', '1', '3'], { stdio: 'ignore' }); // the null device's numbers
    return true;
  } catch {
    return false;
  }
}

const dir = tempDir('ducha-outdev-');
dirs.push(dir);
const nodes: Array<[string, string, () => boolean]> = [];
if (make('fifo', join(dir, 'pipe.md')))
  nodes.push(['a named pipe', 'pipe.md', () => statSync(join(dir, 'pipe.md')).isFIFO()]);
if (make('char', join(dir, 'null.md')))
  nodes.push(['a character device', 'null.md', () => statSync(join(dir, 'null.md')).isCharacterDevice()]);

describe.skipIf(nodes.length === 0)(
  `devices and pipes as -o (${nodes.length ? nodes.map((n) => n[0]).join(', ') : 'skipped: neither mkfifo nor mknod works here'})`,
  () => {
    let run: (argv: string[]) => ReturnType<typeof runMain>;
    let id: string;
    beforeAll(async () => {
      const env = cleanEnv({ DUCHA_ACTOR: '张三' });
      dirs.push(env.HOME!);
      run = (argv) => runMain(['--db', join(dir, 'ducha.db'), ...argv], { env, cwd: dir });
      id = (
        await run([
          'inspection',
          'new',
          '--checklist',
          'qingshi-baogao',
          '--unit',
          '某县委政法委',
          '--unit-kind',
          'plac',
        ])
      ).stdout.trim();
    });

    it('every writer refuses them, with or without --force, and they stay what they were', async () => {
      for (const [what, name, intact] of nodes) {
        for (const argv of [
          ['report', id, '--kind', 'feedback', '--format', 'md', '-o', name],
          ['export', id, '-o', name],
          ['summary', '--format', 'md', '-o', name],
          ['backup', name],
        ]) {
          for (const extra of [[], ['--force']]) {
            const r = await run([...argv, ...extra]);
            expect(r.code, `${what}: ${argv.join(' ')} ${extra.join(' ')}\n${r.stderr}`).toBe(2);
            expect(r.stderr, `${what}: ${argv[0]} ${extra.join(' ')}`).toContain(
              `错误：${name} 不是普通文件（是设备、管道或套接字），不能作为输出文件`,
            );
            expect(r.stderr).not.toMatch(/\n\s+at /);
            expect(intact(), `${what} was replaced by ${argv[0]} ${extra.join(' ')}`).toBe(true);
          }
        }
      }
    });
  },
);
