// The hub's schema migrations, append-only and checksummed like the laptop's: never edit one that has
// shipped (every hub stores its checksum); add a new one instead.
import { createHash } from 'node:crypto';
import { functions as f001, sql as m001, views as v001 } from './001-hub.js';

export interface HubMigration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const define = (version: number, name: string, sql: string): HubMigration => ({ version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });

export const HUB_MIGRATIONS: readonly HubMigration[] = [define(1, 'hub', m001 + f001 + v001)];

/** The schema every hub object lives in. */
export const HUB_SCHEMA = 'ducha';
