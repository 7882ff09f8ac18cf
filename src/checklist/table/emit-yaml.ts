// Writes a checklist as YAML the way the shipped checklists read: the editor's `$schema` line first, block
// style, short lists of methods, results and unit kinds in flow style, Chinese as it is, no line folding.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { Document, isScalar, isSeq, visit } from 'yaml';
import { schemaFile } from '../../paths.js';

const FLOW_KEYS = new Set(['required', 'result']);

export function checklistYaml(data: Record<string, unknown>, schemaRef: string): string {
  const doc = new Document(data, { aliasDuplicateObjects: false });
  visit(doc, {
    Pair(_, pair, path) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      // Item-level unit kinds are short (the checklist's own list stays one per line, as shipped).
      const itemLevel = key === 'applies_to' && path.length > 2;
      if (isSeq(pair.value) && (FLOW_KEYS.has(String(key)) || itemLevel)) pair.value.flow = true;
    },
  });
  return (
    `# yaml-language-server: $schema=${schemaRef}\n` +
    doc.toString({ lineWidth: 0, indentSeq: true, flowCollectionPadding: false })
  );
}

/**
 * The `$schema` path for a checklist written to `file`: a `schema/checklist.schema.json` in the folder or a
 * parent (a checklist repository keeps the output of `ducha schema` there), then ducha's own installed copy
 * (`node_modules/ducha/schema/…` in a project), then the schema of the ducha that runs.
 */
export function schemaRefFor(file: string): string {
  const from = dirname(file);
  for (let dir = from; ; dir = dirname(dir)) {
    for (const candidate of [
      join(dir, 'schema', 'checklist.schema.json'),
      join(dir, 'node_modules', 'ducha', 'schema', 'checklist.schema.json'),
    ]) {
      if (existsSync(candidate)) return toRef(from, candidate);
    }
    if (dirname(dir) === dir) break;
  }
  return toRef(from, schemaFile());
}

function toRef(from: string, target: string): string {
  const rel = relative(from, target);
  if (isAbsolute(rel)) return rel.split(sep).join('/'); // another drive on Windows
  const posix = rel.split(sep).join('/');
  return posix.startsWith('.') ? posix : `./${posix}`;
}
