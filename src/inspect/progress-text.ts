// Text for an inspection's header and progress (inspection show, the start of ducha run, the home menu).
import type { Colour } from '../util/colour.js';
import { t } from '../i18n/index.js';
import { kindName, methodName } from '../checklist/describe.js';
import { METHODS } from '../checklist/format.js';
import type { InspectionRow } from '../store/queries.js';
import type { Progress, ProgressBlock } from './progress.js';
import { table } from '../util/table.js';

export function inspectionHeader(i: InspectionRow, c: Colour): string {
  const lines = [`${c.bold(i.title)}  ${c.dim(i.id)}`];
  lines.push(
    t('show.unit', { unit: i.unit, kind: kindName(i.unitKind) }) +
      (i.region ? t('show.region', { region: i.region }) : ''),
  );
  lines.push(t('show.start', { start: i.start }) + (i.team.length ? t('show.team', { team: i.team.join('、') }) : ''));
  return lines.join('\n');
}

/** "12/30" and a bar, for a one-line summary. */
export function progressLine(p: ProgressBlock): string {
  const width = 20;
  const filled = p.total === 0 ? 0 : Math.round((p.concluded / p.total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${p.concluded}/${p.total}`;
}

function row(label: string, p: ProgressBlock): string[] {
  return [
    label,
    `${p.concluded}/${p.total}`,
    String(p.results.compliant),
    String(p.results.partial),
    String(p.results.noncompliant),
    String(p.results['not-applicable']),
    ...METHODS.map((m) => String(p.methods[m])),
  ];
}

export function progressTable(p: Progress, c: Colour, withSections = true): string {
  const header = [
    t('show.col.checklist'),
    t('show.col.concluded'),
    t('result.compliant'),
    t('result.partial'),
    t('result.noncompliant'),
    t('result.not-applicable'),
    ...METHODS.map(methodName),
  ];
  const rows: string[][] = [];
  for (const cl of p.checklists) {
    rows.push(row(`${cl.id} ${cl.title}`, cl));
    if (withSections) for (const s of cl.sections) if (s.total > 0) rows.push(row(`  ${s.id} ${s.title}`, s));
  }
  rows.push(row(t('show.total'), p));
  const lines = [table(header, rows)];
  if (p.conflicts) lines.push(c.red(t('show.conflicts', { n: p.conflicts })));
  if (p.rechecks) lines.push(c.yellow(t('show.rechecks', { n: p.rechecks })));
  if (p.setAside.length)
    lines.push(
      c.yellow(
        t('show.retired', {
          n: p.setAside.length,
          items: p.setAside.map((i) => `${i.checklistId}:${i.itemId}`).join('、'),
        }),
      ),
    );
  return lines.join('\n');
}

/** One line per checklist (a bar, results, records per method) for a terminal too narrow for the table. */
export function progressLines(p: Progress, c: Colour): string {
  const lines = p.checklists.map(
    (cl) =>
      `${c.bold(cl.title)}  ${progressLine(cl)}  ${METHODS.map((m) => `${methodName(m)} ${cl.methods[m]}`).join(' ')}`,
  );
  if (p.conflicts) lines.push(c.red(t('show.conflicts', { n: p.conflicts })));
  if (p.rechecks) lines.push(c.yellow(t('show.rechecks', { n: p.rechecks })));
  return lines.join('\n');
}

export function openItemsText(p: Progress, c: Colour, limit = 50): string {
  if (p.open.length === 0) return c.green(t('show.allDone'));
  const lines = [c.bold(t('show.openItems', { n: p.open.length }))];
  // An item id alone where no other checklist of the inspection has it; checklist:ITEM where two do.
  const checklistsOf = new Map<string, Set<string>>();
  for (const i of [...p.open, ...p.setAside])
    checklistsOf.set(i.itemId, (checklistsOf.get(i.itemId) ?? new Set()).add(i.checklistId));
  const name = (i: { checklistId: string; itemId: string }) =>
    (checklistsOf.get(i.itemId)?.size ?? 0) > 1 ? `${i.checklistId}:${i.itemId}` : i.itemId;
  for (const o of p.open.slice(0, limit)) {
    const status = o.status === 'open' ? '' : c.yellow(` [${t(`show.status.${o.status}`)}]`);
    const missing = o.missing.length
      ? c.dim(`  ${t('show.missing', { methods: o.missing.map(methodName).join('、') })}`)
      : '';
    lines.push(`  ${name(o)}  ${o.title}${status}${missing}`);
  }
  if (p.open.length > limit) lines.push(c.dim(t('show.more', { n: p.open.length - limit })));
  return lines.join('\n');
}
