// Creating an inspection (with snapshots of its checklists), finding one by id or prefix, and adopting a
// newer version of one of its checklists.
import { InputError } from '../errors.js';
import { localDate, parseDate } from '../util/dates.js';
import { t } from '../i18n/index.js';
import { UNIT_KINDS } from '../checklist/format.js';
import type { Registry } from '../checklist/registry.js';
import { putBytes } from '../store/blobs.js';
import { freshShortId } from '../store/ids.js';
import { getInspection, inspectionIdsWithPrefix, listInspections, type InspectionRow } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { closest } from '../util/closest.js';
import { kindName } from '../checklist/describe.js';

export interface NewInspection {
  unit: string;
  unitKind: string;
  title?: string;
  region?: string;
  team: string[];
  start?: string;
  checklists: string[];
}

/** Six characters: typed by hand at the inspected unit, unique enough for any team's history. */

export { localDate };

export function parseTeam(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,，、;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function validateNewInspection(input: NewInspection, registry: Registry): void {
  if (!input.unit.trim()) throw new InputError(t('inspect.unitRequired'), { hint: t('inspect.unitRequired.hint') });
  if (!(UNIT_KINDS as readonly string[]).includes(input.unitKind)) {
    throw new InputError(t('inspect.badUnitKind', { kind: input.unitKind }), {
      hint: UNIT_KINDS.map((k) => `${k} ${kindName(k)}`).join('，'),
    });
  }
  if (input.start !== undefined) parseDate(input.start, '--start');
  if (input.checklists.length === 0)
    throw new InputError(t('inspect.noChecklist'), { hint: t('inspect.noChecklist.hint') });
  for (const id of input.checklists) {
    const entry = registry.entries.get(id);
    if (!entry) {
      const guess = closest(id, [...registry.entries.keys()]);
      throw new InputError(t('checklist.notFound', { id }), {
        hint: guess ? t('cli.usage.didYouMean', { name: guess }) : t('checklist.notFound.hint'),
      });
    }
    if (!(entry.checklist.applies_to as string[]).includes(input.unitKind)) {
      throw new InputError(t('inspect.checklistNotForKind', { id, kind: kindName(input.unitKind) }), {
        hint: t('inspect.checklistNotForKind.hint', { kinds: entry.checklist.applies_to.map(kindName).join('、') }),
      });
    }
  }
}

export function createInspection(store: Store, actor: string, input: NewInspection, registry: Registry): InspectionRow {
  validateNewInspection(input, registry);
  const checklistIds = [...new Set(input.checklists)];
  const id = store.write(() => {
    // Chosen inside the write transaction, so no other process can take it between the check and the insert.
    const id = freshShortId(store.services.shortId, (candidate) => getInspection(store, candidate) !== undefined);
    const checklists = checklistIds.map((cid) => {
      const entry = registry.entries.get(cid)!;
      const blob = putBytes(store, entry.bytes);
      return { id: cid, version: entry.checklist.version, sha256: blob.sha256 };
    });
    const inspection = {
      id,
      title: input.title?.trim() || t('inspect.defaultTitle', { unit: input.unit.trim() }),
      unit: input.unit.trim(),
      unitKind: input.unitKind,
      region: input.region?.trim() || undefined,
      team: input.team,
      start: input.start === undefined ? localDate(store.now()) : parseDate(input.start),
    };
    store.append(actor, 'inspection.created', { inspection, checklists });
    return id;
  });
  return getInspection(store, id)!;
}

/** An inspection by full id or unique prefix; without one, the most recent. */
export function findInspection(store: Store, arg: string | undefined): InspectionRow {
  if (arg === undefined) {
    const latest = listInspections(store)[0];
    if (!latest) throw new InputError(t('inspect.none'), { hint: t('inspect.none.hint') });
    return latest;
  }
  const exact = getInspection(store, arg);
  if (exact) return exact;
  const matches = inspectionIdsWithPrefix(store, arg.toLowerCase());
  if (matches.length === 1) return getInspection(store, matches[0]!)!;
  if (matches.length > 1) throw new InputError(t('inspect.ambiguous', { id: arg }), { hint: matches.join('  ') });
  throw new InputError(t('inspect.notFound', { id: arg }), { hint: t('inspect.notFound.hint') });
}
