// Data cannot drive the terminal: escape sequences, OSC 8 hyperlinks, carriage returns, backspaces, bell and
// bidirectional overrides in notes, --actor, unit names, team names, checklist titles, unknown YAML keys and
// evidence file names arriving in a bundle are shown, never obeyed — in every command that prints them, in
// every lint format (GitHub annotations cannot be forged), with and without colour.
import { readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNNERS, ROOT, cleanEnv, runMain, tempDir, type RunResult } from '../helpers/run.js';
import { openStore } from '../../src/store/open.js';
import { putBytes } from '../../src/store/blobs.js';

const ESC = '\u001b';
/** Injected into every field: colour, hide, clear screen, title, hyperlink, CR overwrite, backspaces, bell, RLO, C1 CSI. */
const EVIL = `${ESC}[31m红${ESC}[8m隐${ESC}[2J${ESC}]0;标题\u0007${ESC}]8;;https://evil.example/${ESC}\\链接${ESC}]8;;${ESC}\\\r覆盖\b\b\u0007\u202etxt.exe\u009b2J`;
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const OURS = new RegExp(`${ESC}\\[(31|33|32|36|2|1|4|39|22|24)m`, 'g');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Output a terminal may safely show: no control character at all (no colour), or only our own colours. */
function safe(r: RunResult, what: string, colour = false): void {
  for (const [name, text] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
  ] as const) {
    const rest = colour ? text.replace(OURS, '') : text;
    const bad = ACTIVE.exec(rest);
    expect(
      bad,
      `${what} (${name}) printed U+${bad?.[0].codePointAt(0)!.toString(16)} raw:\n${JSON.stringify(text.slice(Math.max(0, (bad?.index ?? 0) - 40), (bad?.index ?? 0) + 40))}`,
    ).toBeNull();
    expect(
      text.split('\n').filter((l) => /^\s*(::|##\[)/.test(l)),
      `${what} (${name}): a line poses as a CI command`,
    ).toEqual([]);
  }
}

interface World {
  dir: string;
  env: Record<string, string | undefined>;
  db: string;
  id: string;
  other: string;
  problem: string;
  blob: string;
  hidden: string;
  run: (argv: string[], env?: Record<string, string>) => Promise<RunResult>;
}

async function world(): Promise<World> {
  const dir = tempDir('ducha-inject-');
  const env = cleanEnv({ DUCHA_ACTOR: '张三' });
  dirs.push(dir, env.HOME!);
  const db = join(dir, 'ducha.db');
  const run = (argv: string[], extra: Record<string, string> = {}) =>
    runMain(['--db', db, ...argv], { env: { ...env, ...extra }, cwd: dir });
  // A user checklist whose title, section and item titles carry the payload.
  const folder = join(dir, 'mine');
  mkdirSync(folder);
  const yamlEvil = JSON.stringify(EVIL); // a JSON string is a valid YAML double-quoted scalar
  const text = readFileSync(join(ROOT, 'checklists', 'qingshi-baogao.yaml'), 'utf8')
    .replace(/^id: qingshi-baogao$/m, 'id: evil-list')
    .replace(/^title: .*$/m, `title: ${yamlEvil}`);
  writeFileSync(join(folder, 'evil.yaml'), text);
  const ok = async (argv: string[], extra: Record<string, string> = {}) => {
    const r = await run(argv, extra);
    expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r.stdout.trim();
  };
  const id = await ok([
    'inspection',
    'new',
    '--checklists',
    folder,
    '--checklist',
    'evil-list',
    '--unit',
    `某单位${EVIL}`,
    '--unit-kind',
    'plac',
    '--team',
    `张三,${EVIL}`,
    '--region',
    EVIL,
    '--title',
    `标题${EVIL}`,
    '--start',
    '2026-11-20', // before the problems' fixed deadlines, whatever the day the test runs
  ]);
  const other = await ok([
    'inspection',
    'new',
    '--checklists',
    folder,
    '--checklist',
    'evil-list',
    '--unit',
    `某单位${EVIL}`,
    '--unit-kind',
    'plac',
  ]);
  await ok(
    ['record', id, 'QS-01', '--method', 'check', '--note', `记录${EVIL}`, '--subject', EVIL, '--interviewee', EVIL],
    { DUCHA_ACTOR: `李四${EVIL}` },
  );
  await ok(['conclude', id, 'QS-01', '--result', 'noncompliant', '--note', `结论${EVIL}`, '--reason', EVIL]);
  const problem = JSON.parse(
    await ok([
      'problem',
      'add',
      id,
      '--item',
      'QS-01',
      '--description',
      `问题${EVIL}`,
      '--unit',
      EVIL,
      '--leader',
      EVIL,
      '--person',
      EVIL,
      '--deadline',
      '2027-01-31',
      '--json',
    ]),
  ).data.id as string;
  await ok(['rectify', problem, '--status', 'rectifying', '--note', `进展${EVIL}`], { DUCHA_ACTOR: `王五${EVIL}` });
  // An evidence file whose name came from elsewhere (a bundle from a laptop that did not clean it): written
  // straight into the log, as an import would.
  const store = openStore(db);
  let blob = '';
  let hidden = '';
  store.write(() => {
    blob = putBytes(store.db, Buffer.from('evidence bytes')).sha256;
    hidden = putBytes(store.db, Buffer.from('export PATH=/tmp/evil:$PATH')).sha256;
    const refs = [
      { sha256: blob, name: `登记簿${EVIL}.jpg`, size: 14, mime: 'image/jpeg' },
      { sha256: hidden, name: '../../.bashrc', size: 27, mime: 'text/plain' },
    ];
    store.append(`赵六${EVIL}`, 'record.added', {
      id: store.newId(),
      inspectionId: id,
      checklistId: 'evil-list',
      itemId: 'QS-02',
      method: 'check',
      note: EVIL,
      evidence: refs,
    });
  });
  store.close();
  return { dir, env, db, id, other, problem, blob, hidden, run };
}

describe('data in what ducha prints', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  const readers = (w: World): string[][] => [
    ['inspection', 'list'],
    ['inspection', 'show', w.id],
    ['problem', 'list', w.id],
    ['problem', 'show', w.problem],
    ['checklist', 'list', '--checklists', join(w.dir, 'mine')],
    ['checklist', 'show', 'evil-list', '--checklists', join(w.dir, 'mine')],
    ['summary'],
    ['compare', w.id, w.other],
    ['team', 'list'],
    ['conflicts', 'list'],
    ['problem', 'propose', w.id, '--dry-run'],
    ['inspection', 'show', `${w.id}${EVIL}`],
    ['problem', 'show', EVIL],
  ];

  it('is shown, never obeyed: no control character reaches the terminal, no line poses as a CI command', async () => {
    for (const argv of readers(w)) safe(await w.run(argv), argv.join(' ').slice(0, 60));
  });

  it('with colour on, the only escape sequences are ducha’s own colours; the data’s are visible', async () => {
    let visible = 0;
    for (const argv of readers(w)) {
      const r = await w.run(argv, { FORCE_COLOR: '1' });
      safe(r, `FORCE_COLOR ${argv.join(' ').slice(0, 60)}`, true);
      if ((r.stdout + r.stderr).includes('␛[8m')) visible++;
    }
    expect(visible).toBeGreaterThan(5);
    const show = await w.run(['inspection', 'show', w.id], { FORCE_COLOR: '1' });
    expect(show.stdout).toMatch(new RegExp(`${ESC}\\[1m`)); // our bold title is still bold
  });

  it('--json keeps the data exactly and carries nothing a terminal acts on but what JSON escapes', async () => {
    const r = await w.run(['problem', 'show', w.problem, '--json']);
    expect(r.stdout).not.toMatch(/[\u0080-\u009f\u202a-\u202e]/);
    expect(JSON.parse(r.stdout).data.description).toBe(`问题${EVIL}`);
  });

  it('evidence get: the name from the bundle is shown cleaned, and the default file name has no folder, no leading dot, nothing hidden', async () => {
    const out = join(w.dir, 'out');
    mkdirSync(out);
    for (const sha of [w.blob, w.hidden]) {
      const r = await runMain(['--db', w.db, 'evidence', 'get', sha.slice(0, 12)], { env: w.env, cwd: out });
      expect(r.code, r.stderr).toBe(0);
      safe(r, 'evidence get');
    }
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    for (const name of files) {
      expect(name).not.toMatch(/^\.|\/|\\/);
      expect(name).not.toMatch(ACTIVE);
    }
    expect(files).toContain('_bashrc');
    expect(readdirSync(w.dir)).not.toContain('.bashrc');
    expect(readFileSync(join(out, '_bashrc'), 'utf8')).toBe('export PATH=/tmp/evil:$PATH');
    // Again: the same default name exists now, so it is refused without --force.
    const again = await runMain(['--db', w.db, 'evidence', 'get', w.hidden.slice(0, 12)], { env: w.env, cwd: out });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/已存在/);
  });
});

