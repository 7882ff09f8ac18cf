// Inputs that used to end in "内部错误" and a stack trace: an evidence file that changes while it is stored,
// and a bundle whose manifest is not JSON or is JSON null, given to team trust or import. Each is now a
// message with a hint, exit 2, and nothing saved.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNNERS, cleanEnv, runMain, tempDir, type RunResult } from '../helpers/run.js';

const STACK = /\n\s+at /;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function refused(r: RunResult, what: string, pattern: RegExp): void {
  expect(r.code, `${what}\n${r.stdout}${r.stderr}`).toBe(2);
  expect(r.stderr, what).toMatch(pattern);
  expect(r.stderr, what).toMatch(/提示：/);
  expect(r.stderr, what).not.toMatch(STACK);
  expect(r.stderr, what).not.toContain('内部错误');
}

/** A file that starts like a bundle, with `manifest` as its manifest section. */
function bundleWith(dir: string, name: string, manifest: string): string {
  const bytes = Buffer.from(manifest, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat([Buffer.from('DUCHA-BUNDLE/1\n'), length, bytes, Buffer.from([0, 0, 0, 0])]));
  return file;
}

describe('no stack traces', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let id: string;
  beforeAll(async () => {
    dir = tempDir('ducha-internal-');
    env = cleanEnv({ DUCHA_ACTOR: '张三', DUCHA_DB: join(tempDir('ducha-internal-db-'), 'ducha.db') });
    dirs.push(dir, env.HOME!, join(env.DUCHA_DB!, '..'));
    const r = await runMain(
      ['inspection', 'new', '--checklist', 'qingshi-baogao', '--unit', '某县委政法委', '--unit-kind', 'plac', '--json'],
      { env, cwd: dir },
    );
    id = JSON.parse(r.stdout).data.id;
  });

  for (const [name, run] of RUNNERS) {
    it.skipIf(!existsSync('/proc/self/status'))(
      `record --evidence /proc/self/status (its size reads as 0, its content is not) (${name})`,
      async () => {
        const r = await run(
          ['record', id, 'QS-01', '--method', 'check', '--note', '记录', '--evidence', '/proc/self/status'],
          { env, cwd: dir },
        );
        refused(r, 'evidence from /proc', /证据文件 \/proc\/self\/status/);
        const show = JSON.parse((await runMain(['inspection', 'show', id, '--json'], { env, cwd: dir })).stdout);
        expect(show.data.progress.methods.check).toBe(0);
      },
    );

    it(`a path too long for the file system (ENAMETOOLONG), where no command has a message of its own (${name})`, async () => {
      const long = 'y'.repeat(300);
      refused(
        await run(['import-records', id, long], { env, cwd: dir }),
        'import-records',
        /无法读取 .+y{100}.+（ENAMETOOLONG/,
      );
      refused(await run(['import', long], { env, cwd: dir }), 'import', /ENAMETOOLONG/);
    });

    it(`template lint of a file named constructor.md or __proto__.md: which model it renders is not known (${name})`, async () => {
      for (const file of ['constructor.md', '__proto__.md', 'toString.md']) {
        writeFileSync(join(dir, file), '{{x}}\n');
        const r = await run(['template', 'lint', file], { env, cwd: dir });
        refused(r, file, /无法判断模板/);
      }
    });

    it(`team trust and import of a bundle whose manifest is null, not JSON, a list or without a key (${name})`, async () => {
      for (const [label, manifest] of [
        ['null', 'null'],
        ['bad JSON', '{"device": '],
        ['a list', '[]'],
        ['no key', '{"device":"d1"}'],
        ['a number key', '{"device":"d1","publicKey":5}'],
      ]) {
        const file = bundleWith(dir, `${label}.ducha`, manifest!);
        refused(
          await run(['team', 'trust', file, '--name', '李四'], { env, cwd: dir }),
          `team trust (${label})`,
          /数据包 .+ 的清单无法解析|不是有效的设备公钥/,
        );
        refused(await run(['import', file, '--trust'], { env, cwd: dir }), `import (${label})`, /数据包|清单/);
      }
      const team = JSON.parse((await runMain(['team', 'list', '--json'], { env, cwd: dir })).stdout);
      expect(team.data).toHaveLength(1); // only this laptop: nothing was trusted
    });
  }
});
