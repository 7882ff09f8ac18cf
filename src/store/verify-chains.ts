// ducha verify, the chains: every device's events and links in order of seq, each event's hash recomputed
// (format 1 or 2, told by the hash), each linked to the one before it; this device's chain complete from 1;
// and every signed head still in its chain, the newest of each unbroken run checked with its device's key.
// What no signed head covers is reported: this device's own unsigned events and another device's format-2
// events are damage (ducha writes and imports neither); another device's format-1 events, accepted on that
// device's bundle signature before format 2, are only counted.
import type Database from 'better-sqlite3';
import { t } from '../i18n/index.js';
import { GENESIS, eventFormat, linkHash } from './hash.js';
import { headSignatureValid, type SignedHead } from './signing.js';
import type { EventRow, Store } from './store.js';
import { CHECKED_EVENT_ROW } from './sealed.js';
import type { Damage } from './verify.js';

export interface ChainCounts {
  events: number;
  devices: number;
  signatures: number;
  /** Another device's format-1 events that no signed head covers (accepted under format 1's rule). */
  unsigned: number;
  /** Sealed events whose hash could not be recomputed (the data key locked): their stored hash is taken as it is. */
  unchecked: number;
}

/** Sealed payloads (sealed.ts): is there the column, how many events are sealed, does the data key open them. */
export interface SealedState {
  column: boolean;
  sealed: number;
  open: boolean;
}

interface Element {
  device: string;
  seq: number;
  prevHash: string;
  hash: string;
  /** 0: the event's hash matches neither format's rule. */
  format: 0 | 1 | 2;
  id?: string;
  type?: string;
  /** A sealed event read without the data key: its hash is the stored one, not recomputed. */
  unchecked?: boolean;
}

interface Run {
  /** Signed heads met in this run, the newest last. */
  top?: SignedHead;
  pending: { first: number; v1: number; v2: number } | undefined;
}

export function checkChains(
  store: Store,
  add: (d: Damage) => void,
  sealing: SealedState = { column: false, sealed: 0, open: false },
): ChainCounts {
  const db = store.db;
  const algorithm = store.hashAlgorithm;
  const self = store.device;
  const counts: ChainCounts = { events: 0, devices: 0, signatures: 0, unsigned: 0, unchecked: 0 };
  const signing = store.format === 2;
  const keys = new Map(
    (db.prepare('SELECT device, public_key FROM devices').all() as Array<{ device: string; public_key: string }>).map(
      (r) => [r.device, r.public_key],
    ),
  );

  let device: string | undefined;
  let previous: Element | undefined;
  let broken = false;
  let lastFormat: 1 | 2 = 2;
  let signatures = new Map<number, SignedHead>();
  let run: Run = { pending: undefined };

  const endRun = () => {
    if (!device || !signing) return;
    if (run.top && !topValid(store, keys.get(run.top.device), run.top))
      add({
        check: 'signature',
        message: t('integrity.verify.badSignature', { device: run.top.device, seq: run.top.seq }),
      });
    const p = run.pending;
    if (p) {
      if (device === self)
        add({
          check: 'signature',
          message: t('integrity.verify.ownUnsigned', { device, first: p.first, n: p.v1 + p.v2 }),
        });
      else if (p.v2 > 0)
        add({
          check: 'signature',
          message: t('integrity.verify.foreignUnsigned', { device, first: p.first, n: p.v2 }),
        });
      counts.unsigned += device === self ? 0 : p.v1;
    }
    run = { pending: undefined };
  };
  const endDevice = () => {
    endRun();
    // A signed head no element answers: the history it vouched for was cut or rewritten after signing.
    if (!broken)
      for (const s of signatures.values())
        add({ check: 'signature', message: t('integrity.verify.headGone', { device: s.device, seq: s.seq }) });
  };

  for (const el of elements(db, algorithm, () => lastFormat, sealing)) {
    if (el.device !== device) {
      endDevice();
      device = el.device;
      counts.devices++;
      previous = undefined;
      broken = false;
      signatures = signing ? signedHeads(db, device) : new Map();
      counts.signatures += signatures.size;
    }
    if (el.id !== undefined) counts.events++;
    if (el.unchecked) counts.unchecked++;
    if (broken) continue; // one finding per chain: what follows a break cannot be judged
    if (previous && el.seq === previous.seq) continue; // a link where the event is held (import removes those)
    const where = { device: el.device, seq: el.seq, id: el.id ?? '—' };
    if (el.device === self && el.id === undefined) {
      add({ check: 'chain', message: t('integrity.verify.ownLink', { device: el.device, seq: el.seq }) });
      broken = true;
      continue;
    }
    // This device's own chain must be complete from 1; another device's holds only what was shared.
    const expected = previous ? previous.seq + 1 : 1;
    if (el.device === self && el.seq !== expected) {
      add({ check: 'chain', message: t('verify.gap', { ...where, expected }) });
      broken = true;
      continue;
    }
    const adjacent = previous !== undefined && previous.seq === el.seq - 1;
    if ((adjacent && el.prevHash !== previous!.hash) || (el.seq === 1 && el.prevHash !== GENESIS)) {
      add({ check: 'chain', message: t('verify.prev', where) });
      broken = true;
      continue;
    }
    if (el.format === 0) {
      add({ check: 'chain', message: t('verify.hash', { ...where, type: el.type ?? '' }) });
      broken = true;
      continue;
    }
    lastFormat = el.format;
    if (!adjacent) endRun();
    const signed = signatures.get(el.seq);
    if (signed) {
      signatures.delete(el.seq);
      if (signed.hash === el.hash) {
        run.top = signed;
        run.pending = undefined;
      } else
        add({
          check: 'signature',
          message: t('integrity.verify.headGone', { device: signed.device, seq: signed.seq }),
        });
    }
    if (!signed || signed.hash !== el.hash) {
      run.pending ??= { first: el.seq, v1: 0, v2: 0 };
      if (el.format === 1) run.pending.v1++;
      else run.pending.v2++;
    }
    previous = el;
  }
  endDevice();
  return counts;
}

