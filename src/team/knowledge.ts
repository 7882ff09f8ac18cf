// What the rules of acceptance (rules.ts) ask of the receiving database — a laptop's SQLite file or the
// commission's PostgreSQL hub. The laptop answers each question with a look-up (src/store/team-queries.ts);
// the hub fetches the answers ahead for each group of events. Everything a batch itself brings (events,
// links, inspections, records, snapshots adopted) is tracked by the rules, so a hub's answers fetched
// before the group are enough.
import type { SuiteId } from '../crypto/types.js';

/** An event or a link held at (device, seq): its hash and the hash before it. */
export interface Held {
  hash: string;
  prevHash: string;
  /** Held as a link only (format 2): the event itself is not in this database. */
  link?: boolean;
}

/** A checklist snapshot held as a blob: its checklist's id and version, and every item id it defines. */
export interface SnapshotFacts {
  id: string;
  version: string;
  items: ReadonlySet<string>;
}

export interface Knowledge {
  /** The stored event (or, in format 2, link) at (device, seq), if any. */
  event(device: string, seq: number): Held | undefined;
  hasInspection(id: string): boolean;
  hasProblem(inspectionId: string, id: string): boolean;
  /** The receiving database's own device (a laptop); none for the hub, which writes no events of its own. */
  readonly ownDevice?: string;

  // Format 2 (issue 16): who may sign for a device, and what it has signed.
  /** The crypto suite of the receiving database: a bundle of the other suite is refused. */
  readonly suite: SuiteId;
  /** The public key trusted for `device` here, if any. */
  trustedKey(device: string): string | undefined;
  /** Signed heads held for `device` (checked when they were stored), any order. */
  signedHeads(device: string): ReadonlyArray<{ seq: number; hash: string }>;

  // Format 2: what payloads refer to.
  /** Every checklist snapshot the inspection adopted (with its creation or an upgrade), oldest first. */
  inspectionSnapshots(inspectionId: string): ReadonlyArray<{ checklistId: string; sha256: string }>;
  /** A held blob's checklist snapshot facts; undefined when the blob is absent or holds no checklist. */
  snapshot(sha256: string): SnapshotFacts | undefined;
  /** The size of a held blob, or undefined. */
  blobSize(sha256: string): number | undefined;
  hasRecord(inspectionId: string, recordId: string): boolean;
  /** Whether a record with this id is held, in any inspection (record ids are unique: a new record may not reuse one). */
  recordTaken(recordId: string): boolean;
  /** The device and kind of a rectification step (a problem.progressed event) of the inspection, by event id. */
  step(inspectionId: string, eventId: string): { device: string; kind: string } | undefined;
}

/**
 * Which of format 2's checks a receiver makes. A laptop makes them all. The hub until it stores signed
 * heads and links (and `ducha pull`, which takes events from the hub), makes format 1's: `signedHeads`
 * off; the hub also `references` off until it answers those questions (see the integrator's note).
 */
export interface Checks {
  signedHeads: boolean;
  references: boolean;
}

export const ALL_CHECKS: Checks = { signedHeads: true, references: true };
