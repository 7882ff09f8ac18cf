// The semantic rules of `ducha lint` that a JSON Schema cannot express: ids, references, ranges, cycles
// and the house rules against judging, or closing a rectification, by paperwork. They read parsed data defensively, so a file with
// schema errors still gets every other finding.
import { t } from '../i18n/index.js';
import type { NodePath, PendingProblem, ProblemSeverity, RuleCode } from './problem.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

interface ItemRef {
  item: Obj;
  path: NodePath;
}

function pending(
  code: RuleCode,
  severity: ProblemSeverity,
  path: NodePath,
  message: PendingProblem['message'],
  related?: NodePath,
): PendingProblem {
  return { code, severity, path, target: 'value', message, related };
}

type Emit = (problem: PendingProblem) => void;
interface Sink {
  push: Emit;
}

/** Every rule's findings, handed to `emit` as found (so they can be placed at once), or returned as a list. */
export function checkRules(data: unknown, emit?: Emit): PendingProblem[] {
  const found: PendingProblem[] = [];
  if (!isObj(data)) return found;
  const problems = { push: emit ?? ((p: PendingProblem) => void found.push(p)) };
  const items: ItemRef[] = [];
  list(data.sections).forEach((section, s) => {
    if (!isObj(section)) return;
    list(section.items).forEach((item, i) => {
      if (isObj(item)) items.push({ item, path: ['sections', s, 'items', i] });
    });
  });
  duplicateIds(data, items, problems);
  const sources = sourceArticles(data);
  basisReferences(items, sources, problems);
  unusedSources(data, items, problems);
  conditions(items, problems);
  evidence(items, problems);
  paperRectification(items, problems);
  appliesToScope(data, items, problems);
  return found;
}

function duplicateIds(data: Obj, items: ItemRef[], problems: Sink): void {
  const check = (entries: Array<{ id: unknown; path: NodePath }>, kind: 'section' | 'item' | 'source') => {
    const first = new Map<string, NodePath>();
    for (const { id, path } of entries) {
      if (typeof id !== 'string') continue;
      const earlier = first.get(id);
      if (!earlier) first.set(id, [...path, 'id']);
      else
        problems.push(
          pending(
            'duplicate-id',
            'error',
            [...path, 'id'],
            (r) => t(`lint.rule.duplicateId.${kind}` as const, { id, line: r?.line }),
            earlier,
          ),
        );
    }
  };
  check(
    list(data.sources).map((s, i) => ({ id: isObj(s) ? s.id : undefined, path: ['sources', i] })),
    'source',
  );
  check(
    list(data.sections).map((s, i) => ({ id: isObj(s) ? s.id : undefined, path: ['sections', i] })),
    'section',
  );
  check(
    items.map(({ item, path }) => ({ id: item.id, path })),
    'item',
  );
}

function sourceArticles(data: Obj): Map<string, number | undefined> {
  const sources = new Map<string, number | undefined>();
  for (const s of list(data.sources)) {
    if (isObj(s) && typeof s.id === 'string')
      sources.set(s.id, typeof s.articles === 'number' ? s.articles : undefined);
  }
  return sources;
}

function basisReferences(items: ItemRef[], sources: Map<string, number | undefined>, problems: Sink): void {
  for (const { item, path } of items) {
    list(item.basis).forEach((basis, b) => {
      if (!isObj(basis)) return;
      const source = str(basis.source);
      if (source === undefined) return;
      const at: NodePath = [...path, 'basis', b];
      if (!sources.has(source)) {
        problems.push(
          pending('unknown-source', 'error', [...at, 'source'], () =>
            t('lint.rule.unknownSource', { source, known: [...sources.keys()].join(', ') }),
          ),
        );
        return;
      }
      const max = sources.get(source);
      const article = basis.article;
      if (max !== undefined && typeof article === 'number' && (article < 1 || article > max)) {
        problems.push(
          pending('article-range', 'error', [...at, 'article'], () =>
            t('lint.rule.articleRange', { article, source, max }),
          ),
        );
      }
    });
  }
}

function unusedSources(data: Obj, items: ItemRef[], problems: Sink): void {
  const cited = new Set<string>();
  for (const { item } of items)
    for (const b of list(item.basis)) if (isObj(b) && typeof b.source === 'string') cited.add(b.source);
  list(data.sources).forEach((s, i) => {
    if (isObj(s) && typeof s.id === 'string' && !cited.has(s.id)) {
      const id = s.id;
      problems.push(
        pending('unused-source', 'warning', ['sources', i, 'id'], () => t('lint.rule.unusedSource', { id })),
      );
    }
  });
}

