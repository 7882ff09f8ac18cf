// `ducha problem list|show|add|edit|propose|merge`: the problem list of an inspection.
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { methodName, severityName } from '../../checklist/describe.js';
import { findInspection } from '../../inspect/inspections.js';
import { allItems, inspectionSnapshots, itemKey, resolveItem } from '../../inspect/items.js';
import {
  checkFields,
  createProblems,
  currentProblems,
  editProblem,
  findProblem,
  mergeProblems,
  proposals,
  type Problem,
  type ProblemEdit,
} from '../../problems/problems.js';
import type { FeedbackValue, ProblemFields } from '../../store/events.js';
import { statusName, steps } from '../../problems/lifecycle.js';
import { deadlineOf, overdueAt, recordedFeedback } from '../../problems/deadlines.js';
import { getInspection } from '../../store/queries.js';
import { getConfig } from '../../config.js';
import { localDate } from '../../inspect/inspections.js';
import { addDays } from '../../util/dates.js';
import type { Store } from '../../store/store.js';
import { actorOf, withStore } from '../session.js';
import { METHOD, PROBLEM_STATUS, PROBLEM_TYPE, SEVERITY, parseEnum, parseMaybe } from '../enums.js';
import { table } from '../../util/table.js';
import { isInteractive } from '../io.js';
import { fieldNames, fieldsText } from '../../problems/fields.js';
import { createdElsewhere, duplicateGroups, mergeCommand } from '../../problems/duplicates.js';
import { hubUrl, withHub, withSource, type HubOptions } from '../hub-session.js';

const typeName = (type: string) => t(`problem.type.${type}` as 'problem.type.deadline');

/** A problem as --json shows it: `deadline` is the one every document shows (its own, or the feedback date's default). */
function problemJson(p: Problem, feedback: FeedbackValue | undefined) {
  const d = deadlineOf(p, feedback);
  return { ...p, deadline: d.date ?? null, deadlineSource: d.source };
}

/** The deadline as lists show it: the date, (默认) when derived from the feedback date, or what it waits for. */
function deadlineText(p: Problem, feedback: FeedbackValue | undefined, pendingDays: number): string {
  const d = deadlineOf(p, feedback);
  if (d.source === 'set') return d.date!;
  if (d.source === 'default') return d.date! + t('deadline.defaultMark');
  if (d.source === 'ongoing') return '—';
  return p.type === 'immediate' ? t('deadline.pendingImmediate') : t('deadline.pending', { days: pendingDays });
}

const rectifyDays = (ctx: Context) => Number(getConfig(ctx.io.env, 'report.rectifyDays'));

function describeProblem(store: Store, p: Problem, pendingDays: number): string {
  const refs = allItems(inspectionSnapshots(store, p.inspectionId));
  const titles = p.items
    .map((i) => refs.find((r) => r.key === itemKey(i.checklistId, i.itemId))?.item.title ?? '')
    .filter(Boolean);
  const lines = [
    `${p.id}  ${p.description}`,
    `  ${t('problem.field.items')}${p.items.map((i) => i.itemId).join('、') || '—'}${titles.length ? `（${titles.join('；')}）` : ''}`,
    `  ${t('problem.field.methods')}${p.methods.map(methodName).join('、') || '—'}  ${t('problem.field.severity')}${severityName(p.severity)}  ${t('problem.field.type')}${typeName(p.type)}`,
    `  ${t('problem.field.rectification')}${p.rectification}`,
    `  ${t('problem.field.responsible')}${[p.unit, p.leader, p.person].filter(Boolean).join(' / ') || '—'}  ${t('problem.field.deadline')}${deadlineText(p, recordedFeedback(getInspection(store, p.inspectionId)!), pendingDays)}`,
  ];
  if (p.measures) lines.push(`  ${t('problem.field.measures')}${p.measures}`);
  lines.push(`  ${t('problem.field.status')}${statusName(p.status)}`);
  if (p.conflicts.length) lines.push(`  ${t('problem.conflicts', { fields: fieldNames(p.conflicts) })}`);
  for (const s of steps(store, p)) {
    const files = s.evidence.length ? t('run.files', { n: s.evidence.length }) : '';
    const extra = [
      s.note,
      s.reason && t('problem.stepReason', { reason: s.reason }),
      s.selfClose ? t('problem.selfClosed') : '',
    ]
      .filter(Boolean)
      .join('；');
    lines.push(`    ${s.at.slice(0, 10)} ${s.actor} ${t(`step.${s.kind}`)}${extra ? '：' + extra : ''}${files}`);
  }
  return lines.join('\n');
}

