// Team work at scale: `ducha export` of one inspection with 100,000 records and 200 MB of evidence (200
// files of 1 MB of random bytes cited by records), and `ducha import --trust` of that bundle into a fresh
// database. Wall time of each (info) and peak memory of each (target < 300 MB: both stream, so memory
// must not grow with the evidence). Untimed checks after the last import: `ducha verify` passes on the
// importing database and its `inspection show --json` equals the exporter's.
//
// Set-up (untimed, ≈ 15 s): the inspection on every applicable shipped checklist, the records, every item
// concluded, the proposed problems, some closed with evidence — built in-process by bench/setup.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { median, progress, row } from '../lib.mjs';
import { envFor, loadText, measure, populate, removeScratch, runDucha, scratchDir, sharedBuild } from '../private.mjs';

const RECORDS = 100_000;
const FILES = 200;
const FILE_MB = 1;
const RUNS = 3;
const LIMIT_MB = 300;

export async function team() {
  const dir = scratchDir('ducha-bench-team-');
  try {
    const loadBefore = loadText();
    progress('team: private build…');
    const { bin, setup } = await sharedBuild();
    progress(`team: building ${RECORDS.toLocaleString('en-US')} records and ${FILES} evidence files…`);
    const exporterDir = join(dir, 'exporter');
    const evidenceDir = join(dir, 'evidence');
    const built = populate(setup, 'team', {
      db: join(exporterDir, 'ducha.db'),
      records: RECORDS,
      files: FILES,
      fileMB: FILE_MB,
      evidenceDir,
    });
    rmSync(evidenceDir, { recursive: true, force: true }); // in the database now
    const exporter = { ...envFor(exporterDir), DUCHA_ACTOR: '张三' };
    const bundle = join(dir, 'bundle.ducha');

    const exports = [];
    const imports = [];
    let importer;
    for (let i = 1; i <= RUNS; i++) {
      progress(`team: export ${i}/${RUNS}…`);
      rmSync(bundle, { force: true });
      exports.push(
        await measure(process.execPath, [bin, 'export', built.inspection, '-o', bundle], { env: exporter, cwd: dir }),
      );
      progress(`team: import ${i}/${RUNS}…`);
      if (importer) rmSync(importer.DUCHA_DATA_DIR, { recursive: true, force: true });
      importer = { ...envFor(join(dir, `importer-${i}`)), DUCHA_ACTOR: '李四' };
      mkdirSync(importer.DUCHA_DATA_DIR, { recursive: true });
      imports.push(
        await measure(process.execPath, [bin, 'import', bundle, '--trust', '--name', '张三'], {
          env: importer,
          cwd: dir,
        }),
      );
    }
    const bundleMB = statSync(bundle).size / 1e6;
    const load = `load ${loadBefore} before, ${loadText()} after`;

    // Untimed checks on the last importing database.
    progress('team: verify and compare…');
    const verifyStart = Date.now();
    const verified = runDucha(bin, ['verify'], importer, { okCodes: [0, 1] });
    const verifyMs = Date.now() - verifyStart;
    const show = (env) =>
      JSON.parse(runDucha(bin, ['inspection', 'show', built.inspection, '--json'], env).stdout).data;
    const same = isDeepStrictEqual(show(exporter), show(importer));
    const checkNote = [
      verified.status === 0 ? 'verify: exit 0' : `verify: exit ${verified.status}: ${verified.stdout.slice(0, 300)}`,
      same ? 'inspection show --json identical' : 'inspection show --json DIFFERS',
    ].join('; ');

    const runsText = (list) => list.map((m) => `${(m.ms / 1000).toFixed(1)} s / ${m.rssMB.toFixed(0)} MB`).join(', ');
    const peak = (list) => Math.max(...list.map((m) => m.rssMB));
    const what = `1 inspection, ${built.events.toLocaleString('en-US')} events, ${FILES} × ${FILE_MB} MB evidence; bundle ${bundleMB.toFixed(0)} MB`;
    return [
      row({
        metric: `export (${RECORDS.toLocaleString('en-US')} records, ${FILES * FILE_MB} MB evidence)`,
        ducha: median(exports.map((m) => m.ms)),
        target: 'info',
        pass: true,
        note: `median of ${RUNS} (${runsText(exports)}); ${what}; ${load}`,
      }),
      row({
        metric: '  import --trust of that bundle into a fresh database',
        ducha: median(imports.map((m) => m.ms)),
        target: 'info',
        pass: true,
        note: `median of ${RUNS} (${runsText(imports)}); ${load}`,
      }),
      row({
        metric: '  export peak RSS',
        ducha: peak(exports),
        unit: 'MB',
        target: `< ${LIMIT_MB} MB`,
        pass: peak(exports) < LIMIT_MB,
        note: `highest of ${RUNS}; ${exports[0].method}`,
      }),
      row({
        metric: '  import peak RSS',
        ducha: peak(imports),
        unit: 'MB',
        target: `< ${LIMIT_MB} MB`,
        pass: peak(imports) < LIMIT_MB,
        note: `highest of ${RUNS}; ${imports[0].method}`,
      }),
      row({
        metric: '  after import: verify passes, inspection show --json identical (verify time)',
        ducha: verifyMs,
        target: 'exit 0, identical',
        pass: verified.status === 0 && same,
        note: checkNote,
      }),
      row({
        metric: `  building the exporter's database (untimed set-up)`,
        ducha: built.ms / 1000,
        unit: 's',
        target: 'info',
        pass: true,
      }),
    ];
  } finally {
    removeScratch(dir);
  }
}
