// Connecting to the hub: the URL (given, DUCHA_HUB, or `hub.url` in the profile) read as libpq reads it —
// sslmode disable|prefer|require|verify-ca|verify-full with sslrootcert, sslcert, sslkey — and PostgreSQL's
// failures turned into messages. `pg` is loaded here, so only hub commands ever load it.
import type pg from 'pg';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';

export type HubClient = pg.Client;

/** The URL without its password, for messages. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** libpq's meaning of sslmode (node-postgres would otherwise read require as verify-full). */
function libpqUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(t('hub.badUrl', { url: shownUrl(url) }), { hint: t('hub.badUrl.hint') });
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
    throw new InputError(t('hub.badUrl', { url: shownUrl(url) }), { hint: t('hub.badUrl.hint') });
  const mode = u.searchParams.get('sslmode');
  if (mode !== null && !['disable', 'prefer', 'require', 'verify-ca', 'verify-full'].includes(mode)) {
    throw new InputError(t('hub.badSslmode', { mode }), { hint: t('hub.badUrl.hint') });
  }
  if (mode !== null && !u.searchParams.has('uselibpqcompat')) u.searchParams.set('uselibpqcompat', 'true');
  return u.toString();
}

/**
 * node-postgres, loaded. As it loads, pg asks whether it runs in a Cloudflare Worker: by `navigator.userAgent`,
 * or — where there is no `navigator`, as in Node 20 — by building a fetch `Response`, which makes Node load its
 * fetch implementation (undici): ≈ 25 ms of every hub command for an answer known in advance. While pg loads,
 * a Node without `navigator` is given the one Node 21 and later define (`userAgent` "Node.js/<major>"), and it
 * is taken away afterwards so no other module sees it.
 */
export async function loadPg(): Promise<typeof pg> {
  const scope = globalThis as { navigator?: unknown };
  const lent = scope.navigator === undefined;
  if (lent)
    Object.defineProperty(globalThis, 'navigator', {
      value: { userAgent: `Node.js/${process.versions.node.split('.')[0]}` },
      configurable: true,
      writable: true,
    });
  try {
    return (await import('pg')).default;
  } finally {
    if (lent) delete scope.navigator;
  }
}

/** Open a connection; a failure says what went wrong in the user's words (never the password). */
export async function connectHub(url: string): Promise<HubClient> {
  const pgModule = await loadPg();
  const connectionString = libpqUrl(url);
  let client: pg.Client;
  try {
    client = new pgModule.Client({ connectionString, connectionTimeoutMillis: 15_000, application_name: 'ducha' });
  } catch (error) {
    throw new InputError(t('hub.connectFailed', { url: shownUrl(url), reason: reasonOf(error) }), {
      hint: t('hub.connectFailed.hint'),
      code: 'hub-connect',
    });
  }
  // A server that goes away between queries must not crash the process: the next query fails instead.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new InputError(t('hub.connectFailed', { url: shownUrl(url), reason: reasonOf(error) }), {
      hint: connectHint(error),
      code: 'hub-connect',
    });
  }
  return client;
}

function reasonOf(error: unknown): string {
  const e = error as { message?: string; code?: string };
  return e?.message || e?.code || String(error);
}

function connectHint(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const text = `${e?.code ?? ''} ${e?.message ?? ''}`;
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|CERT_|certificate|altnames|ERR_TLS/i.test(text)) return t('hub.tlsHint');
  if (e?.code === '28P01' || e?.code === '28000') return t('hub.authHint');
  if (e?.code === '3D000') return t('hub.noDatabaseHint');
  return t('hub.connectFailed.hint');
}

/** Whether an error is the server or the connection going away (the operation may be retried). */
export function isConnectionLost(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08003', '08000'].includes(
      e?.code ?? '',
    ) ||
    /Connection terminated|connection terminated|Client has encountered a connection error|not queryable/i.test(
      e?.message ?? '',
    )
  );
}

/** PostgreSQL's error during an operation, as an InputError (a transaction that failed wrote nothing). */
export function hubError(url: string, error: unknown): InputError {
  if (error instanceof InputError) return error;
  const e = error as { code?: string; message?: string };
  if (isConnectionLost(error))
    return new InputError(t('hub.lost', { url: shownUrl(url), reason: reasonOf(error) }), {
      hint: t('hub.lost.hint'),
      code: 'hub-lost',
    });
  if (e?.code === '42501')
    return new InputError(t('hub.denied', { reason: reasonOf(error) }), {
      hint: t('hub.denied.hint'),
      code: 'hub-denied',
    });
  return new InputError(t('hub.failed', { reason: reasonOf(error) }), { hint: t('hub.lost.hint'), code: 'hub-error' });
}
