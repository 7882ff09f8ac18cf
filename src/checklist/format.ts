// Constants of the checklist format `ducha-checklist/1`, free of any library so runtime code can import them.

export const FORMAT = 'ducha-checklist/1';
export const METHODS = ['listen', 'check', 'talk', 'visit'] as const;
export const RESULTS = ['compliant', 'partial', 'noncompliant', 'not-applicable'] as const;
export const SEVERITIES = ['high', 'medium', 'low'] as const;
/** document: a titled text, cited in 《》; meeting: the spirit of a meeting; local: a rule each province names itself. */
export const SOURCE_KINDS = ['document', 'meeting', 'local'] as const;
export const UNIT_KINDS = [
  'provincial-party-committee',
  'municipal-party-committee',
  'county-party-committee',
  'plac',
  'court',
  'procuratorate',
  'public-security',
  'state-security',
  'justice-bureau',
  'township',
] as const;

export const PATTERNS = {
  checklistId: '^[a-z][a-z0-9-]{1,63}$',
  sourceId: '^[a-z][a-z0-9-]*$',
  sectionId: '^[A-Za-z0-9][A-Za-z0-9_-]*$',
  itemId: '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$',
  semver: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$',
  date: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
} as const;
