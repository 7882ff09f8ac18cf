// The report model: everything a report may say, built from the database as plain data. Templates
// render it; the ledger's spreadsheet and CSV read it. Interviewee names are replaced by 某某 (see
// redact.ts) unless the caller reveals identities.
import { chinesePunctuation } from './typography.js';
import { t } from '../i18n/index.js';
import { kindName, methodName, severityName } from '../checklist/describe.js';
import { METHODS } from '../checklist/format.js';
import type { Store } from '../store/store.js';
import type { InspectionRow } from '../store/queries.js';
import { allItems, itemKey, type ItemRef } from '../inspect/items.js';
import { itemStatus, progress } from '../inspect/progress.js';
import { progressInput } from '../inspect/status.js';
import { currentProblems, type Problem } from '../problems/problems.js';
import { statusName, stepsOf, type Step } from '../problems/lifecycle.js';
import { closingDate, deadlineOf, overdueAt } from '../problems/deadlines.js';
import type { FeedbackValue } from '../store/events.js';
import { recordSources } from './sources.js';
import { redactModel, redactorFor, type Redactor } from './redact.js';
import { fieldNames } from '../problems/fields.js';
import { chineseDate, chineseNumber, percent } from '../util/numbers.js';
import { citation } from './citation.js';

export type ReportKind = 'feedback' | 'notice' | 'ledger' | 'progress';

export interface ReportOptions {
  revealIdentities: boolean;
  office: string;
  /** YYYY-MM-DD */
  date: string;
  docNumber: string;
  marking: string;
  planDays: number;
  rectifyDays: number;
  /** The redaction to apply; built from the database when not given (a command passes its own to warn about what it skipped). */
  redactor?: Redactor;
  /** Extra remarks per problem id (a draft's unsettled problems), for the ledger's 备注. */
  remarks?: ReadonlyMap<string, readonly string[]>;
  /** The document's title instead of the template's; `|` marks a line break. */
  title?: string;
  /** The inspection's feedback date (YYYY-MM-DD): default deadlines are this plus rectifyDays. Default: `date` (assumed). */
  feedbackDate?: string;
}

export interface ProblemModel {
  number: number;
  /** Position within its section (1-based), for （1）（2） under a section heading. */
  position: number;
  id: string;
  /** 问题表现, without trailing punctuation so templates can continue the sentence. */
  description: string;
  checklist: string;
  section: string;
  items: string;
  /** 依据 in full: 《中国共产党政法工作条例》第十七条 (article numbers in Chinese numerals). */
  basis: string;
  /** The same once a document has said 「（以下简称《条例》）」: 《条例》第十七条. */
  basisShort: string;
  methods: string;
  sources: string;
  /** 问题来源 for the ledger: the methods, and the records behind them. */
  origin: string;
  severity: string;
  type: string;
  rectification: string;
  measures: string;
  unit: string;
  leader: string;
  person: string;
  deadline: string;
  deadlineText: string;
  progress: string;
  evidence: string;
  closureRequested: string;
  reviewOpinion: string;
  closureStatus: string;
  /** The status code (open, rectifying, closure-requested, returned, closed) that closureStatus names. */
  status: string;
  overdue: boolean;
  remarks: string;
  conflict: boolean;
}

export interface ReportModel {
  meta: {
    title: string;
    office: string;
    date: string;
    dateText: string;
    docNumber: string;
    marking: string;
    revealIdentities: boolean;
    planDays: number;
    rectifyDays: number;
    rectifyDeadlineText: string;
  };
  inspection: {
    id: string;
    title: string;
    unit: string;
    unitKind: string;
    region: string;
    start: string;
    startText: string;
    team: string;
    teamCount: number;
  };
  checklists: Array<{ id: string; title: string; version: string }>;
  checklistTitles: string;
  methods: { listen: number; check: number; talk: number; visit: number; total: number; text: string };
  progress: {
    total: number;
    concluded: number;
    compliant: number;
    partial: number;
    noncompliant: number;
    notApplicable: number;
    open: number;
    conflicts: number;
  };
  goodPractices: Array<{ number: number; checklist: string; item: string; title: string; note: string }>;
  hasGoodPractices: boolean;
  problemGroups: Array<{
    cnNumber: string;
    checklist: string;
    sections: Array<{ number: number; title: string; problems: ProblemModel[] }>;
  }>;
  problems: ProblemModel[];
  hasProblems: boolean;
  problemCount: number;
  rectification: { closed: number; open: number; overdue: number; closureRate: string };
}

