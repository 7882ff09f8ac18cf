// The one list of ducha's commands, in alphabetical order: program.ts registers it, reference.ts documents it.
// Each definition loads its action only when the command runs.
import type { CommandDefinition } from '../define.js';
import { checklist } from './checklist.js';
import { config } from './config.js';
import { close, problem, rectify } from './problem.js';
import { compare, report, summary, template } from './documents.js';
import { conclude, conclusion, importRecords, record } from './record.js';
import { conflicts, exportBundle, importBundle, team } from './team.js';
import { evidence } from './evidence.js';
import { hub, pull, push } from './hub.js';
import { inspection } from './inspection.js';
import { backup, lint, run, schema, verify } from './tools.js';
import { lock, protect, unlock } from './protect.js';

export const COMMANDS: readonly CommandDefinition[] = [
  backup,
  checklist,
  close,
  compare,
  conclude,
  conclusion,
  config,
  conflicts,
  evidence,
  exportBundle,
  hub,
  importBundle,
  importRecords,
  inspection,
  lint,
  lock,
  problem,
  protect,
  pull,
  push,
  record,
  rectify,
  report,
  run,
  schema,
  summary,
  team,
  template,
  unlock,
  verify,
];
