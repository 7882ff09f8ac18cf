// The build's schema list (scripts/gen-expected-schema.ts): the migrations' objects when the SQLite driver
// loads; an empty list, and no failed build, where its addon was never compiled (the GitHub Action installs
// with --ignore-scripts only to lint).
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeExpectedSchema } from '../../scripts/gen-expected-schema.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { migrationsKey } from '../../src/store/schema-check.js';
import { tempDir } from '../helpers/run.js';

const dir = tempDir('ducha-schema-list-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const written = (file: string) =>
  JSON.parse(/EXPECTED_SCHEMA = (.*);\n$/.exec(readFileSync(file, 'utf8'))![1]!) as {
    key: string;
    objects: { type: string; name: string }[];
  };

describe('the build-time schema list', () => {
  it('lists what the migrations make', () => {
    const file = join(dir, 'full', 'expected-schema.js');
    expect(writeExpectedSchema(file)).toBe(true);
    const list = written(file);
    expect(list.key).toBe(migrationsKey(MIGRATIONS, MIGRATIONS.length));
    expect(list.objects.map((o) => `${o.type}:${o.name}`)).toContain('table:events');
  });

  it('is written empty, without failing, when the driver cannot be loaded', () => {
    const file = join(dir, 'empty', 'expected-schema.js');
    const noDriver = () => {
      throw new Error('Could not locate the bindings file. Tried: …');
    };
    expect(writeExpectedSchema(file, noDriver)).toBe(false);
    expect(written(file)).toEqual({ key: '', objects: [] });
    expect(readFileSync(file.replace(/\.js$/, '.d.ts'), 'utf8')).toContain('EXPECTED_SCHEMA');
  });
});
