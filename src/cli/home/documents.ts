// The home menu's documents: 生成报告 (kind, format, for a document with a heading its date and number, a
// file name such as 某县委政法委督查反馈意见.docx that is never an existing file), 回头看 (two rounds
// compared) and 汇总 — each through the command's own action.
import { t } from '../../i18n/index.js';
import { getConfig } from '../../config.js';
import { listInspections, type InspectionRow } from '../../store/queries.js';
import { localDate, parseDate, validateDate } from '../../util/dates.js';
import { attempt, askFileName, fileStem, type Home } from './shared.js';

export async function reportStep(home: Home, inspection: InspectionRow): Promise<void> {
  const { prompter, ctx, options } = home;
  const { FORMATS_BY_KIND } = await import('../../report/render.js');
  const kinds = Object.keys(FORMATS_BY_KIND) as Array<keyof typeof FORMATS_BY_KIND>;
  const chosen = await prompter.escapable(async () => {
    const kind = await prompter.select(
      t('home.report.kind'),
      kinds.map((k) => ({ value: k, name: t(`report.kind.${k}` as 'report.kind.feedback') })),
    );
    const formats = FORMATS_BY_KIND[kind];
    const format = await prompter.select(
      t('home.report.format'),
      formats.map((f) => ({ value: f, name: t(`home.format.${f}`) })),
      {
        default:
          formats.includes('docx') && kind !== 'ledger' ? 'docx' : formats.includes('xlsx') ? 'xlsx' : formats[0],
      },
    );
    // A document under a heading (not the ledger) carries its date — the first feedback or notice records it
    // as the feedback date, from which deadlines count — and its number (发文字号).
    const headed = kind !== 'ledger' && format !== 'csv';
    const date = headed
      ? parseDate(
          await prompter.input(t('home.report.date'), { default: localDate(ctx.now()), validate: validateDate }),
        )
      : undefined;
    const docNumber = headed
      ? (
          await prompter.input(t('home.report.docNumber'), {
            default: String(getConfig(ctx.io.env, 'report.docNumber') ?? ''),
          })
        ).trim()
      : '';
    const output = await askFileName(
      home,
      t('home.fileFor', {
        unit: fileStem(inspection),
        kind: t(`report.kind.${kind}` as 'report.kind.feedback'),
        ext: format,
      }),
    );
    return { kind, format, date, docNumber: headed ? docNumber : undefined, output: output.trim() };
  });
  if (!chosen || !chosen.output) return;
  const { reportCommand } = await import('../commands/report.js');
  const shown = [
    ...(chosen.date ? ['--date', chosen.date] : []),
    ...(chosen.docNumber ? ['--doc-number', chosen.docNumber] : []),
  ];
  await attempt(home, ['report', inspection.id, '--kind', chosen.kind, ...shown, '-o', chosen.output], () =>
    reportCommand(ctx, [inspection.id], {
      ...options,
      kind: chosen.kind,
      format: chosen.format,
      date: chosen.date,
      docNumber: chosen.docNumber,
      output: chosen.output,
    }),
  );
}

type Show = 'screen' | 'docx' | 'md' | 'xlsx';

/** On the screen, or written to a file of a format the command accepts. */
async function where(
  home: Home,
  formats: ReadonlyArray<Exclude<Show, 'screen'>>,
  suggested: (format: Show) => string,
): Promise<{ output?: string } | undefined> {
  const { prompter } = home;
  return prompter.escapable(async () => {
    const show = await prompter.select(t('home.where'), [
      { value: 'screen' as Show, name: t('home.where.screen') },
      ...formats.map((f) => ({ value: f, name: t(`home.format.${f}`) })),
    ]);
    if (show === 'screen') return {};
    const output = (await askFileName(home, suggested(show))).trim();
    return output ? { output } : undefined;
  });
}

export async function compareStep(home: Home, inspection: InspectionRow): Promise<void> {
  const { prompter, ctx, options, store } = home;
  // Earlier rounds at the same unit first: that is what 回头看 compares.
  const others = listInspections(store)
    .filter((i) => i.id !== inspection.id)
    .sort((a, b) => Number(b.unit === inspection.unit) - Number(a.unit === inspection.unit));
  const old = await prompter.escapable(() =>
    prompter.select(
      t('home.compare.old', { title: `${inspection.unit} ${inspection.start}` }),
      others.map((i) => ({
        value: i,
        name: `${i.unit}  ${i.start}  ${i.id}`,
        description: i.unit === inspection.unit ? i.title : t('home.compare.otherUnit'),
      })),
    ),
  );
  if (!old) return;
  const out = await where(home, ['docx', 'md'], (f) =>
    t('home.fileFor', { unit: fileStem(inspection), kind: t('home.compare.file'), ext: f }),
  );
  if (!out) return;
  const otherUnit = old.unit !== inspection.unit;
  const [a, b] = old.start <= inspection.start ? [old, inspection] : [inspection, old];
  const { compareCommand } = await import('../commands/review.js');
  const args = [
    'compare',
    a.id,
    b.id,
    ...(out.output ? ['-o', out.output] : []),
    ...(otherUnit ? ['--allow-other-unit'] : []),
  ];
  await attempt(home, args, () =>
    compareCommand(ctx, [a.id, b.id], { ...options, output: out.output, allowOtherUnit: otherUnit }),
  );
}

export async function summaryStep(home: Home): Promise<void> {
  const { ctx, options } = home;
  const out = await where(home, ['docx', 'xlsx', 'md'], (f) =>
    t('home.fileFor', { unit: '', kind: t('home.summary.file'), ext: f }),
  );
  if (!out) return;
  const { summaryCommand } = await import('../commands/review.js');
  await attempt(home, ['summary', ...(out.output ? ['-o', out.output] : [])], () =>
    summaryCommand(ctx, [[]], { ...options, output: out.output }),
  );
}
