// Source kinds: a document is cited in 《》, a meeting's spirit and a province's own rule as titled; an unknown
// kind is a schema problem at its line; files without kinds read as before.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { basisText, sourceTitle } from '../../src/checklist/describe.js';
import { loadChecklistBytes } from '../../src/checklist/load.js';
import { FIXTURES, runMain } from '../helpers/run.js';

const VALID = join(FIXTURES, 'checklists', 'valid');

describe('source kinds', () => {
  it('print a document in 《》 and a meeting or a local rule as titled', () => {
    expect(sourceTitle({ title: '中国共产党政法工作条例' })).toBe('《中国共产党政法工作条例》');
    expect(sourceTitle({ title: '中国共产党政法工作条例', kind: 'document' })).toBe('《中国共产党政法工作条例》');
    expect(sourceTitle({ title: '中央政法委员会全体会议精神（2020年7月）', kind: 'meeting' })).toBe(
      '中央政法委员会全体会议精神（2020年7月）',
    );
    expect(sourceTitle({ title: '《吉林省乡镇（街道）政法委员工作规定》', kind: 'local' })).toBe(
      '《吉林省乡镇（街道）政法委员工作规定》',
    );
    const sources = [{ id: 'huiyi', title: '中央政法委员会全体会议精神（2020年7月）', kind: 'meeting' as const }];
    expect(basisText({ source: 'huiyi', quote: '建立健全定期通报制度' }, { sources })).toBe(
      '中央政法委员会全体会议精神（2020年7月）：“建立健全定期通报制度”',
    );
  });

  it('ducha checklist show prints them so, and says a local source is for the province to name', async () => {
    const r = await runMain(['checklist', 'show', 'fixture-local-source', '--checklists', VALID]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('依据：《中国共产党政法工作条例》第11条');
    expect(r.stdout).toContain('依据：中央政法委员会全体会议精神（2020年7月）\n');
    expect(r.stdout).toContain('依据：本省（区、市）关于乡镇（街道）政法委员配备和管理的规定\n');
    expect(r.stdout).not.toContain('《中央政法委员会全体会议精神');
    expect(r.stdout).toContain(
      '本省（区、市）关于乡镇（街道）政法委员配备和管理的规定（本省（区、市）规定：使用时把标题改为本省文件名称）',
    );
  });

  it('an unknown kind is a schema problem on its line, naming the allowed kinds', () => {
    const text = readFileSync(join(VALID, 'local-source.yaml'), 'utf8').replace('kind: local', 'kind: provincial');
    const loaded = loadChecklistBytes(Buffer.from(text), 'bad.yaml');
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatchObject({ code: 'schema', severity: 'error', line: 16 });
    expect(loaded.problems[0]!.message).toMatch(/document.*meeting.*local/);
  });
});
