// The English catalogue, merged from one module per area (each typed against its Chinese counterpart).
import { cli } from './cli.js';
import { domain } from './domain.js';
import { inspect } from './inspect.js';
import { lint } from './lint.js';
import { report } from './report.js';
import { review } from './review.js';
import { safety } from './safety.js';
import { store } from './store.js';
import { team } from './team.js';

export const en = { ...cli, ...domain, ...inspect, ...lint, ...report, ...review, ...safety, ...store, ...team };
