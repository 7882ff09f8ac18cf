// Untimed set-up for the reports, summary and team benchmarks: builds large databases by calling ducha's
// own domain modules in-process (inside write transactions, without fsync), which is orders of magnitude
// faster than thousands of CLI processes. Only the set-up: the timed commands are always whole processes. Bundled with esbuild at run time into the benchmark's private
// copy of the package (bench/private.mjs), so it writes exactly the schema that copy's build expects.
//
//   node populate.mjs MODE '{"db": "...", ...}'   →  one JSON line on stdout
//
// Modes: reports (one inspection, N problems), summary (many inspections, many records), team (one
// inspection with many records and evidence files), empty (the database file alone, for `ducha protect`).
// With "passphrase" (reports, summary): a database `ducha protect` made is filled as a protected one —
// its keys unlocked in-process, every confidential field encrypted as the commands would (issue 17).
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomFillSync as fillRandom } from 'node:crypto';
import { dirname, join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { createInspection } from '../../src/inspect/inspections.js';
import { checklistFolders, loadRegistry, type Registry } from '../../src/checklist/registry.js';
import { activeItems, allItems, appliesTo, inspectionSnapshots, type ItemRef } from '../../src/inspect/items.js';
import { addRecord, conclude } from '../../src/inspect/recording.js';
import { createProblems, currentProblems, proposals } from '../../src/problems/problems.js';
import { storeEvidence } from '../../src/inspect/evidence.js';
import { conclusions, type InspectionRow } from '../../src/store/queries.js';
import type { ConclusionHead } from '../../src/store/queries.js';
import type { ProblemFields, ProblemStatus, StepKind } from '../../src/store/events.js';
import { unlockWithPassphrase } from '../../src/crypto/passphrase.js';
import { FieldCipher } from '../../src/store/field-cipher.js';
import { dataKeyRecord, keyRecord } from '../../src/store/key-locks.js';

// ---------------------------------------------------------------------------------------------------------
// Deterministic choices, so every run builds the same data.

function lcg(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return {
    float: next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof lcg>;

const METHODS = ['listen', 'check', 'talk', 'visit'] as const;
const OPENINGS = [
  '听取汇报时了解到',
  '调阅档案发现',
  '个别谈话中反映',
  '实地走访核实',
  '查阅会议记录显示',
  '抽查登记簿发现',
  '查阅年度工作总结发现',
];
const FINDINGS = [
  '本年度重大事项均按规定事前请示，但个别请示存在一文多事的情况',
  '请示报告登记制度已建立，部分事项未及时登记办理结果',
  '政法委员会全体会议每季度召开一次，议题由书记办公会确定',
  '执法司法监督工作开展情况未形成书面报告，仅口头汇报',
  '协调重大敏感案件时未邀请检察机关派员列席，记录不完整',
  '对下级政法单位请示的答复超过规定时限，平均用时二十天',
  '重大决策部署落实情况台账齐全，督办事项逐项销号',
  '经办人员对请示报告的程序掌握不准，培训记录缺失',
];
const CLOSINGS = [
  '，需进一步核实。',
  '，已当场指出。',
  '，建议限期整改。',
  '，与汇报情况一致。',
  '，有关材料已复印留存。',
];
const SUBJECTS = [
  '政法委办公室',
  '公安局',
  '人民法院',
  '人民检察院',
  '司法局',
  '某镇党委政法委员',
  '执法监督科',
  '综治中心',
];
const PEOPLE = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴婷'];

// Problem descriptions (问题表现): an opening, a finding and a consequence, about 60 characters.
const P_OPEN = [
  '2025年以来，',
  '经查阅会议记录，',
  '个别谈话中反映，',
  '抽查近两年档案发现，',
  '实地走访核实，',
  '对照条例逐条检查，',
  '从调阅的登记簿看，',
];
const P_CORE = [
  '重大事项请示报告制度执行不到位，部分事项未经请示即先行决定',
  '政法委员会全体会议未按规定每季度召开，会前议题准备不充分',
  '执法司法监督工作机制不健全，案件评查结果运用不够充分',
  '协调重大敏感案件时记录不完整，会议纪要未及时印发存档',
  '请示报告登记簿登记不规范，办理结果未及时反馈并归档',
  '对下级政法单位的请示答复超出规定时限，督办机制缺失',
  '贯彻落实党中央重大决策部署的台账不健全，推进措施不具体',
  '政法单位党组向党委政法委报告工作不及时、不全面、不深入',
  '“三个规定”记录报告工作不扎实，存在长期零报告现象',
  '平安建设考评指标设置不够科学，考评结果运用不充分',
];
const P_TAIL = [
  '，整改责任未压实到具体岗位',
  '，有关制度停留在纸面上',
  '，干部群众反映较为强烈',
  '，影响了工作的严肃性',
  '，与条例要求存在明显差距',
  '，同类问题在上轮督查中已指出',
];
const NOTES_LACKING = [
  '制度已建立但执行不到位，存在一文多事、越级请示的情况。',
  '会议记录不完整，部分议题未形成决议。',
  '台账不全，部分事项无办理结果。',
  '报告不及时，内容较为笼统。',
];
const NOTES_GOOD = [
  '建立了请示报告事项清单，逐项登记、逐项销号，做法值得推广。',
  '创新“政法委员+”工作机制，协调效率明显提高。',
  '执法监督与案件评查结合紧密，成效明显。',
];

function description(rng: Rng): string {
  return rng.pick(P_OPEN) + rng.pick(P_CORE) + rng.pick(P_TAIL) + '。';
}

function recordNote(rng: Rng): string {
  return rng.pick(OPENINGS) + rng.pick(FINDINGS) + rng.pick(CLOSINGS);
}

function dateAfter(base: string, days: number): string {
  const d = new Date(base + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------------
// Shared steps.

const opened: Store[] = [];

interface Ctx {
  store: Store;
  registry: Registry;
  rng: Rng;
  evidenceFile: string;
}

function open(dbFile: string, seed: number, passphrase?: string): Ctx {
  const dataDir = dirname(dbFile);
  mkdirSync(dataDir, { recursive: true });
  const store = openStore(dbFile, { create: true });
  // Set-up only: no fsync per commit (a crash here just means running the benchmark again). The timed
  // commands open the file themselves with ducha's own settings.
  store.db.pragma('synchronous = OFF');
  opened.push(store);
  if (passphrase !== undefined) unlock(store, passphrase);
  const registry = loadRegistry(checklistFolders({ DUCHA_DATA_DIR: dataDir }, dataDir), dataDir);
  // One small closure-evidence file, stored once (content-addressed) however often it is cited.
  const evidenceFile = join(dataDir, '整改佐证材料.pdf');
  writeFileSync(evidenceFile, '%PDF-1.4\n% ducha bench closure evidence\n');
  return { store, registry, rng: lcg(seed), evidenceFile };
}

/** A protected database's signing key and data key, opened with its passphrase (the default suite: loaded statically). */
function unlock(store: Store, passphrase: string): void {
  const signing = keyRecord(store);
  const data = dataKeyRecord(store);
  if (!signing || signing.protection === 'none' || !data)
    throw new Error('populate: a passphrase was given for a database that ducha protect has not protected');
  const suite = store.crypto();
  store.provideKey(unlockWithPassphrase(suite, signing.secret, passphrase).toString('base64'));
  const key = unlockWithPassphrase(suite, data.secret, passphrase);
  store.useFieldCipher(() => new FieldCipher((k) => suite.aead(k), { id: Buffer.from(data.keyId, 'hex'), key }));
}

function checklistsFor(registry: Registry, kind: string): string[] {
  return [...registry.entries.values()]
    .filter((e) => (e.checklist.applies_to as string[]).includes(kind))
    .map((e) => e.checklist.id);
}

/** The items that will be asked, given the results we are about to set (conditions evaluated in order). */
function plannedItems(refs: ItemRef[], kind: string, results: Map<string, string>): ItemRef[] {
  const fake = new Map<string, ConclusionHead[]>();
  for (const [key, result] of results)
    fake.set(key, [
      { result, goodPractice: false, checklistSha: '', eventId: '', actor: '', at: '' } as unknown as ConclusionHead,
    ]);
  return activeItems(refs, kind, fake);
}

interface InspectionPlan {
  unit: string;
  kind: string;
  region?: string;
  start: string;
  checklists: string[];
  team: string[];
  records: number;
  /** Share of active items concluded. */
  concludedShare: number;
  /** Result weights: compliant, partial, noncompliant, not-applicable. */
  weights: [number, number, number, number];
  /** Every n-th record gets the next evidence file (0: none). */
  evidenceEvery?: number;
  evidenceFiles?: string[];
}

interface Built {
  inspection: InspectionRow;
  active: ItemRef[];
  records: number;
  conclusions: number;
}

function buildInspection(ctx: Ctx, plan: InspectionPlan): Built {
  const { store, registry, rng } = ctx;
  const actor = plan.team[0] ?? '张三';
  const inspection = createInspection(
    store,
    actor,
    {
      unit: plan.unit,
      unitKind: plan.kind,
      region: plan.region,
      team: plan.team,
      start: plan.start,
      checklists: plan.checklists,
    },
    registry,
  );
  const refs = allItems(inspectionSnapshots(store.db, inspection.id)).filter((r) => appliesTo(r, plan.kind));
  // Decide results first (in checklist order, so `when` conditions can be honoured), then record, then conclude.
  const results = new Map<string, string>();
  const [wc, wp, wn] = plan.weights;
  const total = plan.weights.reduce((a, b) => a + b, 0);
  for (const ref of refs) {
    if (!rng.chance(plan.concludedShare)) continue;
    const x = rng.float() * total;
    results.set(
      ref.key,
      x < wc ? 'compliant' : x < wc + wp ? 'partial' : x < wc + wp + wn ? 'noncompliant' : 'not-applicable',
    );
  }
  const active = plannedItems(refs, plan.kind, results);
  if (active.length === 0) throw new Error(`no active items for ${plan.kind} / ${plan.checklists.join(',')}`);
  let evidenceIndex = 0;
  for (let i = 0; i < plan.records; i++) {
    const ref = active[i < active.length ? i : rng.int(active.length)]!;
    const method = METHODS[rng.int(4)]!;
    const evidence =
      plan.evidenceEvery &&
      plan.evidenceFiles &&
      i % plan.evidenceEvery === plan.evidenceEvery - 1 &&
      evidenceIndex < plan.evidenceFiles.length
        ? [plan.evidenceFiles[evidenceIndex++]!]
        : [];
    addRecord(
      store,
      plan.team[i % plan.team.length] ?? actor,
      inspection.id,
      ref,
      {
        method,
        note: recordNote(rng),
        subject: rng.pick(SUBJECTS),
        interviewee: method === 'talk' ? rng.pick(PEOPLE) : undefined,
        evidence,
      },
      100,
    );
  }
  let concluded = 0;
  for (const ref of active) {
    const result = results.get(ref.key);
    if (!result) continue;
    const lacking = result === 'partial' || result === 'noncompliant';
    conclude(store, actor, inspection.id, ref, {
      result,
      note: lacking
        ? rng.pick(NOTES_LACKING)
        : result === 'compliant' && rng.chance(0.1)
          ? rng.pick(NOTES_GOOD)
          : undefined,
      goodPractice: result === 'compliant' && rng.chance(0.1),
      reason: '部分材料由被督查单位事后补充提供',
    });
    concluded++;
  }
  return { inspection, active, records: plan.records, conclusions: concluded };
}

/**
 * Walk a share of an inspection's problems through rectification: progress, a closure request with
 * evidence, closure by another member (on this same device: with the override). The events are those `ducha rectify` / `ducha close` write
 * (lifecycle.advance), appended directly: advance() re-reads every problem of the inspection per step,
 * which is fine for one command but quadratic for a thousand problems in set-up.
 */
function rectify(
  ctx: Ctx,
  inspectionId: string,
  team: string[],
  shares: { progress: number; closed: number },
): { closed: number; steps: number } {
  const { store, rng } = ctx;
  let closed = 0;
  let steps = 0;
  const [a, b] = [team[0] ?? '张三', team[1] ?? '李四'];
  const evidence = [storeEvidence(store.db, ctx.evidenceFile, 100)];
  const step = (
    problemId: string,
    actor: string,
    kind: StepKind,
    status: ProblemStatus,
    note: string,
    supersedes: string[],
    withEvidence = false,
    override?: { reason: string; selfClose: true },
  ) => {
    steps++;
    return store.append(actor, 'problem.progressed', {
      problemId,
      inspectionId,
      kind,
      status,
      note,
      ...override,
      evidence: withEvidence ? evidence : [],
      supersedes,
    }).id;
  };
  // Every event here is this one database's (one device): a closure on the device that asked for it is the
  // recorded, reasoned override that four eyes by device key require (issue 16), as `close --allow-self-close`
  // writes it.
  const override = { reason: '督查组在同一台电脑上审核销号', selfClose: true as const };
  for (const problem of currentProblems(store, inspectionId)) {
    if (problem.status !== 'open') continue;
    const x = rng.float();
    if (x < shares.closed) {
      const p1 = step(problem.id, a, 'progress', 'rectifying', '已制定整改方案，明确责任人和时限。', []);
      const p2 = step(
        problem.id,
        a,
        'request',
        'closure-requested',
        '整改措施已落实，相关制度已印发执行。',
        [p1],
        true,
      );
      step(problem.id, b, 'close', 'closed', '经核实整改到位，同意销号。', [p2], false, override);
      closed++;
    } else if (x < shares.closed + shares.progress) {
      step(problem.id, a, 'progress', 'rectifying', '正在修订相关制度，预计下月完成。', []);
    }
  }
  return { closed, steps };
}

function eventCount(store: Store): number {
  return (store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
}

// ---------------------------------------------------------------------------------------------------------
// Modes.

/** One inspection of a municipal 政法委 whose problem list has `problems` problems. */
function reports(args: { db: string; problems: number; records?: number; seed?: number; passphrase?: string }) {
  const ctx = open(args.db, args.seed ?? 7, args.passphrase);
  const { store, registry, rng } = ctx;
  const team = ['张三', '李四', '王五', '赵六'];
  return store.write(() => {
    const built = buildInspection(ctx, {
      unit: '某市委政法委',
      kind: 'plac',
      region: '某省某市',
      start: '2026-11-20',
      checklists: checklistsFor(registry, 'plac'),
      team,
      records: args.records ?? 400,
      concludedShare: 1,
      weights: [5, 3, 2, 0.3],
    });
    const id = built.inspection.id;
    // The problems proposed from the conclusions, then more by hand, spread over the items found lacking
    // (a problem about an item concluded 符合 would contradict the record, and reports refuse it), up to `problems`.
    const proposed = proposals(store, built.inspection).map((p) => p.fields);
    const heads = conclusions(store.db, id);
    const lacking = built.active.filter((r) =>
      ['partial', 'noncompliant'].includes(heads.get(r.key)?.[0]?.result ?? ''),
    );
    const pool = lacking.length > 0 ? lacking : built.active;
    const extra: ProblemFields[] = [];
    for (let i = proposed.length; i < args.problems; i++) {
      const ref = pool[rng.int(pool.length)]!;
      const items = [{ checklistId: ref.checklist.id, itemId: ref.item.id }];
      if (rng.chance(0.15)) {
        const other = pool[rng.int(pool.length)]!;
        if (other.key !== ref.key) items.push({ checklistId: other.checklist.id, itemId: other.item.id });
      }
      const methods = METHODS.filter(() => rng.chance(0.45));
      extra.push({
        description: description(rng),
        items,
        methods: methods.length ? methods : ['check'],
        severity: (['high', 'medium', 'low'] as const)[rng.int(3)]!,
        rectification:
          ref.item.rectification?.trim() || '对照条例要求，建立健全相关制度，于督查反馈后两个月内报送整改情况。',
        type: (['immediate', 'deadline', 'deadline', 'ongoing'] as const)[rng.int(4)]!,
        unit: rng.chance(0.7)
          ? rng.pick(['市委政法委办公室', '市委政法委执法监督科', '市委政法委综治督导科'])
          : undefined,
        leader: rng.chance(0.6) ? rng.pick(['李某', '王某', '陈某']) : undefined,
        person: rng.chance(0.6) ? rng.pick(['赵某', '孙某', '周某', '吴某']) : undefined,
        deadline: rng.chance(0.5) ? dateAfter('2026-12-01', rng.int(120)) : undefined,
      });
    }
    const ids = createProblems(store, '张三', id, [...proposed, ...extra].slice(0, args.problems));
    const r = rectify(ctx, id, team, { progress: 0.2, closed: 0.1 });
    return {
      inspection: id,
      items: built.active.length,
      records: built.records,
      conclusions: built.conclusions,
      problems: ids.length,
      closed: r.closed,
      events: eventCount(store),
    };
  });
}

const KINDS: Array<[kind: string, weight: number, label: string]> = [
  ['plac', 5, '委政法委'],
  ['court', 3, '人民法院'],
  ['procuratorate', 3, '人民检察院'],
  ['public-security', 3, '公安局'],
  ['justice-bureau', 2, '司法局'],
  ['county-party-committee', 2, '委'],
  ['township', 2, '某镇党委'],
  ['state-security', 1, '国家安全局'],
];
const CITIES = ['甲市', '乙市', '丙市', '丁市', '戊市', '己市', '庚市', '辛市'];
const COUNTIES = ['东城区', '西城区', '南湖区', '北山县', '河口县', '山前县', '新安县', '清平县', '永宁县', '石桥县'];
const PROVINCES = ['某省', '另一省'];

/** `inspections` inspections holding `records` records in all, with conclusions, problems and closures. */
function summary(args: { db: string; inspections: number; records: number; seed?: number; passphrase?: string }) {
  const ctx = open(args.db, args.seed ?? 11, args.passphrase);
  const { store, registry, rng } = ctx;
  const kindWeights = KINDS.reduce((n, k) => n + k[1], 0);
  const pickKind = () => {
    let x = rng.float() * kindWeights;
    for (const k of KINDS) if ((x -= k[1]) < 0) return k;
    return KINDS[0]!;
  };
  const totals = { records: 0, conclusions: 0, problems: 0, closed: 0, steps: 0, inspections: 0 };
  const started = Date.now();
  for (let i = 0; i < args.inspections; i++) {
    // Records per inspection: 60 %–140 % of the mean, the last one taking up the rest so the total is exact.
    const mean = args.records / args.inspections;
    const records =
      i === args.inspections - 1 ? args.records - totals.records : Math.round(mean * (0.6 + 0.8 * rng.float()));
    const [kind, , label] = pickKind();
    const province = rng.pick(PROVINCES);
    const city = rng.pick(CITIES);
    const county = rng.pick(COUNTIES);
    const available = checklistsFor(registry, kind);
    const chosen = available.filter(() => rng.chance(0.6));
    if (chosen.length === 0) chosen.push(rng.pick(available));
    const unit =
      kind === 'county-party-committee'
        ? `${city}${county}委`
        : kind === 'township'
          ? `${county}${label}`
          : `${city}${county}${label}`;
    const team = [rng.pick(['张三', '王五', '钱七']), rng.pick(['李四', '赵六', '孙八'])];
    // Older inspections are finished and mostly rectified; the most recent ones are still in progress.
    const age = 1 - i / args.inspections;
    const start = dateAfter('2024-01-08', Math.floor((1 - age) * 900));
    // Several inspections per transaction: fewer commits, same events.
    if (i % 25 === 0) {
      if (i > 0) store.db.exec('COMMIT');
      store.db.exec('BEGIN IMMEDIATE');
    }
    store.write(() => {
      const built = buildInspection(ctx, {
        unit,
        kind,
        region: `${province}${city}${county}`,
        start,
        checklists: chosen,
        team,
        records,
        concludedShare: age > 0.05 ? 0.92 : 0.5,
        weights: [6, 2.5, 1, 0.5],
      });
      const proposed = proposals(store, built.inspection).map(({ fields }) => ({
        ...fields,
        deadline: rng.chance(0.7) ? dateAfter(start, 30 + rng.int(120)) : undefined,
        unit: rng.chance(0.5) ? `${unit}办公室` : undefined,
      }));
      const ids = createProblems(store, team[0]!, built.inspection.id, proposed);
      const r = rectify(ctx, built.inspection.id, team, { progress: 0.25, closed: Math.max(0, 0.75 * age - 0.05) });
      totals.records += built.records;
      totals.conclusions += built.conclusions;
      totals.problems += ids.length;
      totals.closed += r.closed;
      totals.steps += r.steps;
      totals.inspections++;
    });
    if (process.stderr.isTTY && i % 50 === 49)
      process.stderr.write(
        `\r\x1b[Ksummary set-up: ${i + 1}/${args.inspections} inspections, ${totals.records} records, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
  }
  if (store.db.inTransaction) store.db.exec('COMMIT');
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  return { ...totals, events: eventCount(store) };
}

/** One inspection with `records` records, `files` of them citing one evidence file of `fileMB` MB of random bytes. */
function team(args: {
  db: string;
  records: number;
  files: number;
  fileMB: number;
  evidenceDir: string;
  seed?: number;
}) {
  const ctx = open(args.db, args.seed ?? 13);
  const { store, registry } = ctx;
  mkdirSync(args.evidenceDir, { recursive: true });
  const files: string[] = [];
  const buffer = Buffer.allocUnsafe(Math.round(args.fileMB * 2 ** 20));
  const kinds = ['.jpg', '.pdf', '.m4a', '.png', '.docx'];
  for (let i = 0; i < args.files; i++) {
    fillRandom(buffer);
    const file = join(args.evidenceDir, `佐证材料-${String(i + 1).padStart(3, '0')}${kinds[i % kinds.length]}`);
    writeFileSync(file, buffer);
    files.push(file);
  }
  const teamNames = ['张三', '李四', '王五'];
  const built = store.write(() =>
    buildInspection(ctx, {
      unit: '某县委政法委',
      kind: 'plac',
      region: '某省某市某县',
      start: '2026-11-20',
      checklists: checklistsFor(registry, 'plac'),
      team: teamNames,
      records: args.records,
      concludedShare: 1,
      weights: [6, 2.5, 1, 0.5],
      evidenceEvery: Math.floor(args.records / args.files),
      evidenceFiles: files,
    }),
  );
  const id = built.inspection.id;
  const problems = store.write(() =>
    createProblems(
      store,
      '张三',
      id,
      proposals(store, built.inspection).map((p) => p.fields),
    ),
  );
  const r = store.write(() => rectify(ctx, id, teamNames, { progress: 0.3, closed: 0.3 }));
  const blobBytes = (store.db.prepare('SELECT sum(size) AS n FROM blobs').get() as { n: number }).n;
  return {
    inspection: id,
    records: built.records,
    conclusions: built.conclusions,
    problems: problems.length,
    closed: r.closed,
    evidenceFiles: files.length,
    blobBytes,
    events: eventCount(store),
  };
}

// ---------------------------------------------------------------------------------------------------------

/** The database file alone (schema and device identity), for `ducha protect` to protect before it is filled. */
/**
 * One inspection whose log holds `records` record.added events, each as `ducha record` writes one (issue 15:
 * `inspection show` over a log of a million events; import-records now writes 256 records to an event).
 */
function log(args: { db: string; records: number; seed?: number }) {
  const { store, registry, rng } = open(args.db, args.seed ?? 1);
  const inspection = createInspection(
    store,
    '张三',
    {
      unit: '某县委政法委',
      unitKind: 'plac',
      team: ['张三', '李四'],
      start: '2026-11-20',
      checklists: ['qingshi-baogao'],
    },
    registry,
  );
  const refs = allItems(inspectionSnapshots(store.db, inspection.id));
  for (let done = 0; done < args.records;) {
    const n = Math.min(10_000, args.records - done);
    store.write(() => {
      for (let i = 0; i < n; i++) {
        const ref = refs[rng.int(refs.length)]!;
        const method = METHODS[rng.int(4)]!;
        store.append(i % 2 ? '李四' : '张三', 'record.added', {
          id: store.newId(),
          inspectionId: inspection.id,
          checklistId: ref.checklist.id,
          itemId: ref.item.id,
          method,
          note: recordNote(rng),
          subject: rng.pick(SUBJECTS),
          interviewee: method === 'talk' ? rng.pick(PEOPLE) : undefined,
          evidence: [],
        });
      }
    });
    done += n;
  }
  return { inspection: inspection.id, events: eventCount(store) };
}

function empty(args: { db: string }) {
  open(args.db, 1);
  return { events: 0 };
}

const MODES = { reports, summary, team, log, empty } as const;
const [mode, json] = process.argv.slice(2);
const run = MODES[mode as keyof typeof MODES] as ((args: never) => object) | undefined;
if (!run || !json) {
  process.stderr.write(`usage: populate.mjs ${Object.keys(MODES).join('|')} '{"db": "…", …}'\n`);
  process.exit(2);
}
const args = JSON.parse(json) as { db: string };
const started = Date.now();
const result = run(args as never);
for (const s of opened) s.close();
// Checkpoint so the timed commands start from a compact database, as after any ordinary session.
const store = openStore(args.db);
store.db.pragma('wal_checkpoint(TRUNCATE)');
store.close();
process.stdout.write(JSON.stringify({ ...result, ms: Date.now() - started }) + '\n');
