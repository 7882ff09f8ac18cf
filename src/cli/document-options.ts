// The layout options that documents share, checked before any work: --paper (the ledger's A3 or A4),
// --flavour (Markdown for readers or for pandoc), --title, --systems (the progress circular's count).
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Paper } from '../report/docx-parts.js';
import type { Flavour } from '../report/md-flavour.js';

export interface DocumentFlags {
  paper?: string;
  flavour?: string;
  title?: string;
  systems?: string;
}

export interface DocumentChoices {
  paper?: Paper;
  flavour?: Flavour;
  title?: string;
  systems?: number;
}

const PAPERS: readonly Paper[] = ['a3', 'a4'];
const FLAVOURS: readonly Flavour[] = ['plain', 'pandoc'];

/** `uses` says which flags this document takes; any other one given is refused rather than ignored. */
export function documentChoices(
  flags: DocumentFlags,
  format: string,
  uses: { paper?: boolean; systems?: boolean },
): DocumentChoices {
  const out: DocumentChoices = {};
  if (flags.paper !== undefined) {
    const paper = flags.paper.toLowerCase();
    if (!uses.paper) throw new InputError(t('docs.paperOnlyLedger'));
    if (!(PAPERS as readonly string[]).includes(paper))
      throw new InputError(t('docs.badPaper', { paper: flags.paper }), { hint: PAPERS.join(', ') });
    if (format !== 'docx' && format !== 'xlsx') throw new InputError(t('docs.paperFormat', { format }));
    out.paper = paper as Paper;
  }
  if (flags.flavour !== undefined) {
    if (!(FLAVOURS as readonly string[]).includes(flags.flavour))
      throw new InputError(t('docs.badFlavour', { flavour: flags.flavour }), { hint: FLAVOURS.join(', ') });
    if (format !== 'md') throw new InputError(t('docs.flavourFormat', { format }));
    out.flavour = flags.flavour as Flavour;
  }
  if (flags.systems !== undefined) {
    if (!uses.systems) throw new InputError(t('docs.systemsOnlyProgress'));
    if (!/^\d{1,6}$/.test(flags.systems.trim()))
      throw new InputError(t('docs.badSystems', { value: flags.systems }), { hint: t('docs.badSystems.hint') });
    out.systems = Number(flags.systems.trim());
  }
  if (flags.title !== undefined) {
    if (!flags.title.replace(/[|\s]/g, '')) throw new InputError(t('docs.emptyTitle'));
    out.title = flags.title.trim();
  }
  return out;
}
