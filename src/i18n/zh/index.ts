// The Chinese catalogue, merged from one module per area.
import { cli } from './cli.js';
import { domain } from './domain.js';
import { lint } from './lint.js';

export const zh = { ...cli, ...domain, ...lint };
