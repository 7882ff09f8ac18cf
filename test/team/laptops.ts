// Laptops for team tests: each its own home, data directory and database, running the real main in-process
// (or spawned) with its owner's name; every folder made is removed by `cleanup`.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cheapenLocks } from '../helpers/cheap-locks.js';
import { runBin, runMain, type RunResult } from '../helpers/run.js';

export interface Laptop {
  name: string;
  home: string;
  db: string;
  env: Record<string, string | undefined>;
  run: (...argv: string[]) => Promise<RunResult>;
  ok: (...argv: string[]) => Promise<string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back in tests
  json: (...argv: string[]) => Promise<any>;
}

const made: string[] = [];

export function scratch(prefix = 'ducha-lead-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanup(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function laptop(name: string, options: { spawned?: boolean; cwd?: string } = {}): Laptop {
  const home = scratch();
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    DUCHA_DATA_DIR: join(home, 'data'),
    LANG: 'C.UTF-8',
    DUCHA_ACTOR: name,
  };
  mkdirSync(env.DUCHA_DATA_DIR, { recursive: true });
  const runner = options.spawned ? runBin : runMain;
  const run = (...argv: string[]) => runner(argv, { env, cwd: options.cwd ?? home });
  const ok = async (...argv: string[]) => {
    const r = await run(...argv);
    expect(r.code, `${name}: ducha ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r.stdout.trim();
  };
  const json = async (...argv: string[]) => JSON.parse(await ok(...argv, '--json')).data;
  return { name, home, db: join(env.DUCHA_DATA_DIR, 'ducha.db'), env, run, ok, json };
}

/**
 * `ducha protect` with the laptop's DUCHA_PASSPHRASE, then its locks re-made cheap so that the commands that
 * follow do not each pay the product's key derivation (helpers/cheap-locks.ts); protect's text output.
 */
export async function protect(l: Laptop): Promise<string> {
  const passphrase = l.env.DUCHA_PASSPHRASE;
  expect(passphrase, `${l.name} has no DUCHA_PASSPHRASE`).toBeDefined();
  const out = await l.ok('protect');
  await cheapenLocks(l.db, passphrase!);
  return out;
}

/** `from` exports the inspection; `to` imports it (with `extra` options); the import's text output. */
export async function carry(from: Laptop, to: Laptop, id: string, ...extra: string[]): Promise<string> {
  const file = join(scratch(), `${from.name}.ducha`);
  await from.ok('export', id, '-o', file);
  return to.ok('import', file, ...extra);
}

/** Each member trusts the lead; the lead trusts the members named in `trusted`. */
export async function trustAround(lead: Laptop, members: Laptop[], trusted: Laptop[]): Promise<void> {
  const leadKey = await lead.ok('team', 'key');
  for (const m of members) await m.ok('team', 'trust', leadKey, '--name', lead.name);
  for (const m of trusted) await lead.ok('team', 'trust', await m.ok('team', 'key'), '--name', m.name);
}

/**
 * The SHA-256 of a database file once everything committed is in it (the -wal checkpointed first): equal
 * digests before and after a command mean it changed nothing, whichever process last checkpointed the -wal
 * (a later process's checkpoint on close changes the file's bytes, not the data).
 */
export function dbDigest(file: string): string {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
