// One item from one table row: question, basis (its documents resolved to the checklist's sources),
// guidance per method, required records, severity, rectification, condition and scope — each value read as
// offices write it, each doubt reported at its cell.
import { t } from '../../i18n/index.js';
import { METHODS } from '../format.js';
import type { Method, Source } from '../schema.js';
import type { CellRef } from './grid.js';
import type { Field } from './columns.js';
import type { Issue } from './issues.js';
import type { RawItem } from './rows.js';
import { stripNumbering } from './rows.js';
import { parseBasis } from './basis-text.js';
import { splitMethods } from './methods-text.js';
import { parseKinds, parseMethods, parseSeverity, parseWhen } from './values.js';
import { canonicalTitle, CITABLE_ARTICLES } from './known-sources.js';

type Basis = { source: string; article?: number; chapter?: string; quote?: string };

/** The checklist's sources: those declared, then those the 依据 cells name, added as they are met. */
export class SourceBook {
  readonly sources: Source[] = [];
  private readonly pending: Array<{ basis: Basis; ref: CellRef; articleText?: string }> = [];

  constructor(
    private readonly known: readonly Source[],
    private readonly notes: string[],
  ) {}

  declare(fields: Record<string, string | number>): void {
    this.sources.push({ ...fields } as unknown as Source);
  }

  /** Titles that may stand without 《》 (declared sources not cited as documents, e.g. a meeting). */
  titles(): string[] {
    return this.sources.map((s) => s.title).filter((x): x is string => typeof x === 'string');
  }

  idFor(title: string): string {
    const canonical = canonicalTitle(title);
    const same = (s: Source) => s.title === title || canonicalTitle(String(s.title)) === canonical;
    const found = this.sources.find(same);
    if (found) return found.id;
    const builtin = this.known.find(same);
    if (builtin && !this.sources.some((s) => s.id === builtin.id)) {
      this.sources.push({ ...builtin });
      this.notes.push(t('table.note.sourceKnown', { id: builtin.id, title: builtin.title }));
      return builtin.id;
    }
    let n = 1;
    while (this.sources.some((s) => s.id === `source-${n}`)) n++;
    this.sources.push({ id: `source-${n}`, title: canonical });
    this.notes.push(t('table.note.sourceNew', { id: `source-${n}`, title: canonical }));
    return `source-${n}`;
  }

  /** A basis that names no document: settled at the end, when every source is known. */
  later(basis: Basis, ref: CellRef, articleText?: string): void {
    this.pending.push({ basis, ref, articleText });
  }

  resolvePending(issues: Issue[]): void {
    for (const { basis, ref, articleText } of this.pending) {
      if (this.sources.length === 1) {
        basis.source = this.sources[0]!.id;
        this.checkArticle(basis, ref, articleText, issues);
      } else
        issues.push({
          ref,
          code: 'basis-no-source',
          severity: 'error',
          message: t('table.basis.noSource', { text: articleText ?? '' }),
        });
    }
  }

  /** An article of the Regulation outside the verified numbers is kept as written, and said so. */
  checkArticle(basis: Basis, ref: CellRef, articleText: string | undefined, issues: Issue[]): void {
    if (basis.article === undefined) return;
    const source = this.sources.find((s) => s.id === basis.source);
    const citable = source ? CITABLE_ARTICLES[canonicalTitle(String(source.title))] : undefined;
    if (citable && !citable.includes(basis.article)) {
      issues.push({
        ref,
        code: 'article-unverified',
        severity: 'warning',
        message: t('table.basis.unverified', {
          text: articleText ?? String(basis.article),
          n: basis.article,
          title: String(source!.title),
          citable: citable.join('、'),
        }),
      });
    }
  }
}

export interface ItemContext {
  path: string;
  generatedId?: string;
  book: SourceBook;
  refs: Map<string, CellRef>;
  issues: Issue[];
  missing: Set<Field>;
}