/** The newest signed head of a run, checked with the key this database trusts for its device. */
function topValid(store: Store, publicKey: string | undefined, head: SignedHead): boolean {
  if (!publicKey) return false;
  try {
    return headSignatureValid(store.crypto(), publicKey, head);
  } catch {
    return false;
  }
}

function signedHeads(db: Database.Database, device: string): Map<number, SignedHead> {
  const rows = db
    .prepare('SELECT device, seq, hash, signature FROM signatures WHERE device = ?')
    .all(device) as SignedHead[];
  return new Map(rows.map((r) => [r.seq, r]));
}

/** Events and links merged in order of (device, seq); an event whose hash matches no rule has format 0. */
function* elements(
  db: Database.Database,
  algorithm: string,
  lastFormat: () => 1 | 2,
  sealing: SealedState,
): Generator<Element> {
  // A sealed payload is opened when the key is unlocked (its hash then recomputed as any other's).
  const columns = sealing.column ? (sealing.open ? `${CHECKED_EVENT_ROW}, NULL AS sealed_key_id` : '*') : '*';
  const events = db.prepare(`SELECT ${columns} FROM events ORDER BY device, seq`).iterate() as IterableIterator<
    EventRow & { sealed_key_id?: string | null }
  >;
  const hasLinks = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'links'").get();
  const links = (
    hasLinks
      ? db.prepare('SELECT device, seq, prev_hash, digest FROM links ORDER BY device, seq').iterate()
      : [][Symbol.iterator]()
  ) as IterableIterator<{
    device: string;
    seq: number;
    prev_hash: string;
    digest: string;
  }>;
  let e = events.next();
  let l = links.next();
  const before = (a: { device: string; seq: number }, b: { device: string; seq: number }) =>
    a.device === b.device ? a.seq <= b.seq : Buffer.compare(Buffer.from(a.device), Buffer.from(b.device)) < 0;
  while (!e.done || !l.done) {
    if (!e.done && (l.done || before(e.value, l.value))) {
      const r = e.value;
      const body = {
        id: r.id,
        device: r.device,
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        type: r.type,
        payload: undefined,
      };
      let format: 0 | 1 | 2;
      const unchecked = r.sealed_key_id !== undefined && r.sealed_key_id !== null;
      try {
        format = unchecked
          ? lastFormat()
          : (eventFormat(algorithm, r.prev_hash, body, r.payload, r.hash, lastFormat()) ?? 0);
      } catch {
        format = 0;
      }
      yield {
        device: r.device,
        seq: r.seq,
        prevHash: r.prev_hash,
        hash: r.hash,
        format,
        id: r.id,
        type: r.type,
        unchecked,
      };
      e = events.next();
    } else {
      const r = l.value;
      yield {
        device: r.device,
        seq: r.seq,
        prevHash: r.prev_hash,
        hash: linkHash(algorithm, r.prev_hash, r.digest),
        format: 2,
      };
      l = links.next();
    }
  }
}
