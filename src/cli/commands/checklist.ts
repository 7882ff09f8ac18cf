// `ducha checklist list` and `ducha checklist show ID`: the checklists this user can inspect with.
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { t } from '../../i18n/index.js';
import {
  checklistEntry,
  checklistFolders,
  itemCount,
  loadRegistry,
  registryProblems,
  type Registry,
} from '../../checklist/registry.js';
import { basisText, kindName, methodName, resultName, severityName, sourceTitle } from '../../checklist/describe.js';
import { METHODS } from '../../checklist/format.js';
import { table } from '../../util/table.js';

function registryFor(ctx: Context, options: GlobalOptions): Registry {
  return loadRegistry(checklistFolders(ctx.io.env, ctx.io.cwd, options.checklists), ctx.io.cwd);
}

function warn(ctx: Context, registry: Registry): void {
  for (const p of registryProblems(registry)) ctx.err(`${ctx.errColour.yellow(t('cli.warningLabel'))}${p.message}`);
}

export async function listChecklists(ctx: Context, _args: [], options: GlobalOptions): Promise<number> {
  const registry = registryFor(ctx, options);
  const rows = [...registry.entries.values()].map((e) => ({
    id: e.checklist.id,
    version: e.checklist.version,
    title: e.checklist.title,
    sections: e.checklist.sections.length,
    items: itemCount(e.checklist),
    appliesTo: e.checklist.applies_to,
    origin: e.origin,
    file: e.file,
    sha256: e.sha256,
  }));
  if (ctx.json) {
    ctx.emit(true, rows, registryProblems(registry));
    return 0;
  }
  if (rows.length === 0) ctx.out(t('checklist.none'));
  else {
    const header = [
      t('checklist.col.id'),
      t('checklist.col.version'),
      t('checklist.col.items'),
      t('checklist.col.origin'),
      t('checklist.col.title'),
    ];
    ctx.out(
      table(
        header,
        rows.map((r) => [r.id, r.version, String(r.items), t(`checklist.origin.${r.origin}`), r.title]),
      ),
    );
  }
  warn(ctx, registry);
  return 0;
}

export async function showChecklist(ctx: Context, [id]: [string], options: GlobalOptions): Promise<number> {
  const registry = registryFor(ctx, options);
  const entry = checklistEntry(registry, id);
  if (ctx.json) {
    ctx.emit(
      true,
      { file: entry.file, origin: entry.origin, sha256: entry.sha256, checklist: entry.checklist },
      registryProblems(registry),
    );
    return 0;
  }
  const c = entry.checklist;
  const { bold, dim } = ctx.colour;
  const out: string[] = [bold(`${c.title}`) + dim(`  ${c.id} ${c.version}`)];
  if (c.description) out.push(c.description.trim());
  out.push(`${t('checklist.appliesTo')}${c.applies_to.map(kindName).join('、')}`);
  for (const s of c.sources)
    out.push(
      `${t('checklist.source')}${s.id}  ${sourceTitle(s)}${s.issued ? ` ${s.issued}` : ''}${s.articles ? t('checklist.articles', { n: s.articles }) : ''}${s.kind === 'local' ? t('checklist.localSource') : ''}`,
    );
  out.push(`${t('checklist.file')}${entry.file}`);
  for (const section of c.sections) {
    out.push('', bold(`${section.id}  ${section.title}`));
    for (const item of section.items) {
      out.push('', `  ${bold(item.id)}  ${item.title}  ${dim(`[${severityName(item.severity ?? 'medium')}]`)}`);
      out.push(`    ${t('checklist.question')}${item.check.trim()}`);
      for (const b of item.basis) out.push(`    ${t('checklist.basis')}${basisText(b, c)}`);
      for (const m of METHODS) if (item.methods[m]) out.push(`    ${methodName(m)}：${item.methods[m]!.trim()}`);
      out.push(`    ${t('checklist.required')}${item.evidence.required.map(methodName).join('、')}`);
      if (item.when)
        out.push(
          `    ${t('checklist.when', { item: item.when.item, results: item.when.result.map(resultName).join('、') })}`,
        );
      if (item.applies_to) out.push(`    ${t('checklist.appliesTo')}${item.applies_to.map(kindName).join('、')}`);
      if (item.rectification) out.push(`    ${t('checklist.rectification')}${item.rectification.trim()}`);
    }
  }
  ctx.out(out.join('\n'));
  warn(ctx, registry);
  return 0;
}
