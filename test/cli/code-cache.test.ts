// The shared chunk runs as a script with V8's code cache (scripts/script-chunk.mjs): the build's cache is used,
// and a cache that is missing, damaged, cut short, made for another build or rejected by V8 is ignored — the
// commands still run right. Each case runs a copy of the built program, so the real dist/ is never touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import { ROOT, tempDir } from '../helpers/run.js';

const copy = tempDir('ducha-code-cache-');
const home = tempDir('ducha-code-cache-home-');
let cacheFile = '';
let intact: Buffer;

beforeAll(() => {
  cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
  for (const name of ['package.json', 'node_modules', 'checklists', 'templates', 'schema'])
    symlinkSync(join(ROOT, name), join(copy, name));
  const chunks = join(copy, 'dist', 'chunks');
  const caches = readdirSync(chunks).filter((f) => f.endsWith('.script.cache'));
  expect(caches).toHaveLength(1);
  cacheFile = join(chunks, caches[0]!);
  intact = readFileSync(cacheFile);
  mkdirSync(join(home, 'data'));
});
afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

/** Runs the copy's ducha with the cache's own debug log on (NODE_DEBUG=ducha_code_cache). */
function ducha(...argv: string[]) {
  const r = spawnSync(process.execPath, [join(copy, 'bin', 'ducha.js'), ...argv], {
    env: {
      PATH: process.env.PATH,
      HOME: home,
      DUCHA_DATA_DIR: join(home, 'data'),
      DUCHA_ACTOR: 'test',
      DUCHA_LANG: 'zh',
      NO_COLOR: '1',
      NODE_DEBUG: 'ducha_code_cache',
    },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A cache file as the build writes it: magic, the script's hash, the payload's hash, the payload. */
function withHeader(scriptHash: string, payload: Buffer): Buffer {
  const payloadHash = createHash('sha256').update(payload).digest('hex');
  return Buffer.concat([Buffer.from(`ducha-v8-cache/1\n${scriptHash}\n${payloadHash}\n`), payload]);
}
const header = () =>
  intact.toString('latin1', 0, intact.indexOf(10, intact.indexOf(10, intact.indexOf(10) + 1) + 1) + 1);
const scriptHashOf = () => header().split('\n')[1]!;

describe('the shared chunk’s code cache', () => {
  it('is made by the build and used', () => {
    writeFileSync(cacheFile, intact);
    const made = ducha(
      'inspection',
      'new',
      '--checklist',
      'qingshi-baogao',
      '--unit',
      '某县委政法委',
      '--unit-kind',
      'plac',
    );
    expect(made.code).toBe(0);
    expect(made.stderr).toMatch(/code cache used/);
    expect(header()).toMatch(/^ducha-v8-cache\/1\n[0-9a-f]{64}\n[0-9a-f]{64}\n$/);
  });

  const damaged = () => {
    const bytes = Buffer.from(intact);
    for (let i = header().length + 64; i < bytes.length; i += 97) bytes[i] = bytes[i]! ^ 0x5a;
    return bytes;
  };
  const cases: Array<[string, () => Buffer | undefined, RegExp]> = [
    ['missing', () => undefined, /no code cache/],
    ['empty', () => Buffer.alloc(0), /not made for this script/],
    ['damaged (bytes changed after the header)', damaged, /damaged/],
    ['cut short', () => intact.subarray(0, Math.floor(intact.length / 2)), /damaged/],
    [
      'made for another script',
      () => withHeader('0'.repeat(64), intact.subarray(header().length)),
      /not made for this script/,
    ],
    [
      'V8’s cache of other code (which V8 refuses)',
      () => withHeader(scriptHashOf(), new Script('globalThis.x = 1 + 1').createCachedData()),
      /rejected by V8/,
    ],
  ];
  it.each(cases)('%s: ignored, and record and inspection show still run right', (_, bytes, log) => {
    const cache = bytes();
    if (cache) writeFileSync(cacheFile, cache);
    else rmSync(cacheFile, { force: true });
    try {
      const made = ducha(
        'inspection',
        'new',
        '--checklist',
        'qingshi-baogao',
        '--unit',
        '某县委政法委',
        '--unit-kind',
        'plac',
      );
      expect(made.stderr).toMatch(log);
      expect(made.code).toBe(0);
      const id = made.stdout.trim();
      const recorded = ducha('record', id, 'QS-01', '--method', 'check', '--subject', '登记簿', '--note', '抽查 5 件');
      expect(recorded.code).toBe(0);
      expect(recorded.stdout).toContain('已保存「查」记录（条目 QS-01');
      const shown = ducha('inspection', 'show', id, '--json');
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.stdout).ok).toBe(true);
      expect(shown.stdout).toContain(id);
    } finally {
      writeFileSync(cacheFile, intact);
    }
  });
});
