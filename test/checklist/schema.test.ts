// The committed JSON Schema is generated from the TypeBox definition and agrees with the linter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { schemaText } from '../../scripts/gen-schema.js';
import { ROOT, FIXTURES, runMain } from '../helpers/run.js';

const committed = readFileSync(join(ROOT, 'schema', 'checklist.schema.json'), 'utf8');

describe('checklist JSON Schema', () => {
  it('is fresh: schema/checklist.schema.json equals what src/checklist/schema.ts generates (run npm run build)', () => {
    expect(committed).toBe(schemaText());
  });
  it('`ducha schema` prints it', async () => {
    const r = await runMain(['schema']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(committed);
  });
  it('a plain Ajv (as editors use) accepts the valid fixtures and rejects schema fixtures', () => {
    const { $schema: _draft, ...schema } = JSON.parse(committed) as Record<string, unknown>;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const load = (p: string) =>
      jsYaml.load(readFileSync(join(FIXTURES, 'checklists', p), 'utf8'), { schema: jsYaml.CORE_SCHEMA });
    expect(validate(load('valid/full.yaml'))).toBe(true);
    expect(validate(load('valid/minimal.yaml'))).toBe(true);
    for (const bad of [
      'schema-missing-field',
      'schema-unknown-field',
      'schema-enum',
      'schema-pattern',
      'schema-type',
      'schema-format',
      'schema-empty-methods',
    ]) {
      expect(validate(load(`invalid/${bad}.yaml`)), bad).toBe(false);
    }
  });
});
