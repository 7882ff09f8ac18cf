// The line scanner used for very large files places every problem exactly where the full parser does, on
// every fixture and on the shipped checklists.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Locator } from '../../src/checklist/locate.js';
import { scanLocate } from '../../src/checklist/scan-locate.js';
import { checkRules } from '../../src/checklist/rules.js';
import { checkSchema } from '../../src/checklist/schema-check.js';
import { parseYaml } from '../../src/checklist/parse.js';
import type { NodePath } from '../../src/checklist/problem.js';
import { FIXTURES, ROOT } from '../helpers/run.js';

const files = [
  ...['invalid', 'valid'].flatMap((d) =>
    readdirSync(join(FIXTURES, 'checklists', d))
      .filter((f) => f.endsWith('.yaml') && !f.startsWith('encoding'))
      .map((f) => join(FIXTURES, 'checklists', d, f)),
  ),
  ...readdirSync(join(ROOT, 'checklists')).map((f) => join(ROOT, 'checklists', f)),
];

/** Every path in the parsed data, and the paths problems point at. */
function paths(data: unknown, prefix: NodePath = []): NodePath[] {
  if (Array.isArray(data)) return [prefix, ...data.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (data && typeof data === 'object')
    return [prefix, ...Object.entries(data).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

describe('scanLocate agrees with the full parser', () => {
  for (const file of files) {
    it(file.replace(ROOT, ''), () => {
      const text = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
      const parsed = parseYaml(text);
      if ('error' in parsed) return;
      const locator = new Locator(text);
      const targets: Array<[NodePath, 'value' | 'key']> = [
        ...paths(parsed.data).map((p) => [p, 'value'] as [NodePath, 'value']),
        ...paths(parsed.data)
          .filter((p) => typeof p[p.length - 1] === 'string')
          .map((p) => [p, 'key'] as [NodePath, 'key']),
        ...[...checkSchema(parsed.data), ...checkRules(parsed.data)].map(
          (p) => [p.path, p.target] as [NodePath, 'value' | 'key'],
        ),
      ];
      for (const [path, target] of targets)
        expect(scanLocate(text, path, target), `${path.join('.')} (${target})`).toEqual(locator.locate(path, target));
    });
  }
});
