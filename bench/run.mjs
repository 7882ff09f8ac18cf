// `npm run bench`: every performance target of DESIGN §7, measured against its peer in the same run;
// prints one table and writes bench/results.json. Pass case names to run only those.
import { writeFileSync } from 'node:fs';
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
const rows = [];
// The machine may be shared: the load average around each case says how much to trust its figures.
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const cases = [];
for (const [name, run] of Object.entries(CASES)) {
  if (only.length && !only.includes(name)) continue;
  progress(`${name}…`);
  const start = Date.now();
  const before = load();
  rows.push(...(await run()));
  cases.push({ name, seconds: Math.round((Date.now() - start) / 100) / 10, loadBefore: before, loadAfter: load() });
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
writeFileSync(
  join(ROOT, 'bench', 'results.json'),
  JSON.stringify({ date: new Date().toISOString(), machine, cases, rows }, null, 2) + '\n',
);
if (rows.some((r) => !r.pass)) process.exitCode = 1;
