// The injected clock: every "now" of a command — its events' times and the day lists and documents are dated —
// comes from the Context's clock, which tests set with DUCHA_NOW (in-process and spawned alike).
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { RUNNERS, cleanEnv, tempDir, type Runner } from '../helpers/run.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function world(run: Runner) {
  const env = cleanEnv({ DUCHA_ACTOR: '测试员' });
  const cwd = tempDir();
  made.push(env.HOME!, cwd);
  const at = (now: string) => (argv: string[]) => run(argv, { env: { ...env, DUCHA_NOW: now }, cwd });
  const created = await at('2030-06-15T09:30:00Z')([
    'inspection',
    'new',
    '--checklist',
    'zhengfa-weiyuan',
    '--unit',
    '某乡镇党委',
    '--unit-kind',
    'township',
    '--start',
    '2030-06-01',
  ]);
  expect(created.code, created.stderr).toBe(0);
  return { id: created.stdout.trim(), at };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the --json document, read field by field
const json = (stdout: string) => JSON.parse(stdout) as { ok: boolean; data: any; problems: any[] };

for (const [name, runner] of RUNNERS) {
  describe(`the clock (${name})`, () => {
    it('DUCHA_NOW dates the events a command writes', async () => {
      const { id, at } = await world(runner);
      const added = json(
        (
          await at('2030-06-16T08:00:00Z')([
            'problem',
            'add',
            id,
            '--description',
            '会议记录不全',
            '--item',
            'WY-01',
            '--json',
          ])
        ).stdout,
      );
      expect(added.ok).toBe(true);
      const history = json((await at('2030-06-20T00:00:00Z')(['inspection', 'history', id, '--json'])).stdout);
      expect(history.data.entries.map((e: { at: string }) => e.at)).toEqual([
        '2030-06-15T09:30:00.000Z',
        '2030-06-16T08:00:00.000Z',
      ]);
    });

    it('DUCHA_NOW sets the day that decides what is overdue', async () => {
      const { id, at } = await world(runner);
      const added = json(
        (
          await at('2030-06-15T09:30:00Z')([
            'problem',
            'add',
            id,
            '--description',
            '会议记录不全',
            '--item',
            'WY-01',
            '--deadline',
            '2030-06-10',
            '--json',
          ])
        ).stdout,
      );
      const overdueOn = async (day: string) =>
        json((await at(day)(['problem', 'list', id, '--overdue', '--json'])).stdout).data.problems.map(
          (p: { id: string }) => p.id,
        );
      expect(await overdueOn('2030-06-09')).toEqual([]);
      expect(await overdueOn('2030-06-11')).toEqual([added.data.id]);
    });

    it('a DUCHA_NOW that is no date is refused with a hint, exit 2', async () => {
      const { id, at } = await world(runner);
      const result = await at('next tuesday')(['problem', 'list', id]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('DUCHA_NOW 的值 "next tuesday" 不是日期或时间');
      expect(result.stderr).toContain('DUCHA_NOW=2026-12-01');
    });
  });
}