const TYPE_KEYS = {
  immediate: 'problem.type.immediate',
  deadline: 'problem.type.deadline',
  ongoing: 'problem.type.ongoing',
} as const;

export function buildReportModel(store: Store, inspection: InspectionRow, options: ReportOptions): ReportModel {
  const input = progressInput(store, inspection);
  const p = progress(input);
  const refs = allItems(input.snapshots);
  const byKey = new Map(refs.map((r) => [r.key, r]));
  const order = new Map(refs.map((r, i) => [r.key, i]));
  const sources = recordSources(store, inspection.id, options.revealIdentities);
  const feedback: FeedbackValue = { date: options.feedbackDate ?? options.date, rectifyDays: options.rectifyDays };
  const history = stepsOf(store, inspection.id);
  const current = currentProblems(store, inspection.id);
  // Never before a problem's own deadline: the unit reports once everything it was asked to do is due.
  const rectifyDeadline = closingDate(current, feedback);

  const problems: ProblemModel[] = current
    .map((problem) => ({
      problem,
      first: problem.items
        .map((i) => itemKey(i.checklistId, i.itemId))
        .sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9))[0],
    }))
    .sort(
      (a, b) =>
        (order.get(a.first ?? '') ?? 1e9) - (order.get(b.first ?? '') ?? 1e9) ||
        (a.problem.createdAt < b.problem.createdAt ? -1 : a.problem.createdAt > b.problem.createdAt ? 1 : 0),
    )
    .map(({ problem, first }, i) =>
      problemModel(
        problem,
        i + 1,
        first ? byKey.get(first) : undefined,
        byKey,
        sources,
        feedback,
        history.get(problem.id) ?? [],
        options.date,
        options.remarks?.get(problem.id) ?? [],
      ),
    );

  const groups: ReportModel['problemGroups'] = [];
  for (const pm of problems) {
    let group = groups.find((g) => g.checklist === pm.checklist);
    if (!group)
      groups.push((group = { cnNumber: chineseNumber(groups.length + 1), checklist: pm.checklist, sections: [] }));
    let section = group.sections.find((s) => s.title === pm.section);
    if (!section)
      group.sections.push((section = { number: group.sections.length + 1, title: pm.section, problems: [] }));
    section.problems.push(pm);
    pm.position = section.problems.length;
  }

  const goodPractices = refs
    .map((ref) => ({ ref, head: itemStatus(ref, input).head }))
    .filter(({ head }) => head?.goodPractice)
    .map(({ ref, head }, i) => ({
      number: i + 1,
      checklist: ref.checklist.title,
      item: ref.item.id,
      title: ref.item.title,
      note: sentence(head?.note ?? ''),
    }));

  const counts = p.methods;
  const model: ReportModel = {
    meta: {
      title: options.title ?? '',
      office: options.office,
      date: options.date,
      dateText: chineseDate(options.date),
      docNumber: options.docNumber,
      marking: options.marking,
      revealIdentities: options.revealIdentities,
      planDays: options.planDays,
      rectifyDays: options.rectifyDays,
      rectifyDeadlineText: chineseDate(rectifyDeadline),
    },
    inspection: {
      id: inspection.id,
      title: inspection.title,
      unit: inspection.unit,
      unitKind: kindName(inspection.unitKind),
      region: inspection.region ?? '',
      start: inspection.start,
      startText: chineseDate(inspection.start),
      team: inspection.team.join('、'),
      teamCount: inspection.team.length,
    },
    checklists: input.snapshots.map((s) => ({ id: s.checklist.id, title: s.checklist.title, version: s.version })),
    checklistTitles: input.snapshots.map((s) => s.checklist.title).join('、'),
    methods: { ...counts, total: METHODS.reduce((n, m) => n + counts[m], 0), text: t('report.methodsText', counts) },
    progress: {
      total: p.total,
      concluded: p.concluded,
      compliant: p.results.compliant,
      partial: p.results.partial,
      noncompliant: p.results.noncompliant,
      notApplicable: p.results['not-applicable'],
      open: p.open.length,
      conflicts: p.conflicts,
    },
    goodPractices,
    hasGoodPractices: goodPractices.length > 0,
    problemGroups: groups,
    problems,
    hasProblems: problems.length > 0,
    problemCount: problems.length,
    rectification: {
      closed: problems.filter((x) => x.closureStatus === statusName('closed')).length,
      open: problems.filter((x) => x.closureStatus !== statusName('closed')).length,
      overdue: problems.filter((x) => x.overdue).length,
      closureRate: percent(problems.filter((x) => x.closureStatus === statusName('closed')).length, problems.length),
    },
  };
  return redactModel(model, options.redactor ?? redactorFor(store, options.revealIdentities));
}