interface ListOptions extends GlobalOptions, HubOptions {
  overdue?: boolean;
  dueWithin?: string;
  status?: string;
}

export async function problemList(ctx: Context, [id]: [string | undefined], options: ListOptions): Promise<number> {
  const today = localDate(ctx.now());
  const within = options.dueWithin === undefined ? undefined : parseDays(options.dueWithin);
  const status = parseMaybe(PROBLEM_STATUS, options.status);
  if (options.hub && id === undefined) return hubProblemList(ctx, options, today, within);
  return withSource(ctx, options, [id], async (store) => {
    const inspection = findInspection(store, id);
    const feedback = recordedFeedback(inspection);
    const limit = within === undefined ? undefined : addDays(today, within);
    const due = (p: Problem) => deadlineOf(p, feedback).date;
    const problems = currentProblems(store, inspection.id).filter(
      (p) =>
        (!options.overdue || overdueAt(p, feedback, today)) &&
        (limit === undefined ||
          (due(p) !== undefined && p.status !== 'closed' && due(p)! >= today && due(p)! <= limit)) &&
        (status === undefined || p.status === status),
    );
    if (ctx.json)
      ctx.emit(true, {
        inspection: inspection.id,
        feedbackDate: feedback?.date ?? null,
        problems: problems.map((p) => problemJson(p, feedback)),
      });
    else if (problems.length === 0) {
      // A filter that matches nothing is not an empty problem list.
      const filtered = options.overdue || within !== undefined || status !== undefined;
      ctx.out(
        filtered && currentProblems(store, inspection.id).length > 0
          ? t('problem.noneMatching', { id: inspection.id })
          : t('problem.none', { id: inspection.id }),
      );
    } else {
      const header = [
        t('problem.col.id'),
        t('problem.col.items'),
        t('problem.col.severity'),
        t('problem.col.type'),
        t('problem.col.deadline'),
        t('problem.col.status'),
        t('problem.col.description'),
      ];
      const deadline = (p: (typeof problems)[number]) =>
        deadlineText(p, feedback, rectifyDays(ctx)) +
        (overdueAt(p, feedback, today) ? ctx.colour.red(t('problem.overdueMark')) : '');
      ctx.out(
        table(
          header,
          problems.map((p) => [
            p.id,
            p.items.map((i) => i.itemId).join('、'),
            severityName(p.severity),
            typeName(p.type),
            deadline(p),
            statusName(p.status),
            p.description + (p.conflicts.length ? ' ⚠' : ''),
          ]),
        ),
      );
    }
    return 0;
  });
}

