// `ducha schema`: print the checklist JSON Schema (for editors and other validators).
import { readFileSync } from 'node:fs';
import type { Context } from '../context.js';
import { schemaFile } from '../../paths.js';

export async function schemaCommand(ctx: Context): Promise<number> {
  const text = readFileSync(schemaFile(), 'utf8');
  if (ctx.json) ctx.emit(true, JSON.parse(text));
  else ctx.io.stdout.write(text);
  return 0;
}
