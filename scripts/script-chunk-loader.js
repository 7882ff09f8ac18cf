// Copied by scripts/script-chunk.mjs into the facade of the shared chunk (this first line is left out).
/* global __ducha_createRequire -- the build's banner, at the top of the facade */
import { readFileSync as __readFileSync } from 'node:fs';
import { createHash as __createHash } from 'node:crypto';
import { Script as __Script } from 'node:vm';
import { fileURLToPath as __fileURLToPath } from 'node:url';
import { debuglog as __debuglog } from 'node:util';

const __MAGIC = 'ducha-v8-cache/1';

/**
 * V8's code for the script, when `file` holds a cache made for this very script (`scriptHash`) whose bytes are
 * intact; otherwise undefined (missing, truncated, damaged, from another build), and the script is compiled
 * from its source. A cache from another V8, or made with other flags, V8 rejects itself.
 */
function __codeCache(file, scriptHash, debug) {
  let bytes;
  try {
    bytes = __readFileSync(file);
  } catch {
    debug('no code cache at %s', file);
    return undefined;
  }
  const header = `${__MAGIC}\n${scriptHash}\n`;
  const start = header.length + 65; // the payload's SHA-256 in hex and its newline
  if (bytes.length <= start || bytes.toString('latin1', 0, header.length) !== header || bytes[start - 1] !== 10) {
    debug('code cache %s: not made for this script', file);
    return undefined;
  }
  const payload = bytes.subarray(start);
  if (__createHash('sha256').update(payload).digest('hex') !== bytes.toString('latin1', header.length, start - 1)) {
    debug('code cache %s: damaged', file);
    return undefined;
  }
  return payload;
}

/** Runs the chunk's script (its siblings given by name) and returns its exports. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the facade this text is copied into
function runScript(facadeUrl, scriptName, scriptHash, siblings, importer) {
  const debug = __debuglog('ducha_code_cache');
  const file = __fileURLToPath(new URL(scriptName, facadeUrl));
  const cachedData = __codeCache(`${file}.cache`, scriptHash, debug);
  const script = new __Script(__readFileSync(file, 'utf8'), { filename: file, cachedData });
  if (cachedData) debug('code cache %s', script.cachedDataRejected ? 'rejected by V8' : 'used');
  const outside = __ducha_createRequire(facadeUrl);
  const require = (specifier) => (Object.hasOwn(siblings, specifier) ? siblings[specifier] : outside(specifier));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, facadeUrl, (specifier) =>
    importer(new URL(specifier, facadeUrl).href),
  );
  const warm = globalThis[Symbol.for('ducha.codeCache')];
  if (Array.isArray(warm)) warm.push({ script, file, scriptHash });
  return module.exports;
}
