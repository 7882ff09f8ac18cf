// `ducha config set|get|list|unset`: the inspector's profile (name) and settings.
import type { Context } from '../context.js';
import { t } from '../../i18n/index.js';
import { CONFIG_KEYS, configFile, getConfig, readConfig, setConfig } from '../../config.js';
import { table } from '../../util/table.js';

export async function configSet(ctx: Context, [key, value]: [string, string]): Promise<number> {
  setConfig(ctx.io.env, String(key), String(value));
  if (ctx.json) ctx.emit(true, { key, value: getConfig(ctx.io.env, String(key)) });
  else ctx.out(t('config.saved', { key: String(key), value: String(getConfig(ctx.io.env, String(key))) }));
  return 0;
}

export async function configUnset(ctx: Context, [key]: [string]): Promise<number> {
  setConfig(ctx.io.env, String(key), undefined);
  if (ctx.json) ctx.emit(true, { key });
  else ctx.out(t('config.removed', { key: String(key) }));
  return 0;
}

export async function configGet(ctx: Context, [key]: [string]): Promise<number> {
  const value = getConfig(ctx.io.env, String(key));
  if (ctx.json) ctx.emit(true, { key, value: value ?? null });
  else if (value !== undefined) ctx.out(String(value));
  return value === undefined ? 1 : 0;
}

export async function configList(ctx: Context): Promise<number> {
  const config = readConfig(ctx.io.env);
  const rows = Object.entries(CONFIG_KEYS).map(([key, spec]) => ({
    key,
    value: config[key] ?? spec.default ?? null,
    set: key in config,
    description: t(spec.description),
  }));
  if (ctx.json) ctx.emit(true, { file: configFile(ctx.io.env), keys: rows });
  else {
    ctx.out(
      table(
        [t('config.col.key'), t('config.col.value'), t('config.col.description')],
        rows.map((r) => [r.key, r.value === null ? '—' : String(r.value), r.description]),
      ),
    );
    ctx.out(ctx.colour.dim(configFile(ctx.io.env)));
  }
  return 0;
}
