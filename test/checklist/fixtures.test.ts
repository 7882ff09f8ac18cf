// Every fixture under test/fixtures/checklists: invalid files produce exactly their expected problems
// (code, severity, line, column); valid files produce none.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChecklistFile } from '../../src/checklist/load.js';
import { lintFiles } from '../../src/checklist/lint.js';
import { walk } from '../../src/checklist/expand.js';
import { FIXTURES } from '../helpers/run.js';

const dir = join(FIXTURES, 'checklists');
const shape = (p: { code: string; severity: string; line: number; column: number }) => ({
  code: p.code,
  severity: p.severity,
  line: p.line,
  column: p.column,
});

describe('invalid fixtures', () => {
  const files = readdirSync(join(dir, 'invalid')).filter((f) => f.endsWith('.yaml'));
  it('cover every rule code of DESIGN §2', () => {
    const codes = new Set(
      files.flatMap((f) =>
        (
          JSON.parse(readFileSync(join(dir, 'invalid', f.replace(/\.yaml$/, '.problems.json')), 'utf8')) as Array<{
            code: string;
          }>
        ).map((p) => p.code),
      ),
    );
    const dup = JSON.parse(readFileSync(join(dir, 'duplicate-checklist.problems.json'), 'utf8')) as Array<{
      code: string;
    }>;
    dup.forEach((p) => codes.add(p.code));
    for (const code of [
      'encoding',
      'yaml-syntax',
      'yaml-limits',
      'schema',
      'duplicate-id',
      'duplicate-checklist',
      'unknown-source',
      'article-range',
      'unknown-item',
      'condition-cycle',
      'evidence-method',
      'paperwork-only',
      'paper-rectification',
      'unused-source',
      'applies-to-scope',
    ]) {
      expect(codes, code).toContain(code);
    }
  });
  for (const file of files) {
    it(file, () => {
      const expected = JSON.parse(
        readFileSync(join(dir, 'invalid', file.replace(/\.yaml$/, '.problems.json')), 'utf8'),
      );
      const loaded = loadChecklistFile(join(dir, 'invalid', file), file);
      expect(loaded.problems.map(shape)).toEqual(expected);
      for (const p of loaded.problems) {
        expect(p.message).not.toMatch(/must (have|match|be)|instancePath|should NOT/); // no raw Ajv text
        expect(p.message.length).toBeGreaterThan(5);
      }
    });
  }
});

describe('valid fixtures', () => {
  for (const file of readdirSync(join(dir, 'valid'))) {
    it(file, () => {
      const loaded = loadChecklistFile(join(dir, 'valid', file), file);
      expect(loaded.problems).toEqual([]);
      expect(loaded.checklist?.format).toBe('ducha-checklist/1');
    });
  }
  it('a BOM and CRLF line endings change nothing', () => {
    const plain = loadChecklistFile(join(dir, 'valid', 'minimal.yaml'), 'a').checklist!;
    const bom = loadChecklistFile(join(dir, 'valid', 'bom-crlf.yaml'), 'b').checklist!;
    expect({ ...bom, id: plain.id }).toEqual(plain);
  });
});

describe('duplicate-checklist', () => {
  it('reports the later file at its id', async () => {
    const files = walk(join(dir, 'duplicate-checklist')).map((absolute) => ({
      absolute,
      shown: absolute.split('/').pop()!,
    }));
    const result = await lintFiles(files);
    const expected = JSON.parse(readFileSync(join(dir, 'duplicate-checklist.problems.json'), 'utf8'));
    expect(result.problems.map((p) => ({ file: p.file, ...shape(p) }))).toEqual(expected);
  });
});
