// The hub's schema migrations, append-only and checksummed like the laptop's: never edit one that has
// shipped (every hub stores its checksum); add a new one instead. Migration 1 has not shipped yet (no
// release carried it), so the wave that added the laptop's corrections and feedback dates folded them in.
import { createHash } from 'node:crypto';
import { sql as m001 } from './001-hub.js';
import { functions as f001 } from './001-hub-functions.js';
import { views as v001 } from './001-hub-views.js';
import { sql as m002 } from './002-sealed-blobs.js';
import { sql as m003 } from './003-summary-order.js';
import { sql as m004 } from './004-imported-records.js';
import { sql as m005 } from './005-sealed-texts.js';
import { sql as m006 } from './006-inbox-uncompressed.js';

export interface HubMigration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const define = (version: number, name: string, sql: string): HubMigration => ({
  version,
  name,
  sql,
  checksum: createHash('sha256').update(sql).digest('hex'),
});

export const HUB_MIGRATIONS: readonly HubMigration[] = [
  define(1, 'hub', m001 + f001 + v001),
  define(2, 'sealed-blobs', m002),
  define(3, 'summary-order', m003),
  define(4, 'imported-records', m004),
  define(5, 'sealed-texts', m005),
  define(6, 'inbox-uncompressed', m006),
];

/** The schema every hub object lives in. */
export const HUB_SCHEMA = 'ducha';
