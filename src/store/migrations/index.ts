// The schema migrations, append-only: never edit one that has shipped (its checksum is stored in every
// database it built); add a new one instead.
import { createHash } from 'node:crypto';
import { sql as m001 } from './001-event-log.js';
import { sql as m002 } from './002-problems.js';
import { sql as m003 } from './003-rectification.js';
import { sql as m004 } from './004-team.js';
import { sql as m005 } from './005-snapshot-cache.js';
import { sql as m006, backfill as fill006 } from './006-typed-heads.js';
import { sql as m007 } from './007-problem-keys.js';
import { sql as m008 } from './008-corrections.js';
import { sql as m009 } from './009-lead.js';
import { sql as m010, backfill as fill010 } from './010-lean-records.js';
import { sql as m011, backfill as fill011 } from './011-format2.js';
import { sql as m012 } from './012-blob-keys.js';
import { sql as m013 } from './013-sealed-payloads.js';
import { sql as m014 } from './014-interviewee-names.js';
import { sql as m015 } from './015-conclusion-counts.js';
import { sql as m016 } from './016-imported-records.js';
import { sql as m017 } from './017-sealed-texts.js';
import { defaultSuite } from '../../crypto/default-suite.js';
import { signHead } from '../signing.js';
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
  /** Fills new tables or columns from data already there, in the same transaction as the SQL. */
  backfill?: (db: Database.Database) => void;
}

const define = (version: number, name: string, sql: string, backfill?: Migration['backfill']): Migration => ({
  version,
  name,
  sql,
  checksum: createHash('sha256').update(sql).digest('hex'),
  backfill,
});

export const MIGRATIONS: readonly Migration[] = [
  define(1, 'event-log', m001),
  define(2, 'problems', m002),
  define(3, 'rectification', m003),
  define(4, 'team', m004),
  define(5, 'snapshot-cache', m005),
  define(6, 'typed-heads', m006, fill006),
  define(7, 'problem-keys', m007),
  define(8, 'corrections', m008),
  define(9, 'lead', m009),
  define(10, 'lean-records', m010, fill010),
  // Format-1 databases are all of the default suite: their existing head is signed with Ed25519.
  define(11, 'format2', m011, (db) => fill011(db, (head, privateKey) => signHead(defaultSuite, privateKey, head))),
  define(12, 'blob-keys', m012),
  define(13, 'sealed-payloads', m013),
  define(14, 'interviewee-names', m014),
  define(15, 'conclusion-counts', m015),
  define(16, 'imported-records', m016),
  define(17, 'sealed-texts', m017),
];

/** The tables verify compares against a replay of the log (projections), with their key columns. */
export const PROJECTIONS: Readonly<Record<string, string>> = {
  inspections: 'id',
  inspection_checklists: 'inspection_id, checklist_id',
  rechecks: 'inspection_id, checklist_id, item_id, sha256',
  records: 'id',
  record_evidence: 'record_id, position',
  item_stats: 'inspection_id, checklist_id, item_id',
  problems: 'inspection_id, id',
  rectification_steps: 'event_id',
  step_evidence: 'event_id, position',
  conclusion_heads: 'inspection_id, checklist_id, item_id',
  registers: 'entity, event_id',
  superseded: 'entity, event_id',
};