function conditions(items: ItemRef[], problems: Sink): void {
  const byId = new Map<string, ItemRef>();
  for (const ref of items) if (typeof ref.item.id === 'string' && !byId.has(ref.item.id)) byId.set(ref.item.id, ref);
  const next = new Map<string, string>();
  for (const { item, path } of items) {
    if (!isObj(item.when) || typeof item.when.item !== 'string' || typeof item.id !== 'string') continue;
    const target = item.when.item;
    if (!byId.has(target)) {
      problems.push(
        pending('unknown-item', 'error', [...path, 'when', 'item'], () => t('lint.rule.unknownItem', { id: target })),
      );
    } else next.set(item.id, target);
  }
  // Each item has at most one condition, so the graph is a functional graph: follow each chain once.
  const state = new Map<string, 'active' | 'done'>();
  for (const start of next.keys()) {
    const chain: string[] = [];
    let id: string | undefined = start;
    while (id !== undefined && !state.has(id)) {
      state.set(id, 'active');
      chain.push(id);
      id = next.get(id);
    }
    if (id !== undefined && state.get(id) === 'active') {
      const cycle = chain.slice(chain.indexOf(id));
      const first = byId.get(cycle[0]!)!;
      const text = [...cycle, cycle[0]].join(' → ');
      problems.push(
        pending('condition-cycle', 'error', [...first.path, 'when', 'item'], () =>
          t('lint.rule.conditionCycle', { cycle: text }),
        ),
      );
    }
    for (const done of chain) state.set(done, 'done');
  }
}

function evidence(items: ItemRef[], problems: Sink): void {
  for (const { item, path } of items) {
    const methods = isObj(item.methods) ? item.methods : {};
    const required = isObj(item.evidence) ? list(item.evidence.required) : [];
    required.forEach((method, r) => {
      if (typeof method === 'string' && ['listen', 'check', 'talk', 'visit'].includes(method) && !(method in methods)) {
        problems.push(
          pending('evidence-method', 'error', [...path, 'evidence', 'required', r], () =>
            t('lint.rule.evidenceMethod', { method }),
          ),
        );
      }
    });
    if (required.length > 0 && required.every((m) => m === 'check')) {
      problems.push(
        pending('paperwork-only', 'warning', [...path, 'evidence', 'required'], () =>
          t('lint.rule.paperworkOnly', { id: String(item.id) }),
        ),
      );
    }
  }
}

function appliesToScope(data: Obj, items: ItemRef[], problems: Sink): void {
  const scope = new Set(list(data.applies_to).filter((k): k is string => typeof k === 'string'));
  if (scope.size === 0) return;
  for (const { item, path } of items) {
    list(item.applies_to).forEach((kind, k) => {
      if (typeof kind === 'string' && !scope.has(kind)) {
        problems.push(
          pending('applies-to-scope', 'warning', [...path, 'applies_to', k], () =>
            t('lint.rule.appliesToScope', { kind }),
          ),
        );
      }
    });
  }
}

/**
 * Words that name evidence of effect in a rectification requirement: records of a rule being used, checks
 * that it works, what talks or tests confirmed, cases that show it. `paper-rectification` warns when a
 * rectification contains none of them: a rule, plan or list alone could then close the problem. The rule
 * reads words only; whether the sentence really asks for that evidence is for the maintainer to judge.
 */
export const EFFECT_EVIDENCE = [
  '运行记录',
  '办理记录',
  '会议记录',
  '使用记录',
  '值班记录',
  '签到',
  '抽查',
  '复查',
  '核查',
  '核验',
  '核实',
  '比对',
  '回访',
  '走访',
  '实地',
  '暗访',
  '谈话',
  '座谈',
  '印证',
  '测试',
  '测评',
  '问卷',
  '演练',
  '演示',
  '实例',
  '事例',
  '案例',
] as const;

function paperRectification(items: ItemRef[], problems: Sink): void {
  for (const { item, path } of items) {
    const text = str(item.rectification);
    if (text === undefined || !/\S/.test(text) || EFFECT_EVIDENCE.some((word) => text.includes(word))) continue;
    problems.push(
      pending('paper-rectification', 'warning', [...path, 'rectification'], () =>
        t('lint.rule.paperRectification', { id: String(item.id) }),
      ),
    );
  }
}