/** `problem list --hub` without an inspection: every team's problems on the hub in one list (the cross-team ledger's rows). */
async function hubProblemList(
  ctx: Context,
  options: ListOptions,
  today: string,
  within: number | undefined,
): Promise<number> {
  const { hubProblems, hubRedactor, hubInspectionsById, openProblems } = await import('../../hub/read.js');
  const { withHubKeys } = await import('../hub-session.js');
  const { toProblem } = await import('../../problems/problems.js');
  const { redactModel } = await import('../../report/redact.js');
  return withHubKeys(ctx, options, ({ open }) =>
    withHub(hubUrl(ctx, options), async (client) => {
      // Selected by the deadline every list shows (the hub keeps it per problem), shown as the laptop shows it.
      const dueBy = within === undefined ? undefined : addDays(today, within);
      const problems = openProblems(
        await hubProblems(client, { today, overdue: options.overdue, dueBy, status: options.status }),
        open,
      ).map(toProblem);
      const inspections = await hubInspectionsById(client, [...new Set(problems.map((p) => p.inspectionId))]);
      const feedback = (p: Problem) =>
        recordedFeedback(inspections.get(p.inspectionId) ?? { feedbackDate: null, rectifyDays: null });
      const rows = redactModel(
        problems.map((p) => ({
          ...problemJson(p, feedback(p)),
          inspection: {
            id: p.inspectionId,
            title: inspections.get(p.inspectionId)?.title ?? '',
            unit: inspections.get(p.inspectionId)?.unit ?? '',
          },
        })),
        await hubRedactor(client, false, open),
      );
      if (ctx.json) ctx.emit(true, { inspection: null, problems: rows });
      else if (rows.length === 0) ctx.out(t('hub.noProblems'));
      else {
        const header = [
          t('hub.col.inspected'),
          t('problem.col.id'),
          t('problem.col.items'),
          t('problem.col.severity'),
          t('problem.col.deadline'),
          t('problem.col.status'),
          t('problem.col.description'),
        ];
        const deadline = (p: Problem) =>
          deadlineText(p, feedback(p), rectifyDays(ctx)) +
          (overdueAt(p, feedback(p), today) ? ctx.colour.red(t('problem.overdueMark')) : '');
        ctx.out(
          table(
            header,
            problems.map((p, k) => [
              rows[k]!.inspection.unit,
              `${p.inspectionId}/${p.id}`,
              p.items.map((i) => i.itemId).join('、'),
              severityName(p.severity),
              deadline(p),
              statusName(p.status),
              rows[k]!.description,
            ]),
          ),
        );
      }
      return 0;
    }),
  );
}

/** The longest --due-within: ten years is already more than any rectification deadline. */
const MAX_DAYS = 3650;

/** "7d", "2w" or a bare number of days, 0..MAX_DAYS. */
function parseDays(text: string): number {
  const m = /^(\d{1,9})\s*([dw天周]?)$/.exec(text.trim());
  const days = m ? Number(m[1]) * (m[2] === 'w' || m[2] === '周' ? 7 : 1) : NaN;
  if (!m) throw new InputError(t('problem.badDays', { value: text }), { hint: t('days.hint', { max: MAX_DAYS }) });
  if (days > MAX_DAYS)
    throw new InputError(t('days.tooMany', { value: text, max: MAX_DAYS }), {
      hint: t('days.hint', { max: MAX_DAYS }),
    });
  return days;
}

export async function problemShow(ctx: Context, [id]: [string], options: GlobalOptions): Promise<number> {
  return withStore(ctx, options, 'read', (store) => {
    const problem = findProblem(store, undefined, String(id), true);
    const feedback = recordedFeedback(getInspection(store, problem.inspectionId)!);
    if (ctx.json) ctx.emit(true, { ...problemJson(problem, feedback), steps: steps(store, problem) });
    else
      ctx.out(
        describeProblem(store, problem, rectifyDays(ctx)) +
          (problem.mergedInto ? `\n  ${t('problem.merged', { id: problem.mergedInto })}` : ''),
      );
    return 0;
  });
}

interface FieldOptions extends GlobalOptions, Omit<ProblemEdit, 'addItems' | 'removeItems' | 'methods'> {
  item?: string[];
  removeItem?: string[];
  method?: string[];
}

const editOf = (o: FieldOptions): ProblemEdit => ({
  description: o.description,
  severity: parseMaybe(SEVERITY, o.severity),
  rectification: o.rectification,
  type: parseMaybe(PROBLEM_TYPE, o.type),
  unit: o.unit,
  leader: o.leader,
  person: o.person,
  deadline: o.deadline,
  measures: o.measures,
  addItems: o.item,
  removeItems: o.removeItem,
  methods: o.method?.length ? o.method.map((m) => parseEnum(METHOD, m)) : undefined,
});