export function buildItem(raw: RawItem, ctx: ItemContext): Record<string, unknown> {
  const { path, refs, issues } = ctx;
  const cell = (field: Field) => (raw.cells[field]?.text ? raw.cells[field] : undefined);
  // Placed at the field's cell even when it is empty: 「第 6 行 检查内容 列」 is where the question is missing.
  const at = (suffix: string, field: Field) => {
    const c = raw.cells[field];
    if (c) refs.set(`${path}/${suffix}`, c.ref);
  };
  refs.set(path, raw.ref);
  const item: Record<string, unknown> = {};
  item.id = cell('id')?.text ?? ctx.generatedId ?? '';
  at('id', 'id');
  const check = stripNumbering(cell('check')?.text ?? '');
  const title = cell('title') ? stripNumbering(cell('title')!.text) : ctx.missing.has('title') ? shortTitle(check) : '';
  item.title = title;
  at('title', 'title');
  item.check = check;
  at('check', 'check');

  const basis: Basis[] = [];
  const basisCell = cell('basis');
  if (basisCell) {
    refs.set(`${path}/basis`, basisCell.ref);
    const parsed = parseBasis(basisCell.text, ctx.book.titles());
    for (const entry of parsed.entries) {
      const b: Basis = { source: '' };
      if (entry.article !== undefined) b.article = entry.article;
      if (entry.chapter !== undefined) b.chapter = entry.chapter;
      if (entry.quote !== undefined) b.quote = entry.quote;
      refs.set(`${path}/basis/${basis.length}`, basisCell.ref);
      basis.push(b);
      if (entry.title === undefined) ctx.book.later(b, basisCell.ref, entry.articleText ?? entry.chapter);
      else {
        b.source = ctx.book.idFor(entry.title);
        ctx.book.checkArticle(b, basisCell.ref, entry.articleText, issues);
      }
    }
    if (parsed.leftovers.length > 0) {
      issues.push({
        ref: basisCell.ref,
        code: 'basis-text',
        severity: 'warning',
        message: t('table.basis.leftover', { text: parsed.leftovers.join('」「') }),
      });
    }
  }
  item.basis = basis;
  if (!basisCell) at('basis', 'basis');

  const methods: Partial<Record<Method, string>> = {};
  const combined = cell('methods');
  if (combined) {
    const split = splitMethods(combined.text);
    for (const m of METHODS) if (split.methods[m]) methods[m] = split.methods[m];
    for (const m of METHODS) if (split.methods[m]) refs.set(`${path}/methods/${m}`, combined.ref);
    refs.set(`${path}/methods`, combined.ref);
    if (split.unplaced.length > 0)
      issues.push({
        ref: combined.ref,
        code: 'value',
        severity: 'error',
        message: t('table.methods.unplaced', { text: split.unplaced.join('」「') }),
      });
  }
  for (const m of METHODS) {
    const own = cell(`methods.${m}`);
    if (!own) continue;
    methods[m] = methods[m] ? `${methods[m]}；${own.text}` : own.text;
    refs.set(`${path}/methods/${m}`, own.ref);
    if (!refs.has(`${path}/methods`)) refs.set(`${path}/methods`, own.ref);
  }
  if (!refs.has(`${path}/methods`)) {
    const empty = raw.cells.methods ?? METHODS.map((m) => raw.cells[`methods.${m}`]).find(Boolean);
    if (empty) refs.set(`${path}/methods`, empty.ref);
  }
  item.methods = Object.fromEntries(METHODS.filter((m) => methods[m]).map((m) => [m, methods[m]]));

  const requiredCell = cell('evidence.required');
  let required: Method[];
  if (requiredCell) {
    const parsed = parseMethods(requiredCell.text);
    if (parsed.unknown.length > 0)
      issues.push({
        ref: requiredCell.ref,
        code: 'value',
        severity: 'error',
        message: t('table.value.methods', { words: parsed.unknown.join('、') }),
      });
    required = parsed.values;
    refs.set(`${path}/evidence`, requiredCell.ref);
    refs.set(`${path}/evidence/required`, requiredCell.ref);
  } else {
    // Without the column: every method with guidance, except a briefing when there is more to go on.
    const guided = METHODS.filter((m) => methods[m]);
    required = guided.length > 1 ? guided.filter((m) => m !== 'listen') : guided;
    const methodsRef = refs.get(`${path}/methods`);
    if (methodsRef) refs.set(`${path}/evidence/required`, methodsRef);
  }
  item.evidence = { required };

  const severityCell = cell('severity');
  if (severityCell) {
    const severity = parseSeverity(severityCell.text);
    if (!severity)
      issues.push({
        ref: severityCell.ref,
        code: 'value',
        severity: 'error',
        message: t('table.value.severity', { text: severityCell.text }),
      });
    else item.severity = severity;
    at('severity', 'severity');
  }
  if (cell('rectification')) item.rectification = cell('rectification')!.text;
  at('rectification', 'rectification');
  const whenCell = cell('when');
  if (whenCell) {
    const when = parseWhen(whenCell.text);
    if (!when)
      issues.push({
        ref: whenCell.ref,
        code: 'value',
        severity: 'error',
        message: t('table.value.when', { text: whenCell.text }),
      });
    else item.when = when;
    for (const suffix of ['when', 'when/item', 'when/result']) refs.set(`${path}/${suffix}`, whenCell.ref);
  }
  const appliesCell = cell('applies_to');
  if (appliesCell) {
    const kinds = parseKinds(appliesCell.text);
    if (kinds.unknown.length > 0)
      issues.push({
        ref: appliesCell.ref,
        code: 'value',
        severity: 'error',
        message: t('table.value.kinds', { words: kinds.unknown.join('、') }),
      });
    if (kinds.values.length > 0) item.applies_to = kinds.values;
    at('applies_to', 'applies_to');
  }
  return item;
}

/** A title from the question when the table has none: its first clause, at most 24 characters. */
function shortTitle(check: string): string {
  const clause = check.split(/[，。？；：,?;:]/)[0]!.replace(/^(是否|有无|能否)/, '');
  return clause.length > 24 ? clause.slice(0, 24) : clause;
}
