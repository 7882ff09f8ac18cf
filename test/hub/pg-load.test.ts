// Loading node-postgres costs a hub command no fetch implementation: on a Node without `navigator` (Node 20),
// pg would build a fetch Response to ask whether it runs in a Cloudflare Worker, and Node would load undici for
// it (≈ 25 ms of every hub command). hub/connect.ts lends pg the `navigator` of Node 21+ while it loads and
// takes it back. Checked in the real binary: a hub command that loads pg (its connection then refused) leaves
// undici unloaded and no `navigator` behind where there was none.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run.js';
import { scratch } from '../helpers/scratch.js';

const tmp = scratch();

const PROBE = `process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify({
    undici: process.moduleLoadList.some((m) => m.includes('undici')),
    pg: Object.keys(require.cache).some((f) => /node_modules[\\\\/]pg[\\\\/]lib[\\\\/]stream\\.js$/.test(f)),
    navigator: typeof globalThis.navigator,
  }));
});
`;

describe('loading node-postgres', () => {
  it('loads pg for a hub command without loading undici, and leaves globalThis as it was', async () => {
    const dir = tmp.dir();
    const probe = join(dir, 'probe.cjs');
    const out = join(dir, 'out.json');
    writeFileSync(probe, PROBE);
    const navigatorBefore = Number(process.versions.node.split('.')[0]) >= 21 ? 'object' : 'undefined';
    const r = await runBin(['summary', '--hub', 'postgres://u:p@127.0.0.1:1/x', '--json'], {
      env: tmp.env({ PROBE_OUT: out, NODE_OPTIONS: `--require ${probe}` }),
    });
    expect(r.code, r.stderr).toBe(2);
    expect(JSON.parse(r.stdout).problems[0].code).toBe('hub-connect');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ undici: false, pg: true, navigator: navigatorBefore });
  });
});
