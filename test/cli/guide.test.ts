// Keeps the user guide (docs/使用指南.md) honest: every `ducha …` line it shows names commands and
// options the program defines, with a fitting number of arguments, and every page image it shows exists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';
import { check, commandLines, shownAsRefused } from '../helpers/command-lines.js';

const GUIDE = join(ROOT, 'docs', '使用指南.md');
const guide = readFileSync(GUIDE, 'utf8');

describe('the user guide (docs/使用指南.md)', () => {
  const lines = commandLines(guide);

  it('shows commands', () => {
    expect(lines.filter((l) => l.whole).length).toBeGreaterThan(50);
  });

  it('every ducha command line in it parses: the command, its options and its arguments exist', () => {
    const wrong = lines
      .map((l) => [l.text, check(l)] as const)
      .filter(
        ([l, why]) =>
          why !== undefined &&
          !shownAsRefused(
            lines.find((x) => x.text === l)!,
            why,
          ),
      );
    expect(wrong).toEqual([]);
  });

  it('every page image it shows is committed under docs/', () => {
    const images = [...guide.matchAll(/\]\((pages\/[^)\s]+)\)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(5);
    for (const image of images) expect(existsSync(join(ROOT, 'docs', image)), image).toBe(true);
  });

  it('the README points to it', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](docs/使用指南.md)');
  });
});

describe('the guide check itself', () => {
  it('refuses a renamed option, an unknown subcommand and too many arguments', () => {
    expect(check({ text: 'ducha report --kind feedback --doc-nummer X -o a.docx', whole: true })).toMatch(
      /unknown option --doc-nummer/,
    );
    expect(check({ text: 'ducha problem propse', whole: true })).toMatch(/no subcommand "propse"/);
    expect(check({ text: 'ducha close a b', whole: true })).toMatch(/at most 1/);
    expect(check({ text: 'ducha rectify --status 整改中', whole: true })).toMatch(/needs 1/);
    expect(check({ text: 'ducha help tem', whole: true })).toMatch(/unknown command/);
  });
  it('accepts quoted values, global options anywhere, and a pipe', () => {
    expect(
      check({ text: 'ducha record QS-05 --method 谈 --note "称 --x 时间紧" --lang en', whole: true }),
    ).toBeUndefined();
    expect(check({ text: 'ducha checklist show qingshi-baogao | head -12', whole: true })).toBeUndefined();
    expect(check({ text: 'ducha --lang en inspection list', whole: true })).toBeUndefined();
    expect(check({ text: 'ducha report --help', whole: true })).toBeUndefined();
    expect(check({ text: 'ducha help team', whole: true })).toBeUndefined();
  });
  it('lets a shown mistake stand only with the refusal that mistake gets', () => {
    const missing = { text: 'ducha problem add --item QS-05', whole: true };
    expect(shownAsRefused({ ...missing, output: '错误：缺少参数 inspection\n' }, check(missing)!)).toBe(true);
    expect(shownAsRefused({ ...missing, output: '已导入 17 条记录\n' }, check(missing)!)).toBe(false);
    const renamed = { text: 'ducha report --doc-nummer X', whole: true };
    expect(shownAsRefused({ ...renamed, output: '错误：缺少参数 file\n' }, check(renamed)!)).toBe(false);
  });
});