export async function problemAdd(
  ctx: Context,
  [id]: [string],
  options: Omit<FieldOptions, 'removeItem'>,
): Promise<number> {
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const inspection = findInspection(store, String(id));
    const refs = allItems(inspectionSnapshots(store, inspection.id));
    const given = checkFields(editOf(options), refs, resolveItem);
    if (!given.description)
      throw new InputError(t('problem.descriptionRequired'), { hint: t('problem.descriptionRequired.hint') });
    const first = given.add?.[0]
      ? refs.find((r) => r.key === itemKey(given.add![0]!.checklistId, given.add![0]!.itemId))
      : undefined;
    const fields: ProblemFields = {
      description: given.description,
      items: given.add ?? [],
      methods: given.methods ?? [],
      severity: given.severity ?? first?.item.severity ?? 'medium',
      rectification: given.rectification ?? first?.item.rectification?.trim() ?? t('problem.defaultRectification'),
      type: given.type ?? 'deadline',
      unit: given.unit,
      leader: given.leader,
      person: given.person,
      deadline: given.deadline,
      measures: given.measures,
    };
    const [problemId] = createProblems(store, actor, inspection.id, [fields]);
    const problem = findProblem(store, inspection.id, problemId!);
    if (ctx.json) ctx.emit(true, problemJson(problem, recordedFeedback(inspection)));
    else ctx.out(t('problem.added', { id: problemId! }));
    return 0;
  });
}

export async function problemEdit(ctx: Context, [id]: [string], options: FieldOptions): Promise<number> {
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const problem = findProblem(store, undefined, String(id));
    const refs = allItems(inspectionSnapshots(store, problem.inspectionId));
    const changed = editProblem(store, actor, problem, checkFields(editOf(options), refs, resolveItem));
    const updated = findProblem(store, problem.inspectionId, problem.id);
    if (ctx.json) ctx.emit(true, problemJson(updated, recordedFeedback(getInspection(store, problem.inspectionId)!)));
    else ctx.out(t('problem.edited', { id: problem.id, fields: fieldNames(Object.keys(changed)) }));
    return 0;
  });
}

export async function problemPropose(
  ctx: Context,
  [id]: [string | undefined],
  options: GlobalOptions & { dryRun?: boolean },
): Promise<number> {
  const actor = options.dryRun ? '' : actorOf(ctx, options);
  return withStore(ctx, options, options.dryRun ? 'read' : 'write', async (store) => {
    const inspection = findInspection(store, id);
    const all = proposals(store, inspection);
    // A conclusion without a description is never proposed under the item's title: it is named, to be completed.
    const proposed = all.filter((p) => !p.needsDescription);
    const lacking = all.filter((p) => p.needsDescription).map((p) => p.ref.item.id);
    // Only the lead proposes: the same proposals made on a member's laptop come back as duplicates.
    const creator = createdElsewhere(store, inspection.id);
    if (creator && proposed.length > 0 && !ctx.json) ctx.err(ctx.errColour.yellow(t('problem.notLead', { creator })));
    const ids = options.dryRun
      ? []
      : createProblems(
          store,
          actor,
          inspection.id,
          proposed.map((p) => p.fields),
          proposed.map((p) => p.basedOn),
        );
    const rows = proposed.map((p, i) => ({
      id: ids[i] ?? null,
      item: p.ref.item.id,
      description: p.fields.description,
      severity: p.fields.severity,
    }));
    const warnings = lacking.length
      ? [
          {
            file: null,
            line: null,
            column: null,
            code: 'no-description',
            severity: 'warning' as const,
            message: t('problem.lackingDescription', { items: lacking.join('、') }),
            hint: t('problem.lackingDescription.hint', { id: inspection.id, item: lacking[0]! }),
          },
        ]
      : [];
    if (ctx.json)
      ctx.emit(true, { inspection: inspection.id, dryRun: options.dryRun ?? false, problems: rows, lacking }, warnings);
    else {
      if (rows.length === 0 && lacking.length === 0) ctx.out(t('problem.noProposals'));
      if (rows.length > 0) {
        ctx.out(
          table(
            [t('problem.col.id'), t('problem.col.items'), t('problem.col.severity'), t('problem.col.description')],
            rows.map((r) => [r.id ?? '—', r.item, severityName(r.severity), r.description]),
          ),
        );
        ctx.out(
          options.dryRun ? t('problem.proposedDry', { n: rows.length }) : t('problem.proposed', { n: rows.length }),
        );
      }
      for (const w of warnings)
        ctx.err(`${ctx.errColour.yellow(t('cli.warningLabel'))}${w.message}\n${t('cli.hintLabel')}${w.hint}`);
    }
    await offerMerges(ctx, store, actor, inspection.id);
    return 0;
  });
}

