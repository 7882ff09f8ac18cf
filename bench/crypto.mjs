// `node bench/crypto.mjs`: throughput of the two crypto suites (src/crypto), to size "one signature per write
// transaction" and encryption at rest. Not part of `npm run bench` (it has no peer or target yet): it builds
// src/crypto with esbuild into .tmp/, then prints one table. A few seconds on an idle machine.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './lib.mjs';

const out = join(ROOT, '.tmp', 'crypto-bench');
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: {
    crypto: join(ROOT, 'src/crypto/index.ts'),
    envelope: join(ROOT, 'src/crypto/envelope.ts'),
    passphrase: join(ROOT, 'src/crypto/passphrase.ts'),
  },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: out,
  logLevel: 'warning',
  // As scripts/build.mjs bundles: sm-crypto-v2 resolves to its CommonJS build, whose dependencies call require().
  banner: {
    js: "import { createRequire as __ducha_createRequire } from 'node:module'; const require = __ducha_createRequire(import.meta.url);",
  },
});
const { loadSuite } = await import(pathToFileURL(join(out, 'crypto.js')).href);
const { lockWithPassphrase } = await import(pathToFileURL(join(out, 'passphrase.js')).href);

/** Operations per second of `fn`, run for about `ms` milliseconds after a short warm-up. */
function rate(fn, ms = 1000) {
  for (let i = 0; i < 5; i++) fn(i);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) fn(n++);
  return n / ((performance.now() - start) / 1000);
}

const rows = [];
const row = (what, def, gm, unit) => rows.push([what, def, gm, unit]);
const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(1));
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const suites = { default: await loadSuite('default'), gm: await loadSuite('gm') };
const head = randomBytes(32); // what a transaction signs: a chain head
const big = randomBytes(16 << 20);
const field = randomBytes(200);

const measure = (f) => [f(suites.default), f(suites.gm)];
const keys = { default: suites.default.generateSigningKey(), gm: suites.gm.generateSigningKey() };
const sigs = {
  default: suites.default.sign(keys.default.privateKey, head),
  gm: suites.gm.sign(keys.gm.privateKey, head),
};
row('sign a 32-byte head', ...measure((s) => rate(() => s.sign(keys[s.id].privateKey, head))), 'per s');
// A key's first 15 verifications run without its precomputed table (sm2.ts), later ones with it.
const fresh = (s) =>
  Array.from({ length: 300 }, () => {
    const k = s.generateSigningKey();
    return [k.publicKey, s.sign(k.privateKey, head)];
  });
row(
  'verify, each key once (cold)',
  ...measure((s) => {
    const pairs = fresh(s);
    const t = performance.now();
    for (const [k, sig] of pairs) s.verify(k, head, sig);
    return pairs.length / ((performance.now() - t) / 1000);
  }),
  'per s',
);
row(
  'verify, same key (steady state)',
  ...measure((s) => rate(() => s.verify(keys[s.id].publicKey, head, sigs[s.id]))),
  'per s',
);
row('generate a signing key', ...measure((s) => rate(() => s.generateSigningKey(), 500)), 'per s');
row(
  'hash 16 MiB in 1 MiB pieces',
  ...measure((s) => {
    const t = performance.now();
    const h = s.createHasher();
    for (let i = 0; i < 16; i++) h.update(big.subarray(i << 20, (i + 1) << 20));
    h.digestHex();
    return 16 / ((performance.now() - t) / 1000);
  }),
  'MiB/s',
);
const eventText = 'x'.repeat(300);
row('hash a 300-byte event', ...measure((s) => rate(() => s.hash(eventText), 500)), 'per s');
row(
  'seal 16 MiB (AEAD)',
  ...measure((s) => {
    const aead = s.aead(randomBytes(32));
    const t = performance.now();
    aead.seal(big);
    return 16 / ((performance.now() - t) / 1000);
  }),
  'MiB/s',
);
row(
  'seal a 200-byte field',
  ...measure((s) => {
    const a = s.aead(randomBytes(32));
    return rate(() => a.seal(field), 500);
  }),
  'per s',
);
row(
  'open a 200-byte field',
  ...measure((s) => {
    const a = s.aead(randomBytes(32));
    const x = a.seal(field);
    return rate(() => a.open(x), 500);
  }),
  'per s',
);
const agreement = { default: suites.default.generateAgreementKey(), gm: suites.gm.generateAgreementKey() };
row(
  'wrap a content key',
  ...measure((s) => rate(() => s.wrapKey(agreement[s.id].publicKey, field.subarray(0, 32)), 500)),
  'per s',
);
row(
  'unwrap a content key',
  ...measure((s) => {
    const w = s.wrapKey(agreement[s.id].publicKey, field.subarray(0, 32));
    return rate(() => s.unwrapKey(agreement[s.id].privateKey, w), 500);
  }),
  'per s',
);
row(
  'passphrase lock, default cost',
  ...measure((s) => {
    const t = performance.now();
    lockWithPassphrase(s, 'passphrase', field);
    return performance.now() - t;
  }),
  'ms',
);

// Cold cost of loading each suite in a fresh process (what the first signing command pays once).
const cold = (id) => {
  const script = `const t=performance.now(); const { loadSuite } = await import(${JSON.stringify(pathToFileURL(join(out, 'crypto.js')).href)}); await loadSuite('${id}'); console.log(performance.now()-t);`;
  const runs = Array.from({ length: 5 }, () =>
    Number(spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).stdout),
  );
  return runs.sort((a, b) => a - b)[2];
};
row('load the suite (fresh process, median of 5)', cold('default'), cold('gm'), 'ms');
const size = readdirSync(out)
  .filter((f) => f.endsWith('.js'))
  .reduce((n, f) => n + statSync(join(out, f)).size, 0);

const widths = [0, 1, 2, 3].map((i) =>
  Math.max(
    ...rows.map((r) => (typeof r[i] === 'number' ? fmt(r[i]) : r[i]).length),
    ['', 'default', 'gm', ''][i].length,
  ),
);
const line = (r) =>
  r
    .map((v, i) => (typeof v === 'number' ? fmt(v) : v)[i === 0 || i === 3 ? 'padEnd' : 'padStart'](widths[i]))
    .join('  ');
console.log(line(['', 'default', 'gm', '']));
for (const r of rows) console.log(line(r));
console.log(
  `\nload average before: ${load}; after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; built src/crypto + sm-crypto-v2: ${(size / 1024).toFixed(0)} KiB unminified`,
);
rmSync(out, { recursive: true, force: true });
