// The schema migrations, append-only: never edit one that has shipped (its checksum is stored in every
// database it built); add a new one instead.
import { createHash } from 'node:crypto';
import { sql as m001 } from './001-event-log.js';
import { sql as m002 } from './002-problems.js';
import { sql as m003 } from './003-rectification.js';
import { sql as m004 } from './004-team.js';
import { sql as m005 } from './005-snapshot-cache.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const define = (version: number, name: string, sql: string): Migration => ({
  version,
  name,
  sql,
  checksum: createHash('sha256').update(sql).digest('hex'),
});

export const MIGRATIONS: readonly Migration[] = [define(1, 'event-log', m001), define(2, 'problems', m002), define(3, 'rectification', m003), define(4, 'team', m004), define(5, 'snapshot-cache', m005)];

/** The tables verify compares against a replay of the log (projections), with their key columns. */
export const PROJECTIONS: Readonly<Record<string, string>> = {
  inspections: 'id',
  inspection_checklists: 'inspection_id, checklist_id',
  rechecks: 'inspection_id, checklist_id, item_id, sha256',
  records: 'id',
  record_evidence: 'record_id, position',
  item_stats: 'inspection_id, checklist_id, item_id',
  problems: 'id',
  rectification_steps: 'event_id',
  step_evidence: 'event_id, position',
  registers: 'entity, event_id',
  superseded: 'entity, event_id',
};
