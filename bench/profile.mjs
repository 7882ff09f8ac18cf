// Summarise a V8 CPU profile (from `node --cpu-prof --cpu-prof-dir=DIR bin/ducha.js …`): self time by
// function and by file, and inclusive time by function (each function counted once per sample).
//
//   node bench/profile.mjs DIR|FILE.cpuprofile [N=25]
//
// Native work done inside a JS call (SQLite through better-sqlite3, zlib, JSON.parse) is counted as the
// calling function's self time.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [target, limit = '25'] = process.argv.slice(2);
if (!target) {
  console.error('usage: node bench/profile.mjs DIR|FILE.cpuprofile [N]');
  process.exit(2);
}
const file = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(target, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
  : target;
if (!file) throw new Error(`no .cpuprofile in ${target}`);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const where = (n) =>
  (n.callFrame.url || '(native)')
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
const name = (n) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n)}:${n.callFrame.lineNumber + 1}`;
const bySelf = new Map();
const byFile = new Map();
const inclusive = new Map();
let total = 0;
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  total += us;
  const leaf = nodes.get(id);
  add(bySelf, name(leaf), us);
  add(byFile, where(leaf), us);
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const key = name(nodes.get(x));
    if (!seen.has(key)) {
      add(inclusive, key, us);
      seen.add(key);
    }
  }
});
const table = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([key, us]) =>
        `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`,
    )
    .join('\n');
const n = Number(limit);
console.log(
  `${file}: ${(total / 1000).toFixed(0)} ms sampled\n\nself time by function\n${table(bySelf, n)}\n\nself time by file\n${table(byFile, 12)}\n\ninclusive time by function\n${table(inclusive, n)}`,
);