/** Problems on the same item (from another laptop's proposals, or proposed twice): named with the merge, offered in a terminal. */
async function offerMerges(ctx: Context, store: Store, actor: string, inspectionId: string): Promise<void> {
  const groups = duplicateGroups(currentProblems(store, inspectionId));
  if (groups.length === 0 || ctx.json) return;
  if (isInteractive(ctx.io) && actor) {
    const { terminalPrompter } = await import('../../inspect/prompts.js');
    const { settleDuplicates } = await import('../settle.js');
    await settleDuplicates(terminalPrompter(ctx.io), store, actor, groups);
    return;
  }
  ctx.err(ctx.errColour.yellow(t('problem.duplicatesFound')));
  for (const g of groups) {
    const ids = g.problems.map((p) => `${p.id}（${p.createdBy}）`).join('、');
    ctx.err(
      t(g.exact ? 'import.duplicateExact' : 'import.duplicateSame', {
        item: g.item.itemId,
        ids,
        command: mergeCommand(g),
      }),
    );
  }
}

export async function problemFollow(
  ctx: Context,
  [id]: [string],
  options: GlobalOptions & { keep?: boolean },
): Promise<number> {
  const actor = actorOf(ctx, options);
  const { confirmProblem, followConclusion, staleProblems } = await import('../../problems/follow.js');
  return withStore(ctx, options, 'write', (store) => {
    const problem = findProblem(store, undefined, String(id));
    const stale = staleProblems(store, problem.inspectionId).find((x) => x.problem.id === problem.id);
    if (!stale) throw new InputError(t('problem.notStale', { id: problem.id }));
    if (options.keep) {
      confirmProblem(store, actor, problem);
      if (ctx.json) ctx.emit(true, findProblem(store, problem.inspectionId, problem.id));
      else ctx.out(t('problem.kept', { id: problem.id }));
      return 0;
    }
    const title =
      allItems(inspectionSnapshots(store, problem.inspectionId)).find(
        (r) => r.key === itemKey(stale.item.checklistId, stale.item.itemId),
      )?.item.title ?? '';
    const fields = followConclusion(store, actor, stale, title);
    if (ctx.json) ctx.emit(true, findProblem(store, problem.inspectionId, problem.id));
    else ctx.out(t('problem.followed', { id: problem.id, fields: fieldsText(fields) }));
    return 0;
  });
}

export async function problemMerge(ctx: Context, [list]: [string[]], options: GlobalOptions): Promise<number> {
  const actor = actorOf(ctx, options);
  return withStore(ctx, options, 'write', (store) => {
    const problems = list.map((id) => findProblem(store, undefined, id));
    if (new Set(problems.map((p) => p.id)).size !== problems.length) throw new InputError(t('problem.mergeSame'));
    const merged = mergeProblems(store, actor, problems);
    if (ctx.json)
      ctx.emit(
        true,
        problemJson(
          findProblem(store, merged.inspectionId, merged.id),
          recordedFeedback(getInspection(store, merged.inspectionId)!),
        ),
      );
    else
      ctx.out(
        t('problem.mergedDone', {
          id: merged.id,
          others: problems
            .slice(1)
            .map((p) => p.id)
            .join('、'),
          items: merged.items.map((i) => i.itemId).join('、'),
        }),
      );
    return 0;
  });
}
