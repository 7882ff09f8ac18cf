// What the CI tests lint — a clean checklist, one with a warning, a broken one — and the GitLab CI job of docs/ci.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { scaffoldChecklist } from '../../src/checklist/scaffold.js';
import { ROOT } from './run.js';

export const GOOD = scaffoldChecklist('good-list', '清单甲', '../schema/checklist.schema.json', 'good.yaml');
/** Concluded from documents alone: a `paperwork-only` warning, no error. */
export const WARNED = scaffoldChecklist(
  'warned-list',
  '清单乙',
  '../schema/checklist.schema.json',
  'warned.yaml',
).replace('required: [check, talk]', 'required: [check]');
export const BAD = 'format: ducha-checklist/1\nid: bad-list\nversion: 1.0\n';

/** The job under 「GitLab CI」 in docs/ci.md (moved there from the README): its script lines and the JUnit report it keeps. */
export function docsGitlabScript(): { script: string[]; report: string } {
  const doc = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
  const at = doc.indexOf('\n## GitLab CI\n');
  if (at < 0) throw new Error('docs/ci.md has no "## GitLab CI" section');
  const block = /```yaml\n([\s\S]*?)```/.exec(doc.slice(at));
  if (!block) throw new Error('the GitLab CI section has no yaml block');
  const jobs = parse(block[1]!) as Record<string, { script?: string[]; artifacts?: { reports?: { junit?: string } } }>;
  const job = Object.values(jobs).find((j) => j && Array.isArray(j.script));
  if (!job) throw new Error('the GitLab CI block has no job with a script');
  return { script: job.script!, report: job.artifacts!.reports!.junit! };
}

/** The former name, kept for callers on other branches. */
export const readmeGitlabScript = docsGitlabScript;
