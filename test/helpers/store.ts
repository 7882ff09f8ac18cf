// Real SQLite files in temp directories, and inspections made through the domain API.
import { join } from 'node:path';
import { openStore, type OpenOptions } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { checklistFolders, loadRegistry, type Registry } from '../../src/checklist/registry.js';
import { createInspection, type NewInspection } from '../../src/inspect/inspections.js';
import type { InspectionRow } from '../../src/store/queries.js';
import { ROOT, tempDir } from './run.js';

export function tempDbFile(): string {
  return join(tempDir('ducha-db-'), 'test.db');
}

export function tempStore(options: OpenOptions = {}): Store {
  return openStore(tempDbFile(), { create: true, ...options });
}

/** A deterministic clock: each call is one second after the previous. */
export function steppingClock(start = '2026-11-20T09:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += 1000));
}

let registry: Registry | undefined;
export function builtinRegistry(): Registry {
  // The built-in checklists only (no user folder): no data directory needed, none left behind.
  return (registry ??= loadRegistry(
    checklistFolders({}, ROOT).filter((f) => f.origin === 'builtin'),
    ROOT,
  ));
}

export function newInspection(store: Store, overrides: Partial<NewInspection> = {}): InspectionRow {
  return createInspection(
    store,
    '测试员',
    {
      unit: '某乡镇党委',
      unitKind: 'township',
      team: ['张三', '李四'],
      checklists: ['zhengfa-weiyuan'],
      start: '2026-11-20',
      ...overrides,
    },
    builtinRegistry(),
  );
}
