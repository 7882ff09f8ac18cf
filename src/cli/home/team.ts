// The home menu's 导出 / 导入: a bundle for the team lead or members (a file name that is never an existing
// file), and a bundle received — previewed first, trusted only after its fingerprint is checked, then
// imported — each through `ducha export` / `ducha import`.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { t } from '../../i18n/index.js';
import { localDate } from '../../inspect/inspections.js';
import { droppedPaths } from '../../inspect/dropped-paths.js';
import type { InspectionRow } from '../../store/queries.js';
import { attempt, askFileName, type Home } from './shared.js';
import { readKey, trustedDevices } from '../../team/trust.js';

export async function exportStep(home: Home, inspection: InspectionRow): Promise<void> {
  const { ctx, options, prompter } = home;
  const output = (
    await prompter.escapable(() => askFileName(home, `${home.actor}-${localDate(ctx.now())}.ducha`))
  )?.trim();
  if (!output) return;
  const { exportCommand } = await import('../commands/team.js');
  await attempt(home, ['export', inspection.id, '-o', output], () =>
    exportCommand(ctx, [[inspection.id]], { ...options, output, to: [] }),
  );
}

export async function importStep(home: Home): Promise<void> {
  const { ctx, options, prompter } = home;
  const isFile = (p: string) => existsSync(resolve(ctx.io.cwd, p)) && statSync(resolve(ctx.io.cwd, p)).isFile();
  const answer = await prompter.escapable(() =>
    prompter.input(t('home.import.file'), {
      required: true,
      validate: (v) => {
        const [path] = droppedPaths(v, isFile);
        return path === undefined || isFile(path) ? true : t('home.import.missing', { path: path });
      },
    }),
  );
  const file = answer && droppedPaths(answer, isFile)[0];
  if (!file) return;
  const { importCommand } = await import('../commands/team.js');
  // A preview first — what it brings, conflicts, and the signer's fingerprint; nothing is written.
  if (
    await attempt(home, ['import', file, '--dry-run'], () => importCommand(ctx, [file], { ...options, dryRun: true }))
  )
    return;
  let trust: { trust: true; name: string } | undefined;
  if (!signerTrusted(home, file)) {
    prompter.print(t('home.import.untrusted'));
    if (!(await prompter.confirm(t('home.import.checked'), { default: false }))) return;
    const name = await prompter.input(t('home.import.name'), { required: true });
    trust = { trust: true, name: name.trim() };
  }
  if (!(await prompter.confirm(t('home.import.confirm'), { default: true }))) return;
  const flags = trust ? ['--trust', '--name', trust.name] : [];
  await attempt(home, ['import', file, ...flags], () => importCommand(ctx, [file], { ...options, ...trust }));
}

/** Whether this database already trusts the key that signed the bundle (the preview succeeded, so it reads). */
function signerTrusted(home: Home, file: string): boolean {
  const key = readKey(file);
  return trustedDevices(home.store).some((d) => d.device === key.device && d.publicKey === key.publicKey);
}
