// The walls of STYLE.md's layout, checked on the source: SQL only in src/store/ (src/hub/ talks to
// PostgreSQL), the database connection only there too (src/team/ still hands `store.db` to
// store/team-queries.ts, where issue 16 moved its SQL), nothing importing cli/ but main, the store importing
// nothing above it but checklist types and the crypto suites it signs with, no cycles between folders or
// between the modules below the CLI, and "now" taken only from the injected clocks.
// The imports are also checked, with the full list of layers, by dependency-cruiser in `npm run lint`
// (.dependency-cruiser.cjs); the SQL text only here.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

const SRC = join(ROOT, 'src');

function sources(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [relative(ROOT, path)] : [];
  });
}

const FILES = sources();
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
/** The code without comments (they may name SQL and `.db` to explain). */
const code = (file: string) =>
  text(file)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
const area = (file: string) =>
  file.split('/').length > 2 ? file.split('/')[1]! : file.split('/')[1]!.replace(/\.ts$/, '');
const EXEMPT = ['team', 'hub'];
/** src/team/ holds no SQL since issue 16 moved it to store/team-queries.ts. */
const SQL_EXEMPT = ['hub'];

interface Import {
  target: string;
  typeOnly: boolean;
}

/** Relative imports and re-exports of a file, static or dynamic, resolved to repository paths. */
function importsOf(file: string): Import[] {
  const out: Import[] = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  for (const m of code(file).matchAll(pattern)) {
    const spec = m[3] ?? m[4]!;
    const names = m[2]?.trim() ?? '';
    const typeOnly =
      Boolean(m[1]) ||
      (/^\{[^}]*\}$/.test(names) &&
        names
          .slice(1, -1)
          .split(',')
          .every((n) => !n.trim() || n.trim().startsWith('type ')));
    out.push({ target: relative(ROOT, resolve(dirname(join(ROOT, file)), spec)).replace(/\.js$/, '.ts'), typeOnly });
  }
  return out;
}

const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

function cycles(nodes: readonly string[], edges: (node: string) => string[]): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of edges(node)) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of nodes) if (!state.has(node)) visit(node);
  return found;
}

describe('one data layer', () => {
  it('SQL is written only in src/store/', () => {
    // A statement prepared or run on a connection, or the text of one.
    const sql =
      /\bprepared\(|\.(?:prepare|pragma|backup|transaction)\(|\b(?:db|database|connection)\.exec\(|\b(?:SELECT\s[\s\S]{0,200}?\sFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX))\s/;
    const offending = FILES.filter((f) => !['store', ...SQL_EXEMPT].includes(area(f))).filter((f) =>
      code(f)
        .split('\n')
        .some((line) => sql.test(line)),
    );
    expect(offending).toEqual([]);
  });

  it('only src/store/ holds the connection: no better-sqlite3, no `.db` of a Store anywhere else', () => {
    const offending = FILES.filter((f) => !['store', ...EXEMPT].includes(area(f))).filter((f) =>
      /better-sqlite3|\b(?!options\b)\w+\.db\b(?!['"\w])/.test(code(f).replace(/(['"`])(?:\\.|(?!\1).)*\1/g, '""')),
    );
    expect(offending).toEqual([]);
  });
});

describe('layers', () => {
  it('nothing imports cli/ but main (and cli itself)', () => {
    const offending = [...GRAPH].flatMap(([f, imports]) =>
      ['cli', 'main'].includes(area(f))
        ? []
        : imports.filter((i) => area(i.target) === 'cli').map((i) => `${f} → ${i.target}`),
    );
    expect(offending).toEqual([]);
  });

  it('the store imports nothing above it: only util, errors, i18n, crypto (the suites a write signs with), the list of its own schema the build writes, and checklist types', () => {
    const offending = [...GRAPH]
      .filter(([f]) => area(f) === 'store')
      .flatMap(([f, imports]) =>
        imports
          .filter(
            (i) =>
              !['store', 'util', 'errors', 'i18n', 'crypto'].includes(area(i.target)) &&
              i.target !== 'src/generated/expected-schema.ts' &&
              !(i.typeOnly && area(i.target) === 'checklist'),
          )
          .map((i) => `${f} → ${i.target}`),
      );
    expect(offending).toEqual([]);
  });

  it('no folder imports (values) from a folder that imports from it, directly or not', () => {
    const folders = [...new Set(FILES.map(area))];
    const edges = (a: string) =>
      [
        ...new Set(
          [...GRAPH]
            .filter(([f]) => area(f) === a)
            .flatMap(([, imports]) => imports.filter((i) => !i.typeOnly).map((i) => area(i.target))),
        ),
      ].filter((b) => b !== a);
    expect(cycles(folders, edges)).toEqual([]);
  });

  it('no module cycles below the CLI', () => {
    const below = FILES.filter((f) => !['cli', 'main'].includes(area(f)));
    expect(
      cycles(below, (f) => (GRAPH.get(f) ?? []).filter((i) => !i.typeOnly && GRAPH.has(i.target)).map((i) => i.target)),
    ).toEqual([]);
  });
});

describe('the clock', () => {
  it('"now" comes from the injected clocks only (the Context\'s, the Store\'s services), not from new Date() or Date.now()', () => {
    const CLOCKS = ['src/cli/context.ts', 'src/store/open.ts', 'src/store/ids.ts'];
    const offending = FILES.filter((f) => !CLOCKS.includes(f) && area(f) !== 'hub').filter((f) =>
      /new Date\(\)|Date\.now\(\)/.test(code(f)),
    );
    expect(offending).toEqual([]);
  });
});
