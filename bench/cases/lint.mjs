// Lint 1,000 generated checklist files of ~60 items each: ducha lint against ajv-cli validate on the
// same files (target: ratio ≤ 1.0 — ducha checks more and must still be faster).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { BIN, ROOT, compare, progress, row, timeRun } from '../lib.mjs';

export function generateChecklist(n, items = 60) {
  const lines = [
    'format: ducha-checklist/1',
    `id: gen-${String(n).padStart(4, '0')}`,
    'version: 1.0.0',
    `title: 生成的检查清单 ${n}`,
    'description: 基准测试用的生成清单，结构与内置清单一致。',
    'sources:',
    '  - id: tiaoli',
    '    title: 中国共产党政法工作条例',
    "    issued: '2019-01-13'",
    '    articles: 39',
    '  - id: zhongda',
    '    title: 中国共产党重大事项请示报告条例',
    'applies_to: [plac, county-party-committee, township]',
    'sections:',
  ];
  const perSection = 10;
  for (let s = 0; s < items / perSection; s++) {
    lines.push(`  - id: S${s + 1}`, `    title: 第${s + 1}部分 制度建立和执行情况`, '    items:');
    for (let i = 0; i < perSection; i++) {
      const k = s * perSection + i + 1;
      const id = `GN-${String(k).padStart(2, '0')}`;
      lines.push(
        `      - id: ${id}`,
        `        title: 检查事项 ${k}：请示报告事项清单及登记制度`,
        '        check: 是否制定请示报告事项清单并严格执行，重大事项是否事前请示，请示是否一文一事、逐级请示，报告中是否夹带请示事项？',
        '        basis:',
        '          - source: tiaoli',
        `            article: ${[11, 12, 14, 15, 16, 17][k % 6]}`,
        '            chapter: 第六章 请示报告',
        '          - source: zhongda',
        '        methods:',
        '          listen: 听取党委政法委关于请示报告工作的专题汇报，请其说明本年度请示、报告的数量、事项和办理结果。',
        '          check: 调阅本年度请示报告登记簿、请示件和批复件，随机抽取 10 件核对是否一文一事、是否逐级请示、是否由主要负责人签发。',
        '          talk: 与政法委办公室负责人和两名经办人员个别谈话，了解请示报告的实际做法和遇到的困难。',
        '          visit: 走访两个政法单位，核实其向政法委请示报告的事项和办理情况是否与登记一致。',
        '        evidence:',
        '          required: [check, talk]',
        `        severity: ${['high', 'medium', 'low'][k % 3]}`,
        // Clean as the shipped checklists are: the requirement names evidence of effect (paper-rectification).
        '        rectification: 建立健全请示报告事项清单和登记制度，明确请示报告的范围、程序和时限，于督查反馈后两个月内报送整改情况，附近三个月的请示报告登记簿运行记录。',
      );
      if (i > 0 && i % 4 === 0)
        lines.push(`        when: {item: GN-${String(k - 1).padStart(2, '0')}, result: [compliant, partial]}`);
    }
  }
  return lines.join('\n') + '\n';
}

export async function lint() {
  const dir = join(tmpdir(), 'ducha-bench-lint');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let n = 0; n < 1000; n++) {
    const text = generateChecklist(n);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, `gen-${n}.yaml`), text);
  }
  progress('lint: 1,000 files written, timing…');
  const ajv = join(ROOT, 'node_modules', '.bin', 'ajv');
  const { a, b } = compare(
    3,
    () => timeRun(process.execPath, [BIN, 'lint', dir, '--format', 'json']),
    () => timeRun(ajv, ['validate', '-s', join(ROOT, 'schema', 'checklist.schema.json'), '-d', join(dir, '*.yaml')]),
  );
  rmSync(dir, { recursive: true, force: true });
  return [
    row({
      metric: `lint 1,000 files (${(bytes / 1e6).toFixed(1)} MB) vs ajv-cli validate`,
      ducha: a,
      peer: b,
      target: 'ratio ≤ 1.0',
      pass: a / b <= 1.0,
    }),
  ];
}
