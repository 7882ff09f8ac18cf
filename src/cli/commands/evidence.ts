// `ducha evidence get HASH -o FILE`: write a stored evidence file back out.
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { InputError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { evidenceByPrefix } from '../../store/queries.js';
import { writeBlob } from '../../store/blobs.js';
import { withStore } from '../session.js';
import { fileTarget, writeTargetWith } from '../output.js';

export async function evidenceGet(ctx: Context, [hash]: unknown[], options: GlobalOptions & { output: string; force?: boolean }): Promise<number> {
  const prefix = String(hash).toLowerCase();
  if (!/^[0-9a-f]{6,64}$/.test(prefix)) throw new InputError(t('evidence.badHash', { hash: String(hash) }));
  const target = fileTarget(ctx, options, options.output);
  return withStore(ctx, options, 'read', (store) => {
    const matches = evidenceByPrefix(store.db, prefix);
    if (matches.length === 0) throw new InputError(t('evidence.notFound', { hash: prefix }));
    if (matches.length > 1) throw new InputError(t('evidence.ambiguous', { hash: prefix }), { hint: matches.map((m) => m.sha256.slice(0, 16)).join('  ') });
    const blob = matches[0]!;
    const written = writeTargetWith(target, (fd) => writeBlob(store.db, blob.sha256, fd), 0o600);
    if (ctx.json) ctx.emit(true, { ...blob, file: written.file });
    else ctx.out(t('evidence.written', { name: blob.name, file: target.shown, size: written.bytes }));
    return 0;
  });
}
