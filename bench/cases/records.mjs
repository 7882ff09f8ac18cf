// Records at scale (DESIGN §7):
//  1. `ducha import-records` of 100,000 CSV rows, against the sqlite3 shell's `.import` of the same file
//     into a fresh table — the floor for "parse a CSV and put it in SQLite" (target: at most 10 times it).
//  2. `ducha inspection show --json` on a database of 1,000,000 events, process start included (that is
//     what a user waits for), against `node -e 0` (target: at most 2.0 times it).
// Every timed ducha run gets a fresh database (an inspection created outside the timing).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT, compare, median, progress, row, timeRun } from '../lib.mjs';
import { populate, sharedBuild } from '../private.mjs';

const ROWS = 100_000;
const IMPORT_RUNS = 3;
const BIG_RECORDS = 1_000_000; // record.added events (+ 1 inspection.created) in one inspection
const SHOW_RUNS = 5;
const SQLITE = '/usr/bin/sqlite3';
const CHECKLIST = 'qingshi-baogao';
const METHODS = ['listen', 'check', 'talk', 'visit'];

// Another engineer's build (`npm test`, `npm run build`) may replace dist/ — even with a changed schema —
// while this case runs for minutes. So it runs a private copy of the package as built when it started
// (bin, dist, checklists, schema, templates; node_modules linked), not the live folder.
const PACKAGE_PARTS = ['package.json', 'bin', 'dist', 'checklists', 'schema', 'templates'];
let BIN = join(ROOT, 'bin', 'ducha.js');

function snapshotPackage(dir) {
  for (let attempt = 1; ; attempt++) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    try {
      for (const part of PACKAGE_PARTS)
        if (existsSync(join(ROOT, part))) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const bin = join(dir, 'bin', 'ducha.js');
      if (spawnSync(process.execPath, [bin, '--version']).status === 0) return bin;
    } catch (error) {
      if (attempt >= 10) throw error;
    }
    if (attempt >= 10) throw new Error(`could not copy a working build of ducha from ${ROOT}: run npm run build`);
    spawnSync('sleep', ['3']); // a build is probably rewriting dist/
  }
}

/** Run ducha (untimed) and return its stdout; throws with its stderr on a non-zero exit. */
function ducha(args, env) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`ducha ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 2000)}`);
  return r.stdout;
}

const timeDucha = (args, env) => timeRun(process.execPath, [BIN, ...args], { env });

const envFor = (dataDir) => ({ DUCHA_DATA_DIR: dataDir, DUCHA_ACTOR: 'bench', DUCHA_LANG: 'zh', NO_COLOR: '1' });

function newInspection(env) {
  const id = ducha(
    ['inspection', 'new', '--checklist', CHECKLIST, '--unit', '某县委政法委', '--unit-kind', 'plac'],
    env,
  ).trim();
  if (!/^\w+$/.test(id)) throw new Error(`inspection new printed ${JSON.stringify(id)}, expected an id`);
  return id;
}

function itemIds(env) {
  const doc = JSON.parse(ducha(['checklist', 'show', CHECKLIST, '--json'], env));
  const ids = doc.data.checklist.sections.flatMap((s) => s.items.map((i) => i.id));
  if (ids.length === 0) throw new Error(`checklist ${CHECKLIST} has no items`);
  return ids;
}

