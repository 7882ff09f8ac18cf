// Migration 6: the single values of registers that roll-ups read, as plain columns — each item's
// conclusion, and a problem's status, deadline and merge — kept by the same transaction that changes the
// register, so summaries aggregate in SQL instead of parsing JSON.
import type Database from 'better-sqlite3';
import { refreshTypedHeads } from '../typed-heads.js';

export const sql = `
CREATE TABLE conclusion_heads (
  inspection_id TEXT NOT NULL,
  checklist_id  TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  heads         INTEGER NOT NULL,          -- more than one: devices disagree, no result counts
  result        TEXT,
  good_practice INTEGER NOT NULL DEFAULT 0,
  note          TEXT,
  PRIMARY KEY (inspection_id, checklist_id, item_id)
) WITHOUT ROWID;

ALTER TABLE problems ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE problems ADD COLUMN deadline TEXT;
ALTER TABLE problems ADD COLUMN merged_into TEXT;
`;

/** Fill the new columns from the registers already there. */
export function backfill(db: Database.Database): void {
  const entities = db
    .prepare(
      "SELECT DISTINCT entity FROM registers WHERE entity >= 'conclusion/' AND entity < 'conclusion0' OR entity >= 'problem/' AND entity < 'problem0'",
    )
    .all() as Array<{
    entity: string;
  }>;
  for (const { entity } of entities) refreshTypedHeads(db, entity);
}
