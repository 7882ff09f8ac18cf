// The text shown for one item during a run: where it is, its question and basis, guidance per method
// with the records so far, and its conclusion.
import type { Colour } from '../cli/colour.js';
import { t } from '../i18n/index.js';
import { basisText, methodName, resultName } from '../checklist/describe.js';
import { METHODS } from '../checklist/format.js';
import type { ConclusionHead, MethodCounts, RecordRow } from '../store/queries.js';
import type { ItemRef } from './items.js';

export interface CardInput {
  ref: ItemRef;
  position: number;
  total: number;
  counts: MethodCounts;
  records: readonly RecordRow[];
  heads: readonly ConclusionHead[];
  recheck: boolean;
}

const short = (s: string, n = 60) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s);

export function itemCard(input: CardInput, c: Colour): string {
  const { ref, counts, heads } = input;
  const { item, checklist, section } = ref;
  const lines: string[] = [''];
  lines.push(c.dim(`[${input.position}/${input.total}] ${checklist.title} · ${section.id} ${section.title}`));
  lines.push(c.bold(`${item.id}  ${item.title}`));
  lines.push(`${t('checklist.question')}${item.check.trim()}`);
  for (const b of item.basis) lines.push(c.dim(`${t('checklist.basis')}${basisText(b, checklist)}`));
  for (const m of METHODS) {
    const guidance = item.methods[m];
    const required = item.evidence.required.includes(m);
    if (!guidance && counts[m] === 0) continue;
    const mark = required ? (counts[m] > 0 ? c.green('✔') : c.yellow('✱')) : ' ';
    const count = counts[m] > 0 ? c.dim(t('run.recordCount', { n: counts[m] })) : '';
    lines.push(`${mark} ${c.bold(methodName(m))} ${guidance?.trim() ?? ''} ${count}`.trimEnd());
  }
  if (item.evidence.required.some((m) => counts[m] === 0)) lines.push(c.dim(t('run.requiredLegend')));
  for (const r of input.records) {
    const who = [r.subject, r.interviewee].filter(Boolean).join(' · ');
    const files = r.evidence.length ? c.dim(t('run.files', { n: r.evidence.length })) : '';
    lines.push(c.dim(`    ${methodName(r.method)}｜${who ? who + '｜' : ''}${short(r.note)}${files}`));
  }
  if (heads.length > 1) {
    lines.push(c.red(t('run.conflict', { values: heads.map((h) => `${resultName(h.result)}（${h.actor}）`).join(' / ') })));
  } else if (heads[0]) {
    const h = heads[0];
    const practice = h.goodPractice ? c.green(t('run.goodPractice')) : '';
    lines.push(`${t('run.conclusion')}${c.bold(resultName(h.result))}${h.note ? `：${short(h.note, 80)}` : ''}${practice}`);
    if (input.recheck) lines.push(c.yellow(t('run.recheck')));
  } else lines.push(`${t('run.conclusion')}${c.dim(t('result.none'))}`);
  return lines.join('\n');
}
