// The inspector's profile and settings: a small JSON file in the data directory, validated per key.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from './errors.js';
import { t, type MessageKey } from './i18n/index.js';
import { dataDir, type Env } from './paths.js';
import { DEFAULT_MAX_EVIDENCE_MB } from './inspect/evidence.js';
import { closest } from './util/closest.js';
import { INPUT_LIMITS, InputFileError, readInputFile } from './util/input.js';

interface KeySpec {
  description: MessageKey;
  parse: (value: string) => string | number;
  default?: string | number;
  /** A good value, for the hint when a value is refused. */
  example: string;
}

/** The longest text setting (a name, an office, a marking): longer is surely a mistake. */
export const MAX_TEXT = 200;

const text = (value: string) => {
  if (!value.trim()) throw new InputError(t('config.empty'));
  if ([...value.trim()].length > MAX_TEXT) throw new InputError(t('config.tooLong', { max: MAX_TEXT }));
  return value.trim();
};

/** A whole number in min..max, written in plain digits (no 1e3, 0x10 or 5.0). */
const wholeNumber = (min: number, max: number) => (v: string) => {
  const n = /^\s*\d{1,15}\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new InputError(t('config.outOfRange', { value: v, min, max }));
  return n;
};

/** A decimal number above 0 and at most max (a size in MB: 0.5 is a fair limit). */
const positiveNumber = (max: number) => (v: string) => {
  const n = /^\s*\d{1,9}(\.\d{1,9})?\s*$/.test(v) ? Number(v) : NaN;
  if (!(n > 0 && n <= max)) throw new InputError(t('config.outOfRangePositive', { value: v, max }));
  return n;
};

/** The crypto suite of databases made from now on (docs/format.md §9): default (SHA-256, Ed25519) or gm (SM3, SM2). */
function suiteName(value: string): string {
  const v = value.trim();
  if (v !== 'default' && v !== 'gm') throw new InputError(t('config.badSuite', { value }));
  return v;
}

/** Limits of the numeric settings (README "Safety and confidentiality"). */
export const CONFIG_RANGES = { planDays: [1, 365], rectifyDays: [1, 3650], evidenceMB: 4096 } as const;

export const CONFIG_KEYS: Record<string, KeySpec> = {
  name: { description: 'config.key.name', parse: text, example: '张三' },
  'report.office': { description: 'config.key.reportOffice', parse: text, example: '某市委政法委督查组' },
  'report.marking': { description: 'config.key.reportMarking', parse: text, example: '内部资料' },
  'report.docNumber': { description: 'config.key.reportDocNumber', parse: text, example: '某政法督〔2026〕1号' },
  'report.planDays': {
    description: 'config.key.planDays',
    default: 15,
    parse: wholeNumber(...CONFIG_RANGES.planDays),
    example: '15',
  },
  'report.rectifyDays': {
    description: 'config.key.rectifyDays',
    default: 60,
    parse: wholeNumber(...CONFIG_RANGES.rectifyDays),
    example: '60',
  },
  'evidence.maxMB': {
    description: 'config.key.evidenceMax',
    default: DEFAULT_MAX_EVIDENCE_MB,
    parse: positiveNumber(CONFIG_RANGES.evidenceMB),
    example: '200',
  },
  'hub.url': {
    description: 'config.key.hubUrl',
    parse: text,
    example: 'postgres://ducha_submit@hub.example/ducha?sslmode=verify-full',
  },
  suite: { description: 'config.key.suite', parse: suiteName, example: 'gm' },
};

export type Config = Record<string, string | number>;

export const configFile = (env: Env) => join(dataDir(env), 'config.json');

export function readConfig(env: Env): Config {
  const file = configFile(env);
  if (!existsSync(file)) return {};
  let config: unknown;
  try {
    config = JSON.parse(readInputFile(file, { maxBytes: INPUT_LIMITS.config }).toString('utf8'));
  } catch (error) {
    if (error instanceof InputFileError && (error.reason === 'not-regular' || error.reason === 'too-large'))
      throw error;
    config = undefined;
  }
  // `null`, a list or a number parse as JSON but hold no settings.
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new InputError(t('config.broken', { file }), { hint: t('config.broken.hint', { file }) });
  return config as Config;
}

function checkKey(key: string): KeySpec {
  // Own keys only: "__proto__" or "constructor" must not find Object.prototype's.
  const spec = Object.hasOwn(CONFIG_KEYS, key) ? CONFIG_KEYS[key] : undefined;
  if (!spec) {
    const guess = closest(key, Object.keys(CONFIG_KEYS));
    throw new InputError(t('config.unknownKey', { key }), {
      hint: guess ? t('cli.usage.didYouMean', { name: guess }) : Object.keys(CONFIG_KEYS).join(', '),
    });
  }
  return spec;
}

/** A setting's value; one edited by hand into config.json is checked as `config set` would check it. */
export function getConfig(env: Env, key: string): string | number | undefined {
  const spec = checkKey(key);
  const config = readConfig(env);
  const stored = Object.hasOwn(config, key) ? config[key] : undefined;
  if (stored === undefined || stored === null) return spec.default;
  try {
    return spec.parse(String(stored));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(t('config.badStored', { file: configFile(env), key, reason: error.message }), {
      hint: t('config.badStored.hint', { key }),
      code: 'config',
    });
  }
}

export function setConfig(env: Env, key: string, value: string | undefined): Config {
  const spec = checkKey(key);
  const config = readConfig(env);
  if (value === undefined) delete config[key];
  else {
    try {
      config[key] = spec.parse(value);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new InputError(`${key}：${error.message}`, {
        hint: t('config.example', { key, example: spec.example }),
        code: 'config',
      });
    }
  }
  const file = configFile(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file + '.tmp', JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  renameSync(file + '.tmp', file); // never leave a half-written profile
  return config;
}
