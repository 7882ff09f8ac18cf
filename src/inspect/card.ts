// The text shown for one item during a run: where it is, its question and basis, guidance per method
// with the records so far, and its conclusion — fitted to the terminal so that the question and its
// basis stay in view above the menu (the latest records are shown, the rest on demand).
import type { Colour } from '../util/colour.js';
import { t } from '../i18n/index.js';
import { basisText, methodName, resultName } from '../checklist/describe.js';
import { METHODS } from '../checklist/format.js';
import { expectedRecords } from '../checklist/guidance.js';
import type { ConclusionHead, MethodCounts, RecordRow } from '../store/queries.js';
import { displayWidth, rowsOf, truncate } from '../util/width.js';
import type { ScreenSize } from './prompter.js';
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

export interface Fit {
  screen: ScreenSize;
  /** Rows the prompt below the card takes (its message, choices and key help). */
  below: number;
}

export interface Card {
  text: string;
  /** Records left out to keep the question in view (offered on demand). */
  hidden: number;
}

/** Records shown at least, when there is room for them. */
const FEW = 3;

const short = (s: string, n = 60) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s);

export function itemCard(input: CardInput, c: Colour, fit?: Fit): Card {
  const { ref } = input;
  const { item, checklist, section } = ref;
  const columns = fit ? fit.screen.columns - 1 : Infinity;
  const one = (s: string) => (columns === Infinity ? s : truncate(s, columns));
  const head = [
    c.dim(one(`[${input.position}/${input.total}] ${checklist.title} · ${section.id} ${section.title}`)),
    c.bold(`${item.id}  ${item.title}`),
    `${t('checklist.question')}${item.check.trim()}`,
  ];
  const basis = item.basis.map((b) => `${t('checklist.basis')}${basisText(b, checklist)}`);
  const tail = conclusionLines(input, c);
  const marks = methodMarks(input, c);
  const legend = marks.some((m) => m.short) ? [c.dim(t('run.requiredLegend'))] : [];
  const recordLine = (r: RecordRow, width: number) => {
    const who = [r.subject, r.interviewee].filter(Boolean).join(' · ');
    const files = r.evidence.length ? t('run.files', { n: r.evidence.length }) : '';
    const prefix = `    ${methodName(r.method)}｜${who ? who + '｜' : ''}`;
    return c.dim(
      width === Infinity
        ? `${prefix}${short(r.note)}${files}`
        : truncate(`${prefix}${r.note.replace(/\s+/g, ' ')}`, width - displayWidth(files)) + files,
    );
  };

  const full = [
    '',
    ...head,
    ...basis.map((b) => c.dim(b)),
    ...marks.map((m) => m.full),
    ...legend,
    ...input.records.map((r) => recordLine(r, Infinity)),
    ...tail,
  ];
  if (!fit) return { text: full.join('\n'), hidden: 0 };
  const budget = fit.screen.rows - fit.below;
  const rows = (lines: readonly string[]) => lines.reduce((n, l) => n + rowsOf(l, fit.screen.columns), 0);
  if (rows(full) <= budget) return { text: full.join('\n'), hidden: 0 };

  // Tighter and tighter until the question, its basis and the conclusion fit with a few records.
  const basisRows = [basis.map((b) => c.dim(b)), basis.map((b) => c.dim(one(b)))];
  const methodRows = [marks.map((m) => m.row(columns)), [methodLine(marks, columns, c)]];
  for (const [b, m, withLegend] of [
    [0, 0, true],
    [0, 0, false],
    [0, 1, false],
    [1, 1, false],
  ] as const) {
    const fixed = [...head, ...basisRows[b]!, ...methodRows[m]!, ...(withLegend ? legend : []), ...tail];
    const room = budget - rows(fixed);
    const shown = recordsThatFit(input.records.length, room);
    const last = b === 1 && m === 1;
    if (shown >= Math.min(FEW, input.records.length) || last) {
      const hidden = input.records.length - shown;
      const lines = [...head, ...basisRows[b]!, ...methodRows[m]!, ...(withLegend ? legend : [])];
      if (hidden > 0) lines.push(c.dim(one(t('run.moreRecords', { hidden, total: input.records.length }))));
      lines.push(...input.records.slice(hidden).map((r) => recordLine(r, columns)), ...tail);
      return { text: lines.join('\n'), hidden };
    }
  }
  /* c8 ignore next */
  return { text: full.join('\n'), hidden: 0 };
}

/** How many one-row records fit in `room` rows, keeping a row for "另有 N 条" when some are left out. */
function recordsThatFit(count: number, room: number): number {
  if (count <= room) return count;
  return Math.max(0, room - 1);
}

interface MethodMark {
  method: string;
  /** Required and still short of records. */
  short: boolean;
  full: string;
  row: (columns: number) => string;
  compact: string;
}

/** One line per method with guidance or records: ✱ required and missing, ✔ required and done, n/m counts. */
function methodMarks(input: CardInput, c: Colour): MethodMark[] {
  const { item } = input.ref;
  const out: MethodMark[] = [];
  for (const m of METHODS) {
    const guidance = item.methods[m]?.trim();
    const n = input.counts[m];
    if (!guidance && n === 0) continue;
    const expected = expectedRecords(m, guidance);
    const required = item.evidence.required.includes(m);
    const short = required && n < expected;
    const mark = required ? (short ? c.yellow('✱') : c.green('✔')) : ' ';
    const count = expected > 1 ? t('run.recordRatio', { n, expected }) : n > 0 ? t('run.recordCount', { n }) : '';
    const paint = (s: string) => (short ? c.yellow(s) : c.dim(s));
    const shownCount = count ? paint(count) : '';
    const name = c.bold(methodName(m));
    out.push({
      method: m,
      short,
      full: `${mark} ${name} ${guidance ?? ''} ${shownCount}`.trimEnd(),
      row: (columns) => {
        const room = columns - 4 - displayWidth(methodName(m)) - displayWidth(count);
        return `${mark} ${name} ${guidance ? truncate(guidance, room) : ''} ${shownCount}`.trimEnd();
      },
      compact: `${required ? mark : ''}${name}${expected > 1 ? ' ' + paint(`${n}/${expected}`) : n > 0 ? ' ' + c.dim(String(n)) : ''}`,
    });
  }
  return out;
}

/** All methods on one row, with record counts: "方法：听  ✔查 9  ✱谈 1/2    ✱ 结论前须有记录". */
function methodLine(marks: readonly MethodMark[], columns: number, c: Colour): string {
  const line = `${t('run.methodsLabel')}${marks.map((m) => m.compact).join('  ')}`;
  const legend = marks.some((m) => m.short) ? `    ${c.dim(t('run.requiredShort'))}` : '';
  if (displayWidth(line + legend) <= columns) return line + legend;
  return displayWidth(line) <= columns ? line : marks.map((m) => m.compact).join(' ');
}

function conclusionLines(input: CardInput, c: Colour): string[] {
  const { heads } = input;
  if (heads.length > 1)
    return [
      c.red(t('run.conflict', { values: heads.map((h) => `${resultName(h.result)}（${h.actor}）`).join(' / ') })),
    ];
  const h = heads[0];
  if (!h) return [`${t('run.conclusion')}${c.dim(t('result.none'))}`];
  const practice = h.goodPractice ? c.green(t('run.goodPractice')) : '';
  const lines = [
    `${t('run.conclusion')}${c.bold(resultName(h.result))}${h.note ? `：${short(h.note, 80)}` : ''}${practice}`,
  ];
  if (input.recheck) lines.push(c.yellow(t('run.recheck')));
  return lines;
}
