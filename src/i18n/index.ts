// The message catalogue: every user-facing sentence is looked up here, Chinese by default, English on
// request. Chinese is always loaded; English only when asked for (loadLang), so start-up stays small.
import { zh } from './zh/index.js';

export type Lang = 'zh' | 'en';
export type MessageKey = keyof typeof zh;
export type Params = Record<string, string | number | undefined>;

const catalogues: Partial<Record<Lang, Record<MessageKey, string>>> = { zh };
let current: Lang = 'zh';

/** Switch language, loading its catalogue first when needed. */
export async function loadLang(lang: Lang): Promise<void> {
  if (lang === 'en' && !catalogues.en) catalogues.en = (await import('./en/index.js')).en;
  current = lang;
}

/** Switch to a language already loaded (Chinese always is). */
export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

export function isLang(value: string | undefined): value is Lang {
  return value === 'zh' || value === 'en';
}

/** Language from `--lang X` / `--lang=X` anywhere in argv, then DUCHA_LANG, then zh. */
export function resolveLang(argv: readonly string[], env: Record<string, string | undefined>): Lang {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice(7) : undefined;
    if (isLang(value)) return value;
  }
  const fromEnv = env.DUCHA_LANG?.toLowerCase().slice(0, 2);
  return isLang(fromEnv) ? fromEnv : 'zh';
}

/** Translate `key`, replacing `{name}` placeholders with `params.name`. */
export function t(key: MessageKey, params?: Params): string {
  const template = catalogues[current]?.[key] ?? zh[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
