// The cross-inspection summary: coverage, the items most often found lacking (共性问题), breakdowns by unit
// kind and region, methods used, rectification closure and overdue counts, and the good practices found.
// Built from bulk queries so that thousands of inspections stay fast.
import { t } from '../i18n/index.js';
import { kindName } from '../checklist/describe.js';
import { METHODS } from '../checklist/format.js';
import type { Checklist, Result } from '../checklist/schema.js';
import type { Store } from '../store/store.js';
import { allInspectionChecklists, listInspections, methodTotals, type InspectionRow } from '../store/queries.js';
import type { ProblemStatus } from '../store/events.js';
import { snapshotChecklist } from '../checklist/snapshot.js';
import { chineseDate, percent } from '../report/numbers.js';

export interface SummaryFilter {
  ids?: string[];
  since?: string;
  unitKind?: string;
  region?: string;
}

interface Breakdown {
  name: string;
  inspections: number;
  checked: number;
  lacking: number;
  share: string;
  problems: number;
}

export interface SummaryModel {
  meta: { office: string; date: string; dateText: string; filter: string };
  coverage: { inspections: number; units: number; checklists: string; concluded: number };
  hasCommon: boolean;
  common: Array<{ rank: number; checklist: string; item: string; title: string; lacking: number; checked: number; share: string }>;
  byKind: Breakdown[];
  byRegion: Breakdown[];
  methods: { listen: number; check: number; talk: number; visit: number; total: number; text: string };
  rectification: { problems: number; closed: number; closureRate: string; overdue: number };
  hasGoodPractices: boolean;
  goodPractices: Array<{ number: number; unit: string; checklist: string; title: string; note: string }>;
  inspections: Array<{ id: string; title: string; unit: string; unitKind: string; region: string; start: string; concluded: number; lacking: number; problems: number; closed: number }>;
}

const LACKING: ReadonlySet<Result> = new Set(['partial', 'noncompliant']);

