// An online copy of an open database, through SQLite's backup API: consistent even while another process writes.
import type { Store } from './store.js';

/** Copy the database into `file` (which must not exist yet: the caller writes to a temporary name). */
export async function backupTo(store: Store, file: string): Promise<void> {
  await store.db.backup(file);
}
