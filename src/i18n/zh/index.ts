// The Chinese catalogue, merged from one module per area.
import { cli } from './cli.js';
import { domain } from './domain.js';
import { inspect } from './inspect.js';
import { lint } from './lint.js';
import { report } from './report.js';
import { review } from './review.js';
import { safety } from './safety.js';
import { store } from './store.js';
import { team } from './team.js';

export const zh = { ...cli, ...domain, ...inspect, ...lint, ...report, ...review, ...safety, ...store, ...team };
