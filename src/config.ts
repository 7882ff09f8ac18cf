// The inspector's profile and settings: a small JSON file in the data directory, validated per key.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from './errors.js';
import { t, type MessageKey } from './i18n/index.js';
import { dataDir, type Env } from './paths.js';
import { DEFAULT_MAX_EVIDENCE_MB } from './inspect/evidence.js';
import { closest } from './checklist/suggest.js';

interface KeySpec {
  description: MessageKey;
  parse: (value: string) => string | number;
  default?: string | number;
}

const text = (value: string) => {
  if (!value.trim()) throw new InputError(t('config.empty'));
  return value.trim();
};

const positiveInteger = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(t('config.badNumber', { value: v }));
  return n;
};

export const CONFIG_KEYS: Record<string, KeySpec> = {
  name: { description: 'config.key.name', parse: text },
  'report.office': { description: 'config.key.reportOffice', parse: text },
  'report.marking': { description: 'config.key.reportMarking', parse: text },
  'report.docNumber': { description: 'config.key.reportDocNumber', parse: text },
  'report.planDays': { description: 'config.key.planDays', default: 15, parse: (v) => positiveInteger(v) },
  'report.rectifyDays': { description: 'config.key.rectifyDays', default: 60, parse: (v) => positiveInteger(v) },
  'hub.url': { description: 'config.key.hubUrl', parse: text },
  'evidence.maxMB': {
    description: 'config.key.evidenceMax',
    default: DEFAULT_MAX_EVIDENCE_MB,
    parse: (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new InputError(t('config.badNumber', { value: v }));
      return n;
    },
  },
};

export type Config = Record<string, string | number>;

export const configFile = (env: Env) => join(dataDir(env), 'config.json');

export function readConfig(env: Env): Config {
  const file = configFile(env);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Config;
  } catch {
    throw new InputError(t('config.broken', { file }), { hint: t('config.broken.hint', { file }) });
  }
}

function checkKey(key: string): KeySpec {
  const spec = CONFIG_KEYS[key];
  if (!spec) {
    const guess = closest(key, Object.keys(CONFIG_KEYS));
    throw new InputError(t('config.unknownKey', { key }), { hint: guess ? t('cli.usage.didYouMean', { name: guess }) : Object.keys(CONFIG_KEYS).join(', ') });
  }
  return spec;
}

export function getConfig(env: Env, key: string): string | number | undefined {
  const spec = checkKey(key);
  return readConfig(env)[key] ?? spec.default;
}

export function setConfig(env: Env, key: string, value: string | undefined): Config {
  const spec = checkKey(key);
  const config = readConfig(env);
  if (value === undefined) delete config[key];
  else config[key] = spec.parse(value);
  const file = configFile(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file + '.tmp', JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  renameSync(file + '.tmp', file); // never leave a half-written profile
  return config;
}