// Deterministic pseudo-random choices (so every run times the same file).
function lcg(seed) {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

const OPENINGS = [
  '听取汇报时了解到',
  '调阅档案发现',
  '个别谈话中反映',
  '实地走访核实',
  '查阅会议记录显示',
  '抽查登记簿发现',
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
const SUBJECTS = ['县委政法委办公室', '县公安局', '县人民法院', '县人民检察院', '县司法局', '某镇党委政法委员'];
const PEOPLE = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴婷'];

/** CSV of `rows` records over the checklist's items and the four methods; notes of ~40 characters. */
export function generateCsv(rows, items, seed = 1) {
  const pick = lcg(seed);
  const lines = ['item,method,note,subject,interviewee'];
  for (let i = 0; i < rows; i++) {
    const [opening, finding, closing] = [
      OPENINGS[pick(OPENINGS.length)],
      FINDINGS[pick(FINDINGS.length)],
      CLOSINGS[pick(CLOSINGS.length)],
    ];
    let note = opening + finding + closing;
    // Now and then a field that needs CSV quoting: an ASCII comma or a quoted phrase, as Excel writes them.
    if (i % 50 === 7) note = `"${note.replace('，', ', ')}"`;
    else if (i % 50 === 31) note = `"${opening}""一文一事""问题：${finding}${closing}"`;
    const method = METHODS[i % METHODS.length];
    const interviewee = method === 'talk' ? PEOPLE[pick(PEOPLE.length)] : '';
    lines.push(`${items[pick(items.length)]},${method},${note},${SUBJECTS[pick(SUBJECTS.length)]},${interviewee}`);
  }
  return lines.join('\n') + '\n';
}

/** Bytes of a database file with its WAL and shared-memory files. */
function dbBytes(dataDir) {
  return readdirSync(dataDir)
    .filter((f) => f.startsWith('ducha.db'))
    .reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
}

function sqliteCount(file, table) {
  const r = spawnSync(SQLITE, ['-readonly', file, `SELECT count(*) FROM ${table}`], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

export async function records() {
  const dir = mkdtempSync(join(tmpdir(), 'ducha-bench-records-'));
  try {
    BIN = snapshotPackage(join(dir, 'ducha'));
    const hasSqlite = existsSync(SQLITE) && spawnSync(SQLITE, ['-version']).status === 0;
    const csv = join(dir, 'records.csv');
    const text = generateCsv(ROWS, itemIds(envFor(join(dir, 'probe'))));
    writeFileSync(csv, text);
    const mb = (Buffer.byteLength(text) / 1e6).toFixed(1);

    // 1. import-records, each run into a fresh database; sqlite3 .import, each run into a fresh file.
    let n = 0;
    const importOnce = () => {
      const env = envFor(join(dir, `import-${++n}`));
      const id = newInspection(env); // untimed setup
      progress(`records: import-records run ${n}/${IMPORT_RUNS}…`);
      const ms = timeDucha(['import-records', id, csv], env);
      rmSync(env.DUCHA_DATA_DIR, { recursive: true, force: true });
      return ms;
    };
    const sqliteOnce = () => {
      const file = join(dir, 'peer.sqlite');
      rmSync(file, { force: true });
      const ms = timeRun(SQLITE, [file], { input: `.mode csv\n.import '${csv}' records\n` });
      const count = sqliteCount(file, 'records');
      if (count !== ROWS) throw new Error(`sqlite3 .import stored ${count} rows, expected ${ROWS}`);
      return ms;
    };
    const { a: importMs, b: sqliteMs } = hasSqlite
      ? compare(IMPORT_RUNS, importOnce, sqliteOnce)
      : { a: median(Array.from({ length: IMPORT_RUNS }, importOnce)), b: null };

    // The floor: the same rows, ducha's schema and the statements its bulk writer runs, through better-sqlite3
    // alone (bench/setup/sql-floor.mjs), each run into a copy of a fresh database.
    const floorEnv = envFor(join(dir, 'floor'));
    const floorId = newInspection(floorEnv);
    const floorDb = join(dir, 'floor.db');
    const floorMs = median(
      Array.from({ length: IMPORT_RUNS }, (_, i) => {
        progress(`records: SQL floor run ${i + 1}/${IMPORT_RUNS}…`);
        for (const suffix of ['', '-wal', '-shm']) rmSync(floorDb + suffix, { force: true });
        cpSync(join(floorEnv.DUCHA_DATA_DIR, 'ducha.db'), floorDb);
        return timeRun(process.execPath, [
          join(ROOT, 'bench', 'setup', 'sql-floor.mjs'),
          floorDb,
          csv,
          floorId,
          CHECKLIST,
        ]);
      }),
    );

    // 2. One database of 1,000,000 record events (built untimed), then inspection show. import-records writes
    // 256 records to an event (docs/format.md §21): the log is built as a million `ducha record` would write it,
    // by the set-up tool (bench/setup/populate.ts, mode log) from the same sources.
    const big = envFor(join(dir, 'big'));
    const buildStart = Date.now();
    progress(`records: building ${BIG_RECORDS.toLocaleString('en-US')} record events…`);
    const { setup } = await sharedBuild();
    const { inspection: bigId } = populate(setup, 'log', {
      db: join(big.DUCHA_DATA_DIR, 'ducha.db'),
      records: BIG_RECORDS,
    });
    const buildMs = Date.now() - buildStart;
    const bytes = dbBytes(big.DUCHA_DATA_DIR);
    const events = hasSqlite ? sqliteCount(join(big.DUCHA_DATA_DIR, 'ducha.db'), 'events') : null;
    if (events !== null && events < BIG_RECORDS)
      throw new Error(`the big database holds ${events} events, expected ${BIG_RECORDS + 1}`);
    ducha(['inspection', 'show', bigId, '--json'], big); // warm the page cache as a user's second look would
    progress('records: timing inspection show…');
    const { a: showMs, b: nodeMs } = compare(
      SHOW_RUNS,
      () => timeDucha(['inspection', 'show', bigId, '--json'], big),
      () => timeRun(process.execPath, ['-e', '0']),
    );
    const eventsText = events === null ? `${BIG_RECORDS + 1} (expected)` : events.toLocaleString('en-US');

    return [
      row({
        metric: `import-records ${ROWS.toLocaleString('en-US')} rows vs sqlite3 .import${hasSqlite ? '' : ' (sqlite3 unavailable)'}`,
        ducha: importMs,
        peer: sqliteMs,
        // Absolute times differ between machines (4.5 s on one, 3.0 s on another): the target is a ratio in one run.
        target: sqliteMs === null ? 'ratio ≤ 10 (no peer)' : 'ratio ≤ 10',
        pass: sqliteMs !== null && importMs <= 10 * sqliteMs,
        note: `${mb} MB CSV, median of ${IMPORT_RUNS}, a fresh database each run`,
      }),
      row({
        metric: '  floor: the same rows, schema and INSERTs through better-sqlite3 alone',
        ducha: importMs,
        peer: floorMs,
        target: 'info',
        pass: true,
        note: 'peer = bench/setup/sql-floor.mjs: per 256 rows one records.imported event (canonical payload, two format-2 sha256 hashes), records 64 rows per INSERT, item counts once per item; one transaction',
      }),
      row({
        metric: `inspection show --json, ${eventsText} events, vs node -e 0`,
        ducha: showMs,
        peer: nodeMs,
        target: 'ratio ≤ 2.0',
        pass: showMs <= 2 * nodeMs,
        note: `median of ${SHOW_RUNS}, process start included`,
      }),
      row({
        metric: '  building that database (one record.added event per record, untimed set-up)',
        ducha: buildMs / 1000,
        unit: 's',
        target: 'info',
        pass: true,
      }),
      row({
        metric: '  size of that database (ducha.db + -wal + -shm)',
        ducha: bytes / 2 ** 20,
        unit: 'MiB',
        target: 'info',
        pass: true,
      }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
