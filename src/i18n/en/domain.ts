// English names of the domain's values: unit kinds, the four methods, results, severities, citations.
import type { domain as zh } from '../zh/domain.js';

export const domain: Record<keyof typeof zh, string> = {
  'kind.provincial-party-committee': 'provincial Party committee',
  'kind.municipal-party-committee': 'municipal Party committee',
  'kind.county-party-committee': 'county Party committee',
  'kind.plac': 'political-legal commission',
  'kind.court': 'court',
  'kind.procuratorate': 'procuratorate',
  'kind.public-security': 'public security',
  'kind.state-security': 'state security',
  'kind.justice-bureau': 'justice bureau',
  'kind.township': 'township Party committee',
  'method.listen': 'listen',
  'method.check': 'check',
  'method.talk': 'talk',
  'method.visit': 'visit',
  'result.compliant': 'compliant',
  'result.partial': 'partial',
  'result.noncompliant': 'noncompliant',
  'result.not-applicable': 'not applicable',
  'result.none': 'not checked',
  'severity.high': 'high',
  'severity.medium': 'medium',
  'severity.low': 'low',
  'basis.article': ' Art. {n}',
  'basis.quote': ': "{quote}"',
};
