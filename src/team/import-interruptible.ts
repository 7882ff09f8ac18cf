// ducha import, listening for Ctrl+C: the same checks and steps as import.ts, with a pause after each chunk
// read from the bundle in which the event loop runs and the signal can be heard. Pressed before the commit,
// the transaction is rolled back and nothing is imported (CancelledError, exit 130); a signal that comes
// after the last chunk is seen only after the commit, and the caller then says the import was saved.
import { CancelledError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Store } from '../store/store.js';
import { openBundle } from './sealed-reader.js';
import { Rollback, apply, check, type ImportOptions, type ImportSummary } from './import.js';

const interrupted = (file: string) =>
  new CancelledError(t('team.importInterrupted', { file }), { code: 'interrupted' });

export async function importBundleInterruptible(
  store: Store,
  actor: string,
  file: string,
  options: ImportOptions & { signal: AbortSignal },
): Promise<ImportSummary> {
  const reader = openBundle(store, file);
  try {
    const bundle = check(store, file, reader);
    let summary!: ImportSummary;
    try {
      await store.writeAsync(async () => {
        if (options.signal.aborted) throw interrupted(file);
        const steps = apply(store, actor, bundle, options);
        for (let step = steps.next(); ; step = steps.next()) {
          if (step.done) return void (summary = step.value);
          await new Promise((resolve) => setImmediate(resolve));
          if (options.signal.aborted) throw interrupted(file);
        }
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      summary = error.summary;
    }
    return summary;
  } finally {
    reader.close();
  }
}