describe('unknown YAML keys in lint messages', () => {
  let file: string;
  let dir: string;
  beforeAll(() => {
    dir = tempDir('ducha-lint-inject-');
    dirs.push(dir);
    file = join(dir, 'evil.yaml');
    const key = JSON.stringify(`bad${EVIL}\n::error file=forged.yaml,line=1::伪造的错误%0A::warning::又一个`);
    const text = readFileSync(join(ROOT, 'checklists', 'qingshi-baogao.yaml'), 'utf8').replace(
      /^version: (.*)$/m,
      `version: $1\n${key}: 1\n"two\\nlines": 2`,
    );
    writeFileSync(file, text);
  });

  for (const [name, run] of RUNNERS) {
    it(`stylish, junit and json show them (${name}); github annotations stay one per problem`, async () => {
      const env = cleanEnv();
      dirs.push(env.HOME!);
      for (const format of ['stylish', 'junit', 'json']) {
        const r = await run(['lint', file, '--format', format], { env, cwd: dir });
        expect(r.code, `${format}\n${r.stderr}`).toBe(1);
        safe(r, `lint --format ${format}`);
        if (format === 'json') expect(JSON.parse(r.stdout).problems.length).toBeGreaterThanOrEqual(2);
      }
      const gh = await run(['lint', file, '--format', 'github'], { env, cwd: dir });
      expect(gh.code).toBe(1);
      const problems = JSON.parse((await run(['lint', file, '--format', 'json'], { env, cwd: dir })).stdout).problems
        .length;
      const annotations = gh.stdout.split('\n').filter((l) => l.startsWith('::'));
      expect(annotations).toHaveLength(problems);
      expect(
        annotations.every((l) => /^::(error|warning) file=[^,]*evil\.yaml,line=\d+,col=\d+,title=[a-z-]+::/.test(l)),
        annotations.join('\n'),
      ).toBe(true);
      expect(gh.stdout).not.toMatch(ACTIVE);
      expect(gh.stdout).toContain('%250A::warning::'); // the data's own "%0A" cannot become a newline
    });
  }
});