export function buildSummary(store: Store, filter: SummaryFilter, options: { office: string; date: string; today: string }): SummaryModel {
  const db = store.db;
  const wanted = listInspections(db).filter(
    (i) =>
      (!filter.ids?.length || filter.ids.includes(i.id)) &&
      (!filter.since || i.start >= filter.since) &&
      (!filter.unitKind || i.unitKind === filter.unitKind) &&
      (!filter.region || (i.region ?? '').includes(filter.region)),
  );
  const ids = new Set(wanted.map((i) => i.id));
  const byId = new Map(wanted.map((i) => [i.id, i]));

  // Checklist titles and item titles, from the snapshots in use (few distinct versions).
  const snapshots = allInspectionChecklists(db);
  const parsed = new Map<string, Checklist>();
  const titles = new Map<string, { checklist: string; title: string; order: number }>();
  for (const id of ids) {
    for (const row of snapshots.get(id) ?? []) {
      if (parsed.has(row.sha256)) continue;
      const checklist = snapshotChecklist(db, row.sha256);
      if (!checklist) continue;
      parsed.set(row.sha256, checklist);
      checklist.sections.flatMap((s) => s.items).forEach((item, order) => titles.set(`${checklist.id}/${item.id}`, { checklist: checklist.title, title: item.title, order }));
    }
  }

  // Conclusions: one value per item unless devices disagree (then not counted) — typed columns, no JSON.
  const perItem = new Map<string, { checked: number; lacking: number }>();
  const perInspection = new Map<string, { concluded: number; lacking: number }>();
  const goodPractices: SummaryModel['goodPractices'] = [];
  const rows = db.prepare('SELECT inspection_id, checklist_id, item_id, result, good_practice, note FROM conclusion_heads WHERE heads = 1').raw().iterate() as IterableIterator<
    [string, string, string, Result, number, string | null]
  >;
  for (const [inspection, checklist, item, result, goodPractice, note] of rows) {
    if (!ids.has(inspection)) continue;
    const itemKey = `${checklist}/${item}`;
    const stats = perItem.get(itemKey) ?? perItem.set(itemKey, { checked: 0, lacking: 0 }).get(itemKey)!;
    const mine = perInspection.get(inspection) ?? perInspection.set(inspection, { concluded: 0, lacking: 0 }).get(inspection)!;
    mine.concluded++;
    if (result !== 'not-applicable') stats.checked++;
    if (LACKING.has(result)) {
      stats.lacking++;
      mine.lacking++;
    }
    if (goodPractice) {
      const info = titles.get(itemKey);
      goodPractices.push({ number: 0, unit: byId.get(inspection)!.unit, checklist: info?.checklist ?? checklist, title: info?.title ?? item, note: note ?? '' });
    }
  }

  // Problems: status, deadline, merged — typed columns kept with their registers.
  const live: Array<{ inspection: string; status: ProblemStatus; deadline: string | null }> = [];
  for (const [inspection, status, deadline] of db.prepare('SELECT inspection_id, status, deadline FROM problems WHERE merged_into IS NULL').raw().iterate() as IterableIterator<
    [string, ProblemStatus, string | null]
  >) {
    if (ids.has(inspection)) live.push({ inspection, status, deadline });
  }
  const grouped = new Map<string, typeof live>();
  for (const p of live) (grouped.get(p.inspection) ?? grouped.set(p.inspection, []).get(p.inspection)!).push(p);
  const problemsOf = (inspection: string) => grouped.get(inspection) ?? [];

  const common = [...perItem.entries()]
    .filter(([, s]) => s.lacking > 0)
    .map(([key, s]) => ({ key, ...s, ratio: s.checked ? s.lacking / s.checked : 0 }))
    .sort((x, y) => y.ratio - x.ratio || y.lacking - x.lacking || x.key.localeCompare(y.key))
    .map((x, i) => {
      const info = titles.get(x.key);
      return { rank: i + 1, checklist: info?.checklist ?? x.key.split('/')[0]!, item: x.key.split('/')[1]!, title: info?.title ?? '', lacking: x.lacking, checked: x.checked, share: percent(x.lacking, x.checked) };
    });

  const breakdown = (nameOf: (i: InspectionRow) => string): Breakdown[] => {
    const groups = new Map<string, InspectionRow[]>();
    for (const i of wanted) (groups.get(nameOf(i)) ?? groups.set(nameOf(i), []).get(nameOf(i))!).push(i);
    return [...groups.entries()]
      .map(([name, list]) => {
        const checked = list.reduce((n, i) => n + (perInspection.get(i.id)?.concluded ?? 0), 0);
        const lacking = list.reduce((n, i) => n + (perInspection.get(i.id)?.lacking ?? 0), 0);
        return { name, inspections: list.length, checked, lacking, share: percent(lacking, checked), problems: list.reduce((n, i) => n + problemsOf(i.id).length, 0) };
      })
      .sort((x, y) => y.inspections - x.inspections || x.name.localeCompare(y.name));
  };

  const totals = methodTotals(db);
  const methods = { listen: 0, check: 0, talk: 0, visit: 0 };
  for (const id of ids) for (const m of METHODS) methods[m] += totals.get(id)?.[m] ?? 0;
  const closed = live.filter((p) => p.status === 'closed').length;
  const filterText = [
    filter.since && t('summary.filter.since', { date: filter.since }),
    filter.unitKind && t('summary.filter.kind', { kind: kindName(filter.unitKind) }),
    filter.region && t('summary.filter.region', { region: filter.region }),
    filter.ids?.length && t('summary.filter.ids', { n: filter.ids.length }),
  ]
    .filter(Boolean)
    .join('，');

  return {
    meta: { office: options.office, date: options.date, dateText: chineseDate(options.date), filter: filterText || t('summary.filter.all') },
    coverage: {
      inspections: wanted.length,
      units: new Set(wanted.map((i) => i.unit)).size,
      checklists: [...new Set([...parsed.values()].map((c) => c.title))].join('、'),
      concluded: [...perInspection.values()].reduce((n, x) => n + x.concluded, 0),
    },
    hasCommon: common.length > 0,
    common,
    byKind: breakdown((i) => kindName(i.unitKind)),
    byRegion: breakdown((i) => i.region || t('summary.noRegion')),
    methods: { ...methods, total: METHODS.reduce((n, m) => n + methods[m], 0), text: t('report.methodsText', methods) },
    rectification: {
      problems: live.length,
      closed,
      closureRate: percent(closed, live.length),
      overdue: live.filter((p) => p.deadline !== null && p.status !== 'closed' && p.deadline < options.today).length,
    },
    hasGoodPractices: goodPractices.length > 0,
    goodPractices: goodPractices.map((g, i) => ({ ...g, number: i + 1 })),
    inspections: wanted.map((i) => ({
      id: i.id,
      title: i.title,
      unit: i.unit,
      unitKind: kindName(i.unitKind),
      region: i.region ?? '',
      start: i.start,
      concluded: perInspection.get(i.id)?.concluded ?? 0,
      lacking: perInspection.get(i.id)?.lacking ?? 0,
      problems: problemsOf(i.id).length,
      closed: problemsOf(i.id).filter((p) => p.status === 'closed').length,
    })),
  };
}
