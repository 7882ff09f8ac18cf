// `ducha evidence get HASH [-o FILE]`: write a stored evidence file back out (to its stored name, made safe,
// in the working folder when -o is not given).
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { evidenceByPrefix } from '../../store/queries.js';
import { writeBlob } from '../../store/blobs.js';
import { downloadName } from '../../inspect/evidence.js';
import { withStore } from '../session.js';
import { fileTarget, writeTargetWith } from '../output.js';

export async function evidenceGet(
  ctx: Context,
  [hash]: [string],
  options: GlobalOptions & { output?: string; force?: boolean },
): Promise<number> {
  const prefix = String(hash).toLowerCase();
  if (!/^[0-9a-f]{6,64}$/.test(prefix)) throw new InputError(t('evidence.badHash', { hash: String(hash) }));
  // A named target is checked before the database is opened; the default name is known only from it.
  const named = options.output === undefined ? undefined : fileTarget(ctx, options, options.output);
  return withStore(ctx, options, 'read', (store) => {
    const matches = evidenceByPrefix(store, prefix);
    if (matches.length === 0) throw new InputError(t('evidence.notFound', { hash: prefix }));
    if (matches.length > 1)
      throw new InputError(t('evidence.ambiguous', { hash: prefix }), {
        hint: matches.map((m) => m.sha256.slice(0, 16)).join('  '),
      });
    const blob = matches[0]!;
    const target = named ?? fileTarget(ctx, options, downloadName(blob.name, blob.sha256));
    const written = writeTargetWith(target, (fd) => writeBlob(store, blob.sha256, fd), 0o600);
    if (ctx.json) ctx.emit(true, { ...blob, file: written.file });
    else ctx.out(t('evidence.written', { name: blob.name, file: target.shown, size: written.bytes }));
    return 0;
  });
}
