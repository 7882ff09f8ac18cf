// The README stays what a newcomer needs: it opens with the two-command quick start, stays short, links every
// page under docs/, and shows only command lines the program accepts; no relative link in the README or
// docs/*.md points to a file or heading that is not there.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';
import { check, commandLines } from '../helpers/command-lines.js';

const README = join(ROOT, 'README.md');
const readme = readFileSync(README, 'utf8');
const PAGES = [
  README,
  join(ROOT, 'CONTRIBUTING.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(ROOT, 'docs', f)),
];

/** The lines outside fenced code blocks (headings and links inside code are not Markdown). */
function prose(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else if (!fenced) out.push(line);
  }
  return out;
}

/** The anchor GitHub gives a heading: its text lower-cased, punctuation dropped, spaces made hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Every `[text](target)` and `![alt](target)` outside code, with the line it is on. */
function links(markdown: string): Array<{ target: string; line: string }> {
  const out: Array<{ target: string; line: string }> = [];
  for (const line of prose(markdown)) {
    const text = line.replace(/`[^`]*`/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ target: m[1]!, line });
  }
  return out;
}

/** What is wrong with one relative link of a page, or undefined when its file (and heading) exist. */
function brokenLink(page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:
  const [path, anchor] = target.split('#') as [string, string | undefined];
  const file = path === '' ? page : join(dirname(page), decodeURIComponent(path));
  if (!existsSync(file)) return `no file ${relative(ROOT, file)}`;
  if (anchor === undefined || !file.endsWith('.md')) return undefined;
  return anchors(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor))
    ? undefined
    : `no heading #${anchor} in ${relative(ROOT, file)}`;
}

describe('the README', () => {
  const sections = readme.split(/\n(?=## )/);

  it('opens, after the title and one paragraph, with the quick start: exactly npm install && npm start, then npm test', () => {
    const head = sections[0]!.trim().split(/\n\s*\n/);
    expect(head[0]).toMatch(/^# ducha/);
    expect(head).toHaveLength(2); // the title and one paragraph, nothing else before the quick start
    const quick = sections[1]!;
    expect(quick.split('\n')[0]).toBe('## 快速开始 / Quick start');
    const blocks = [...quick.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
    expect(blocks).toHaveLength(1);
    expect(blocks[0]![2]!.trim().split('\n')).toEqual(['npm install && npm start', 'npm test']);
  });

  it('stays under 400 lines', () => {
    expect(readme.split('\n').length).toBeLessThan(400);
  });

  it('links CONTRIBUTING.md, the user guide and every page under docs/', () => {
    const targets = new Set(links(readme).map((l) => l.target.split('#')[0]));
    expect(targets).toContain('CONTRIBUTING.md');
    const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
    expect(docs.length).toBeGreaterThan(10);
    for (const doc of docs) expect(targets, `README does not link docs/${doc}`).toContain(`docs/${doc}`);
  });

  it('keeps the sections a newcomer and a CI maintainer look for', () => {
    const headings = sections.slice(1).map((s) => s.split('\n')[0]);
    for (const wanted of [
      '## 安全与保密',
      '## 退出码 / Exit codes',
      '## JSON 输出 / JSON output',
      '## 文件位置 / File locations',
    ])
      expect(headings).toContain(wanted);
    expect(readme).toContain('`--reveal-identities`');
  });

  it('shows laptops, bundles and the hub in one picture in its team section (issue 18)', () => {
    const team = sections.find((s) => s.startsWith('## 团队协作'))!;
    const picture = /```text\n([\s\S]*?)```/.exec(team)?.[1] ?? '';
    for (const part of [
      '笔记本',
      'ducha export',
      'ducha import',
      'ducha push',
      'ducha pull',
      'PostgreSQL',
      'ducha hub accept',
      'ducha hub import',
      '--hub',
    ])
      expect(picture, `the picture lacks ${part}`).toContain(part);
  });

  it('shows only ducha command lines the program accepts', () => {
    const lines = commandLines(readme);
    expect(lines.filter((l) => l.whole).length).toBeGreaterThan(20);
    expect(lines.map((l) => [l.text, check(l)] as const).filter(([, why]) => why !== undefined)).toEqual([]);
  });
});

describe('links in the README and docs/*.md', () => {
  it('every relative link names a file that exists, and a heading of it where it names one', () => {
    const broken: string[] = [];
    let count = 0;
    for (const page of PAGES) {
      for (const { target } of links(readFileSync(page, 'utf8'))) {
        count++;
        const why = brokenLink(page, target);
        if (why) broken.push(`${relative(ROOT, page)}: (${target}) ${why}`);
      }
    }
    expect(count).toBeGreaterThan(100);
    expect(broken).toEqual([]);
  });

  it('a message that sends the user to a page under docs/ names one that exists', () => {
    const dirs = ['zh', 'en'].map((lang) => join(ROOT, 'src', 'i18n', lang));
    const named = dirs.flatMap((dir) =>
      readdirSync(dir).flatMap((f) =>
        [...readFileSync(join(dir, f), 'utf8').matchAll(/docs\/[\w.\-\u4e00-\u9fff]+\.md/g)].map((m) => m[0]),
      ),
    );
    expect(named).toContain('docs/checklist-tools.md');
    for (const doc of named) expect(existsSync(join(ROOT, doc)), doc).toBe(true);
  });

  it('the check itself finds a missing file, a missing heading, and GitHub anchors of Chinese and code headings', () => {
    expect(brokenLink(README, 'docs/nothing-here.md')).toMatch(/no file docs\/nothing-here\.md/);
    expect(brokenLink(README, 'docs/commands.md#没有这一节')).toMatch(/no heading/);
    expect(brokenLink(README, 'docs/commands.md#错误代码')).toBeUndefined();
    expect(brokenLink(README, 'https://example.invalid/x.md')).toBeUndefined();
    const heads = anchors(
      '# A\n## 一、开始之前\n## `ducha hub` init\n```\n# not a heading\n```\n## 文档 / Documentation\n## A\n',
    );
    expect([...heads]).toEqual(['a', '一开始之前', 'ducha-hub-init', '文档--documentation', 'a-1']);
  });
});