function problemModel(
  problem: Problem,
  number: number,
  first: ItemRef | undefined,
  byKey: Map<string, ItemRef>,
  sources: ReturnType<typeof recordSources>,
  feedback: FeedbackValue,
  history: Step[],
  today: string,
  extraRemarks: readonly string[],
): ProblemModel {
  const refs = problem.items
    .map((i) => byKey.get(itemKey(i.checklistId, i.itemId)))
    .filter((r): r is ItemRef => r !== undefined);
  const cite = (abbreviate: boolean) =>
    [...new Set(refs.flatMap((r) => r.item.basis.map((b) => citation(b, r.checklist, abbreviate))))].join('；');
  const deadline = deadlineOf(problem, feedback).date ?? '';
  const overdue = overdueAt(problem, feedback, today);
  // The records behind the methods the problem names: a problem found by 访 lists the visits, not every record of its items.
  const names = problem.methods.map(methodName);
  const found = refs
    .flatMap((r) => sources.byItem.get(r.key) ?? [])
    .filter((text) => names.length === 0 || names.some((m) => text === m || text.startsWith(m + '：')))
    .join('；');
  const methods = names.join('、');
  return {
    number,
    position: 0,
    id: problem.id,
    description: sentence(problem.description),
    checklist: first?.checklist.title ?? t('report.otherProblems'),
    section: first?.section.title ?? t('report.otherProblems'),
    items: problem.items.map((i) => i.itemId).join('、'),
    basis: cite(false),
    basisShort: cite(true),
    methods,
    sources: found,
    origin: found ? (methods ? `${methods}（${found}）` : found) : methods,
    severity: severityName(problem.severity),
    type: t(TYPE_KEYS[problem.type]),
    rectification: sentence(problem.rectification),
    measures: chinesePunctuation(problem.measures ?? ''),
    unit: problem.unit ?? '',
    leader: problem.leader ?? '',
    person: problem.person ?? '',
    deadline,
    deadlineText: deadline ? chineseDate(deadline) : t('problem.type.ongoing'),
    progress: history.filter((s) => s.kind === 'progress' || s.kind === 'request').at(-1)?.note ?? '',
    evidence: [...new Set(history.flatMap((s) => s.evidence.map((e) => e.name)))].join('；'),
    closureRequested:
      history
        .filter((s) => s.kind === 'request')
        .at(-1)
        ?.at.slice(0, 10) ?? '',
    reviewOpinion: reviewOpinion(history.filter((s) => s.kind === 'return' || s.kind === 'close').at(-1)),
    closureStatus: statusName(problem.status),
    status: problem.status,
    overdue,
    remarks: [
      problem.conflicts.length ? t('report.conflictRemark', { fields: fieldNames(problem.conflicts) }) : '',
      overdue ? t('report.overdueRemark') : '',
      ...extraRemarks,
    ]
      .filter(Boolean)
      .join('；'),
    conflict: problem.conflicts.length > 0,
  };
}

/** Text without its closing punctuation (so a template can end the sentence its own way), in Chinese punctuation. */
const sentence = (text: string) => chinesePunctuation(text.trim().replace(/[。；;.，,！!\s]+$/u, ''));

/** 审核意见: the reviewer's note; a closure by the requester's own device says so, with the recorded reason. */
function reviewOpinion(
  step: { kind: string; note: string | null; reason: string | null; selfClose: boolean } | undefined,
): string {
  if (!step) return '';
  if (step.kind !== 'close' || !step.selfClose) return step.note ?? '';
  const override = t('integrity.selfCloseOpinion', { reason: step.reason ?? '' });
  return step.note ? `${step.note}（${override}）` : override;
}
