// The shape of the report model, for `ducha template lint`: every field a template may use. A test keeps
// it equal to the shape of a real model.
export type Shape = 'value' | { readonly [key: string]: Shape } | readonly [Shape];

const problem: Shape = {
  number: 'value',
  position: 'value',
  id: 'value',
  description: 'value',
  checklist: 'value',
  section: 'value',
  items: 'value',
  basis: 'value',
  basisShort: 'value',
  methods: 'value',
  sources: 'value',
  origin: 'value',
  severity: 'value',
  type: 'value',
  rectification: 'value',
  measures: 'value',
  unit: 'value',
  leader: 'value',
  person: 'value',
  deadline: 'value',
  deadlineText: 'value',
  progress: 'value',
  evidence: 'value',
  closureRequested: 'value',
  reviewOpinion: 'value',
  closureStatus: 'value',
  status: 'value',
  overdue: 'value',
  remarks: 'value',
  conflict: 'value',
};

export const MODEL_SHAPE: Shape = {
  meta: {
    title: 'value',
    office: 'value',
    date: 'value',
    dateText: 'value',
    docNumber: 'value',
    marking: 'value',
    revealIdentities: 'value',
    planDays: 'value',
    rectifyDays: 'value',
    rectifyDeadlineText: 'value',
  },
  inspection: {
    id: 'value',
    title: 'value',
    unit: 'value',
    unitKind: 'value',
    region: 'value',
    start: 'value',
    startText: 'value',
    team: 'value',
    teamCount: 'value',
  },
  checklists: [{ id: 'value', title: 'value', version: 'value' }],
  checklistTitles: 'value',
  methods: { listen: 'value', check: 'value', talk: 'value', visit: 'value', total: 'value', text: 'value' },
  progress: {
    total: 'value',
    concluded: 'value',
    compliant: 'value',
    partial: 'value',
    noncompliant: 'value',
    notApplicable: 'value',
    open: 'value',
    conflicts: 'value',
  },
  goodPractices: [{ number: 'value', checklist: 'value', item: 'value', title: 'value', note: 'value' }],
  hasGoodPractices: 'value',
  problemGroups: [
    { cnNumber: 'value', checklist: 'value', sections: [{ number: 'value', title: 'value', problems: [problem] }] },
  ],
  problems: [problem],
  hasProblems: 'value',
  problemCount: 'value',
  rectification: { closed: 'value', open: 'value', overdue: 'value', closureRate: 'value' },
};

const itemChange: Shape = {
  number: 'value',
  checklist: 'value',
  item: 'value',
  title: 'value',
  before: 'value',
  after: 'value',
};
const problemChange: Shape = {
  number: 'value',
  description: 'value',
  items: 'value',
  itemTitles: 'value',
  before: 'value',
  after: 'value',
  oldId: 'value',
  newId: 'value',
  oldStatus: 'value',
};
const group = (of: Shape): Shape => ({ list: [of], count: 'value', any: 'value' });
const round: Shape = { id: 'value', title: 'value', start: 'value', startText: 'value' };

export const COMPARE_SHAPE: Shape = {
  meta: { title: 'value', office: 'value', date: 'value', dateText: 'value', revealIdentities: 'value' },
  unit: 'value',
  old: round,
  new: round,
  items: {
    improved: group(itemChange),
    regressed: group(itemChange),
    unchanged: group(itemChange),
    newlyChecked: group(itemChange),
    notRechecked: group(itemChange),
  },
  problems: {
    resolved: group(problemChange),
    persisting: group(problemChange),
    recurred: group(problemChange),
    new: group(problemChange),
    notRechecked: group(problemChange),
  },
};

const breakdown: Shape = {
  name: 'value',
  inspections: 'value',
  checked: 'value',
  lacking: 'value',
  share: 'value',
  problems: 'value',
  closed: 'value',
  closureRate: 'value',
};

export const SUMMARY_SHAPE: Shape = {
  meta: {
    title: 'value',
    office: 'value',
    date: 'value',
    dateText: 'value',
    revealIdentities: 'value',
    filter: 'value',
  },
  coverage: { inspections: 'value', units: 'value', checklists: 'value', concluded: 'value' },
  hasCommon: 'value',
  common: [
    {
      rank: 'value',
      checklist: 'value',
      item: 'value',
      title: 'value',
      lacking: 'value',
      checked: 'value',
      share: 'value',
    },
  ],
  byKind: [breakdown],
  byRegion: [breakdown],
  methods: { listen: 'value', check: 'value', talk: 'value', visit: 'value', total: 'value', text: 'value' },
  rectification: { problems: 'value', closed: 'value', closureRate: 'value', overdue: 'value' },
  hasProblems: 'value',
  charts: { common: 'value', closure: 'value' },
  hasGoodPractices: 'value',
  goodPractices: [{ number: 'value', unit: 'value', checklist: 'value', title: 'value', note: 'value' }],
  inspections: [
    {
      id: 'value',
      title: 'value',
      unit: 'value',
      unitKind: 'value',
      region: 'value',
      start: 'value',
      concluded: 'value',
      lacking: 'value',
      problems: 'value',
      closed: 'value',
    },
  ],
};

const progressItem: Shape = {
  number: 'value',
  quoted: 'value',
  statusText: 'value',
  measures: 'value',
  progress: 'value',
  unit: 'value',
  deadlineText: 'value',
  closed: 'value',
  overdue: 'value',
};

/** The progress circular: the report model and its follow-up (整改进展). */
export const PROGRESS_SHAPE: Shape = {
  ...(MODEL_SHAPE as Record<string, Shape>),
  followUp: {
    total: 'value',
    closed: 'value',
    ongoing: 'value',
    notReported: 'value',
    hasNotReported: 'value',
    hasOpen: 'value',
    hasClosed: 'value',
    rate: 'value',
    hasSystems: 'value',
    systems: 'value',
    groups: [{ cnNumber: 'value', checklist: 'value', items: [progressItem] }],
  },
};

/** Which model each template renders, by the template's name. */
export const TEMPLATE_SHAPES: Readonly<Record<string, Shape>> = {
  feedback: MODEL_SHAPE,
  notice: MODEL_SHAPE,
  ledger: MODEL_SHAPE,
  progress: PROGRESS_SHAPE,
  compare: COMPARE_SHAPE,
  summary: SUMMARY_SHAPE,
};
