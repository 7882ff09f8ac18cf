// Reads a stored checklist snapshot. It was linted when the inspection adopted it and its bytes are
// content-addressed, so only parsing is needed: no schema, no rules, no positions — and none of the
// linter's modules are loaded by commands that only read inspections.
import jsYaml from 'js-yaml';
import type { Checklist } from './schema.js';

export function parseSnapshot(bytes: Uint8Array): Checklist | undefined {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    const data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) as Checklist | undefined;
    return data && typeof data === 'object' && Array.isArray(data.sections) ? data : undefined;
  } catch {
    return undefined;
  }
}
