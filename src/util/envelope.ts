// The JSON envelope every `--json` command prints: exactly one document on stdout.
import { jsonForTerminal } from './terminal.js';

export interface EnvelopeProblem {
  file: string | null;
  line: number | null;
  column: number | null;
  code: string;
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
}

export function envelope(ok: boolean, data: unknown, problems: readonly EnvelopeProblem[] = []): string {
  return jsonForTerminal(JSON.stringify({ schemaVersion: 1, ok, data: data ?? null, problems }, null, 2)) + '\n';
}
