// Two processes recording into the same database at once: every record of both lands exactly once, the
// file verifies, and this device's chain stays contiguous (seq 1..N, each event linked to the one before).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run.js';
import { SCRIPTS, SOAK, freshInspection, readFacts, requireBuild, type Fixture } from './support.js';

const PER_PROCESS = SOAK ? 2_000 : 250;

interface Loop {
  /** Resolves once the process has loaded and waits at the barrier. */
  ready: Promise<void>;
  go(): void;
  done: Promise<{ code: number | null; ids: string[]; stderr: string }>;
}

/** A record loop that starts only when told to, so that two loops overlap however long each takes to load. */
function recordLoop(f: Fixture, tag: string): Loop {
  const child = spawn(
    process.execPath,
    [join(SCRIPTS, 'record-reporter.mjs'), f.db, f.id, String(PER_PROCESS), tag, 'barrier'],
    {
      cwd: f.cwd,
      env: f.env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  let signalReady: () => void;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (stdout.startsWith('ready\n')) signalReady();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; ids: string[]; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      signalReady();
      resolve({
        code,
        ids: stdout
          .split('\n')
          .slice(1)
          .filter(Boolean)
          .map((l) => l.split(' ')[0]!),
        stderr,
      });
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), done };
}

beforeAll(requireBuild);

describe('concurrent writers', () => {
  it(
    `two processes recording ${PER_PROCESS} records each into one database: all ${2 * PER_PROCESS} present, verify exits 0, the chain is contiguous`,
    async () => {
      const f = await freshInspection();
      const loops = [recordLoop(f, '甲'), recordLoop(f, '乙')];
      await Promise.all(loops.map((l) => l.ready));
      for (const l of loops) l.go();
      const [a, b] = await Promise.all(loops.map((l) => l.done));
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      expect(a.ids).toHaveLength(PER_PROCESS);
      expect(b.ids).toHaveLength(PER_PROCESS);

      const facts = readFacts(f.db);
      const present = new Set(facts.records);
      expect([...a.ids, ...b.ids].filter((id) => !present.has(id))).toEqual([]);
      expect(facts.records).toHaveLength(2 * PER_PROCESS);
      // One inspection.created, then one event per record, numbered without gaps or repeats.
      expect(facts.events).toBe(2 * PER_PROCESS + 1);
      expect(facts.seqs).toEqual(Array.from({ length: facts.events }, (_, i) => i + 1));

      // Each process's notes 0..N-1, exactly once, and the writes really interleaved.
      const db = new Database(f.db, { readonly: true });
      const rows = db
        .prepare(
          "SELECT json_extract(e.payload, '$.note') AS note, r.actor, e.seq, e.prev_hash, e.hash FROM records r JOIN events e ON e.id = r.event_id ORDER BY e.seq",
        )
        .all() as Array<{
        note: string;
        actor: string;
        seq: number;
        prev_hash: string;
        hash: string;
      }>;
      const chain = db.prepare('SELECT seq, prev_hash, hash FROM events ORDER BY seq').all() as Array<{
        seq: number;
        prev_hash: string;
        hash: string;
      }>;
      db.close();
      for (const tag of ['甲', '乙']) {
        const notes = rows.filter((r) => r.actor === tag).map((r) => r.note);
        expect(new Set(notes).size).toBe(PER_PROCESS);
        expect(notes.sort()).toEqual(Array.from({ length: PER_PROCESS }, (_, i) => `${tag} ${i}`).sort());
      }
      for (let i = 1; i < chain.length; i++)
        expect(chain[i]!.prev_hash, `event ${chain[i]!.seq}`).toBe(chain[i - 1]!.hash);
      const switches = rows.slice(1).filter((r, i) => r.actor !== rows[i]!.actor).length;
      console.info(`concurrency: ${2 * PER_PROCESS} records, the writer changed ${switches} times along the chain`);
      expect(switches, 'the two processes did not overlap: this test proved nothing about concurrency').toBeGreaterThan(
        10,
      );

      const verify = await runBin(['verify', '--db', f.db, '--json'], { env: f.env, cwd: f.cwd });
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(JSON.parse(verify.stdout).data).toMatchObject({ ok: true, events: 2 * PER_PROCESS + 1, devices: 1 });
      const show = await runBin(['inspection', 'show', f.id, '--json', '--db', f.db], { env: f.env, cwd: f.cwd });
      expect(JSON.parse(show.stdout).data.progress.methods.visit).toBe(2 * PER_PROCESS);
    },
    SOAK ? 600_000 : 120_000,
  );
});
