// The cross-inspection summary: coverage, the items most often found lacking (共性问题), breakdowns by unit
// kind and region, methods used, rectification closure and overdue counts, and the good practices found.
// Built from bulk queries so that thousands of inspections stay fast. Interviewee names are redacted unless revealed.
import { t } from '../i18n/index.js';
import { kindName } from '../checklist/describe.js';
import { METHODS } from '../checklist/format.js';
import type { Store } from '../store/store.js';
import { summaryRows, type SummaryFilter } from '../store/summary-queries.js';
import { chineseDate, percent, openEnded as sentence } from '../util/numbers.js';
import { redactModel, redactorFor, type Redactor } from '../report/redact.js';

export type { SummaryFilter, SummaryReads, SummaryRows } from '../store/summary-queries.js';
import type { SummaryInspection, SummaryReads, SummaryRows } from '../store/summary-queries.js';

interface Breakdown {
  name: string;
  inspections: number;
  checked: number;
  lacking: number;
  share: string;
  problems: number;
  closed: number;
  closureRate: string;
}

export interface SummaryModel {
  meta: { title: string; office: string; date: string; dateText: string; filter: string; revealIdentities: boolean };
  coverage: { inspections: number; units: number; checklists: string; concluded: number };
  hasCommon: boolean;
  common: Array<{
    rank: number;
    checklist: string;
    item: string;
    title: string;
    lacking: number;
    checked: number;
    share: string;
  }>;
  byKind: Breakdown[];
  byRegion: Breakdown[];
  methods: { listen: number; check: number; talk: number; visit: number; total: number; text: string };
  rectification: { problems: number; closed: number; closureRate: string; overdue: number };
  hasProblems: boolean;
  /** Which charts a .docx or .xlsx carries: the common problems, and closure rates by unit kind and region. */
  charts: { common: boolean; closure: boolean };
  hasGoodPractices: boolean;
  goodPractices: Array<{ number: number; unit: string; checklist: string; title: string; note: string }>;
  inspections: Array<{
    id: string;
    title: string;
    unit: string;
    unitKind: string;
    region: string;
    start: string;
    concluded: number;
    lacking: number;
    problems: number;
    closed: number;
  }>;
}

export function buildSummary(
  store: Store,
  filter: SummaryFilter,
  options: {
    office: string;
    date: string;
    today: string;
    revealIdentities?: boolean;
    redactor?: Redactor;
    title?: string;
    reads?: SummaryReads;
  },
): SummaryModel {
  return redactModel(
    summaryModel(summaryRows(store, filter, options.today, options.reads), filter, options),
    options.redactor ?? redactorFor(store, options.revealIdentities ?? false),
  );
}

