// The English catalogue, merged from one module per area (each typed against its Chinese counterpart).
import { cli } from './cli.js';
import { documents } from './documents.js';
import { domain } from './domain.js';
import { inspect } from './inspect.js';
import { lead } from './lead.js';
import { journey } from './journey.js';
import { limits } from './limits.js';
import { lint } from './lint.js';
import { report } from './report.js';
import { review } from './review.js';
import { safety } from './safety.js';
import { store } from './store.js';
import { team } from './team.js';
import { privacy } from './privacy.js';
import { corrections } from './corrections.js';
import { authoring } from './authoring.js';
import { crypto } from './crypto.js';
import { hub } from './hub.js';
import { integrity } from './integrity.js';
import { sealed } from './sealed.js';
import { protect } from './protect.js';

export const en = {
  ...cli,
  ...documents,
  ...domain,
  ...inspect,
  ...journey,
  ...lint,
  ...limits,
  ...report,
  ...review,
  ...safety,
  ...store,
  ...team,
  ...privacy,
  ...lead,
  ...corrections,
  ...authoring,
  ...crypto,
  ...hub,
  ...integrity,
  ...sealed,
  ...protect,
};
