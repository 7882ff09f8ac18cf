// The checklist snapshots the store holds. One was linted when the inspection adopted it and its bytes are
// content-addressed, so only parsing is needed — and usually not even that: the parsed form is cached as
// JSON beside the blob (snapshot_cache). The YAML parser is loaded only on a cache miss.
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { readBlob } from './blobs.js';
import { prepared } from './prepared.js';
import { connection, type QuerySource } from './source.js';
import type { Checklist } from '../checklist/schema.js';
import { MAX_DEPTH, expansionLimit, mayHaveAnchors } from '../util/yaml-limits.js';

type JsYaml = typeof import('js-yaml');
type JsYamlOptions = import('js-yaml').LoadOptions;
let jsYaml: JsYaml | undefined;

/** Parse snapshot bytes (YAML) without linting; undefined when they do not hold a checklist. */
export function parseSnapshot(bytes: Uint8Array): Checklist | undefined {
  // A runtime require, not an import: commands that only read cached snapshots never load the parser.
  jsYaml ??= createRequire(import.meta.url)('js-yaml') as JsYaml;
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    // A snapshot may come from another laptop's bundle: held to the limits of yaml-limits.ts (depth, and
    // aliases counted before anything walks the data), like any checklist.
    const data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, maxDepth: MAX_DEPTH } as JsYamlOptions) as
      Checklist | undefined;
    if (mayHaveAnchors(text) && expansionLimit(data)) return undefined;
    return data && typeof data === 'object' && Array.isArray(data.sections) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** The checklist a snapshot blob holds: from the cache, else parsed. Never writes (readers take no lock). */
export function snapshotChecklist(from: QuerySource, sha256: string): Checklist | undefined {
  const db = connection(from);
  const cached = prepared(db, 'SELECT json FROM snapshot_cache WHERE sha256 = ?').get(sha256) as
    { json: string } | undefined;
  return cached ? (JSON.parse(cached.json) as Checklist) : parseSnapshot(readBlob(db, sha256));
}

/** Cache a snapshot's parsed form, inside the write that brings the snapshot in (a projection's step). */
export function cacheSnapshot(db: Database.Database, sha256: string): void {
  if (prepared(db, 'SELECT 1 FROM snapshot_cache WHERE sha256 = ?').get(sha256)) return;
  if (!prepared(db, 'SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256)) return; // a replay has no blobs
  const checklist = parseSnapshot(readBlob(db, sha256));
  if (checklist)
    prepared(db, 'INSERT INTO snapshot_cache (sha256, json) VALUES (?, ?)').run(sha256, JSON.stringify(checklist));
}