/** The summary from its rows (not yet redacted). */
export function summaryModel(
  rows: SummaryRows,
  filter: SummaryFilter,
  options: { office: string; date: string; revealIdentities?: boolean; title?: string },
): SummaryModel {
  const wanted = rows.inspections;
  const byId = new Map(wanted.map((i) => [i.id, i]));

  // Checklist and item titles, from the few distinct snapshots in use.
  const titles = new Map<string, { checklist: string; title: string }>();
  const checklistTitles = new Set<string>();
  for (const checklist of rows.checklists) {
    checklistTitles.add(checklist.title);
    for (const item of checklist.sections.flatMap((s) => s.items))
      titles.set(`${checklist.id}/${item.id}`, { checklist: checklist.title, title: item.title });
  }

  const perItem = rows.perItem;
  const perInspection = new Map(rows.perInspection.map((r) => [r.id, r]));
  const goodPractices: SummaryModel['goodPractices'] = rows.goodPractices.map((g, i) => {
    const info = titles.get(`${g.checklist}/${g.item}`);
    return {
      number: i + 1,
      unit: byId.get(g.inspection)!.unit,
      checklist: info?.checklist ?? g.checklist,
      title: info?.title ?? g.item,
      note: sentence(g.note ?? ''),
    };
  });
  const perProblems = new Map(rows.perProblems.map((r) => [r.id, r]));
  const sum = <K extends 'total' | 'closed' | 'overdue'>(key: K) =>
    [...perProblems.values()].reduce((n, r) => n + r[key], 0);

  const common = perItem
    .filter((s) => s.lacking > 0)
    .map((s) => ({ ...s, key: `${s.checklist}/${s.item}`, ratio: s.checked ? s.lacking / s.checked : 0 }))
    .sort((x, y) => y.ratio - x.ratio || y.lacking - x.lacking || x.key.localeCompare(y.key))
    .map((x, i) => {
      const info = titles.get(x.key);
      return {
        rank: i + 1,
        checklist: info?.checklist ?? x.checklist,
        item: x.item,
        title: info?.title ?? '',
        lacking: x.lacking,
        checked: x.checked,
        share: percent(x.lacking, x.checked),
      };
    });

  const breakdown = (nameOf: (i: SummaryInspection) => string): Breakdown[] => {
    const groups = new Map<string, Breakdown>();
    for (const i of wanted) {
      const name = nameOf(i);
      const g =
        groups.get(name) ??
        groups
          .set(name, {
            name,
            inspections: 0,
            checked: 0,
            lacking: 0,
            share: '',
            problems: 0,
            closed: 0,
            closureRate: '',
          })
          .get(name)!;
      g.inspections++;
      g.checked += perInspection.get(i.id)?.concluded ?? 0;
      g.lacking += perInspection.get(i.id)?.lacking ?? 0;
      g.problems += perProblems.get(i.id)?.total ?? 0;
      g.closed += perProblems.get(i.id)?.closed ?? 0;
    }
    return [...groups.values()]
      .map((g) => ({ ...g, share: percent(g.lacking, g.checked), closureRate: percent(g.closed, g.problems) }))
      .sort((x, y) => y.inspections - x.inspections || x.name.localeCompare(y.name));
  };

  const methodRow = rows.methods;
  const methods = { listen: methodRow.listen, check: methodRow.check, talk: methodRow.talk, visit: methodRow.visit };
  const closed = sum('closed');
  const filterText = [
    filter.since && t('summary.filter.since', { date: chineseDate(filter.since) }),
    filter.unitKind && t('summary.filter.kind', { kind: kindName(filter.unitKind) }),
    filter.region && t('summary.filter.region', { region: filter.region }),
    filter.ids?.length && t('summary.filter.ids', { n: filter.ids.length }),
  ]
    .filter(Boolean)
    .join('，');

  const model: SummaryModel = {
    meta: {
      title: options.title ?? '',
      office: options.office,
      date: options.date,
      dateText: chineseDate(options.date),
      filter: filterText || t('summary.filter.all'),
      revealIdentities: options.revealIdentities ?? false,
    },
    coverage: {
      inspections: wanted.length,
      units: new Set(wanted.map((i) => i.unit)).size,
      checklists: [...checklistTitles].join('、'),
      concluded: [...perInspection.values()].reduce((n, x) => n + x.concluded, 0),
    },
    hasCommon: common.length > 0,
    common,
    byKind: breakdown((i) => kindName(i.unitKind)),
    byRegion: breakdown((i) => i.region || t('summary.noRegion')),
    methods: { ...methods, total: METHODS.reduce((n, m) => n + methods[m], 0), text: t('report.methodsText', methods) },
    rectification: {
      problems: sum('total'),
      closed,
      closureRate: percent(closed, sum('total')),
      overdue: sum('overdue'),
    },
    hasProblems: sum('total') > 0,
    charts: { common: common.length > 0, closure: sum('total') > 0 },
    hasGoodPractices: goodPractices.length > 0,
    goodPractices,
    inspections: wanted.map((i) => ({
      id: i.id,
      title: i.title,
      unit: i.unit,
      unitKind: kindName(i.unitKind),
      region: i.region ?? '',
      start: i.start,
      concluded: perInspection.get(i.id)?.concluded ?? 0,
      lacking: perInspection.get(i.id)?.lacking ?? 0,
      problems: perProblems.get(i.id)?.total ?? 0,
      closed: perProblems.get(i.id)?.closed ?? 0,
    })),
  };
  return model;
}
