// Getting this device's private key for a command that signs, when a passphrase protects it: from
// DUCHA_PASSPHRASE, else from what `ducha unlock` kept (unexpired), else by asking once in a terminal; without
// any of these the command is refused (key-locked, exit 2) before it changes anything.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Suite } from '../crypto/types.js';
import type { Store } from '../store/store.js';
import type { KeyRecord } from '../store/device-key.js';
import { dataKeyId, dataKeyRecord, keyRecord } from '../store/key-locks.js';
import type { Context } from './context.js';
import { isInteractive } from './io.js';
import { keptSecrets } from './unlock-cache.js';

/** The record of this device's signing key, or undefined for a format-1 database (it signs nothing). */
export function keyRecordOf(store: Store): KeyRecord | undefined {
  return keyRecord(store);
}

export async function askSecret(ctx: Context, message: string): Promise<string> {
  const { askSecret: ask } = await import('../inspect/prompts.js');
  return ask(ctx.io, message, ctx.json ? ctx.io.stderr : ctx.io.stdout); // --json: stdout carries the one document
}

/** The private key (DER) the lock opens with `secret`; refused when it is not this device's key. */
export async function openLock(store: Store, lock: Buffer, secret: string): Promise<Buffer> {
  const { unlockWithPassphrase } = await import('../crypto/passphrase.js');
  const suite = await store.loadCrypto();
  const der = unlockWithPassphrase(suite, lock, secret);
  checkKey(suite, keyRecordOf(store)!, der);
  return der;
}

/** The data key (32 bytes) a data lock opens with `secret`; refused when it is not this database's data key. */
export async function openDataLock(store: Store, lock: Buffer, secret: string): Promise<Buffer> {
  const { unlockWithPassphrase } = await import('../crypto/passphrase.js');
  const suite = await store.loadCrypto();
  const key = unlockWithPassphrase(suite, lock, secret);
  if (key.length !== 32 || dataKeyId((b) => suite.hash(b), key) !== dataKeyRecord(store)?.keyId)
    throw new InputError(t('protect.notThisKey'), {
      hint: t('protect.notThisKey.hint'),
      code: 'crypto-bad-private-key',
    });
  return key;
}

function checkKey(suite: Suite, record: KeyRecord, der: Buffer): void {
  if (suite.signingPublicKey(der.toString('base64')) !== record.publicKey)
    throw new InputError(t('protect.notThisKey'), {
      hint: t('protect.notThisKey.hint'),
      code: 'crypto-bad-private-key',
    });
}

/** The passphrase: DUCHA_PASSPHRASE, else asked once in a terminal, else undefined. */
export async function currentPassphrase(ctx: Context, message = t('protect.ask')): Promise<string | undefined> {
  const given = ctx.io.env.DUCHA_PASSPHRASE;
  if (given !== undefined) return given;
  return isInteractive(ctx.io) ? askSecret(ctx, message) : undefined;
}

export const lockedError = () =>
  new InputError(t('integrity.keyLocked'), { hint: t('protect.locked.hint'), code: 'key-locked' });

/** Hand the store its private key when a passphrase protects it (nothing to do otherwise). */
export async function provideKey(ctx: Context, store: Store): Promise<void> {
  const record = keyRecordOf(store);
  if (!record || record.protection === 'none') return;
  const suite = await store.loadCrypto();
  if (ctx.io.env.DUCHA_PASSPHRASE === undefined) {
    const kept = keptSecrets(ctx.io.env, suite, store.device, record.secret, ctx.now())?.privateKey;
    if (kept) {
      checkKey(suite, record, kept);
      return store.provideKey(kept.toString('base64'));
    }
  }
  const passphrase = await currentPassphrase(ctx);
  if (passphrase === undefined) throw lockedError();
  store.provideKey((await openLock(store, record.secret, passphrase)).toString('base64'));
}
