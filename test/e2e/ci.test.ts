// The GitHub Action (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml): their definitions are
// well-formed, and their command lines run — the Action's lint step as GitHub runs a composite step (bash
// with -eo pipefail, inputs through its env), the hook's entry on the files its patterns select.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv } from '../helpers/run.js';
import { BAD, GOOD, WARNED } from '../helpers/ci.js';

const root = mkdtempSync(join(tmpdir(), 'ducha-ci-'));
const savedTmp = process.env.TMPDIR;
process.env.TMPDIR = root;
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(root, { recursive: true, force: true });
});

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

function exec(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A repository of checklists, as the Action's workspace or a pre-commit run sees it. */
function workspace(): string {
  const dir = mkdtempSync(join(root, 'ws-'));
  mkdirSync(join(dir, 'checklists', 'more'), { recursive: true });
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(dir, 'checklists', 'good.yaml'), GOOD);
  writeFileSync(join(dir, 'checklists', 'more', 'warned.yaml'), WARNED);
  writeFileSync(join(dir, '.github', 'workflows', 'ci.yml'), 'on: push\n');
  return dir;
}

/** ${{ inputs.x }}, ${{ github.x }} as GitHub evaluates them for a composite step. */
function evaluate(text: string, inputs: Record<string, string>, github: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(inputs|github)\.([\w-]+)\s*\}\}/g, (_, scope: string, name: string) => {
    const value = scope === 'inputs' ? (inputs[name] ?? action.inputs[name]?.default ?? '') : github[name];
    if (value === undefined) throw new Error(`unknown expression ${scope}.${name}`);
    return value;
  });
}

/** Run the Action's `ducha lint` step with these inputs, in a workspace, the action checked out at ROOT. */
async function runLintStep(inputs: Record<string, string>, ws: string) {
  const step = action.runs.steps.find((s) => s.run?.includes('lint --format github'))!;
  const github = { action_path: ROOT, workspace: ws };
  const env: Record<string, string | undefined> = cleanEnv({ GITHUB_ACTION_PATH: ROOT, GITHUB_WORKSPACE: ws });
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(v, inputs, github);
  const script = join(mkdtempSync(join(root, 'step-')), 'step.sh');
  writeFileSync(script, evaluate(step.run!, inputs, github));
  // GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`.
  return exec(
    'bash',
    ['--noprofile', '--norc', '-eo', 'pipefail', script],
    evaluate(step['working-directory'] ?? ws, inputs, github),
    env,
  );
}

describe('action.yml', () => {
  it('is a composite action with the inputs paths and max-warnings', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'max-warnings']));
    expect(action.inputs.paths!.default).toBe('checklists');
    expect(action.runs.steps.every((s) => s.uses || s.shell === 'bash')).toBe(true);
    const install = action.runs.steps.find((s) => s.name === 'install ducha')!;
    expect(install.run).toContain('npm ci --ignore-scripts');
    expect(install.run).toContain('node scripts/build.mjs');
    expect(readFileSync(join(ROOT, 'scripts', 'build.mjs'), 'utf8')).toContain('dist');
  });

  it('its lint step passes on clean checklists and puts annotations on the pull request', async () => {
    const ws = workspace();
    const clean = await runLintStep({}, ws);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(
      /^::warning file=checklists\/more\/warned\.yaml,line=\d+,col=\d+,title=paperwork-only::/m,
    );
    writeFileSync(join(ws, 'checklists', 'bad.yaml'), BAD);
    const bad = await runLintStep({}, ws);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^::error file=checklists\/bad\.yaml,line=1,col=1,title=schema::/m);
  });

  it('max-warnings fails on warnings; paths take several entries, and globs reach ducha unexpanded', async () => {
    const ws = workspace();
    const strict = await runLintStep({ 'max-warnings': '0' }, ws);
    expect(strict.code).toBe(1);
    const two = await runLintStep({ paths: 'checklists/good.yaml\nchecklists/more/warned.yaml' }, ws);
    expect(two.code, two.stdout + two.stderr).toBe(0);
    expect(two.stdout).toContain('warned.yaml');
    const one = await runLintStep({ paths: 'checklists/good.yaml', 'max-warnings': '0' }, ws);
    expect(one.code, one.stdout + one.stderr).toBe(0);
    // bash alone would read ** as * and never reach a/b/deep.yaml; ducha's glob does.
    mkdirSync(join(ws, 'checklists', 'a', 'b'), { recursive: true });
    writeFileSync(join(ws, 'checklists', 'a', 'b', 'deep.yaml'), BAD);
    const globbed = await runLintStep({ paths: 'checklists/**/*.yaml' }, ws);
    expect(globbed.code).toBe(1);
    expect(globbed.stdout).toContain('::error file=checklists/a/b/deep.yaml');
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<
    Record<string, string | boolean>
  >;
  const hook = hooks.find((h) => h.id === 'ducha-lint')!;

  it('defines ducha-lint: language node, entry ducha lint, YAML files', () => {
    expect(hook).toMatchObject({ id: 'ducha-lint', language: 'node', entry: 'ducha lint', files: '\\.ya?ml$' });
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin.ducha).toBe('bin/ducha.js'); // language: node installs the package, whose bin is `ducha`
  });

  it('selects checklist files, not the YAML of hidden folders, and its entry runs on them', async () => {
    const files = [
      'checklists/good.yaml',
      'checklists/more/warned.yaml',
      'README.md',
      '.github/workflows/ci.yml',
      '.pre-commit-config.yaml',
      'package.json',
    ];
    const include = new RegExp(String(hook.files));
    const exclude = new RegExp(String(hook.exclude));
    const selected = files.filter((f) => include.test(f) && !exclude.test(f));
    expect(selected).toEqual(['checklists/good.yaml', 'checklists/more/warned.yaml']);
    // pre-commit puts the installed package's bin on PATH and runs the entry with the files appended.
    const bin = mkdtempSync(join(root, 'bin-'));
    symlinkSync(BIN, join(bin, 'ducha'));
    const ws = workspace();
    const env = cleanEnv({ PATH: `${bin}:${process.env.PATH}` });
    const [command, ...args] = String(hook.entry).split(' ');
    const ok = await exec(command!, [...args, ...selected], ws, env);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    writeFileSync(join(ws, 'checklists', 'bad.yaml'), BAD);
    const failed = await exec(command!, [...args, ...selected, 'checklists/bad.yaml'], ws, env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('checklists/bad.yaml:1:1');
  });
});
