// Getting this device's private key for a command that signs, when a passphrase protects it: from
// DUCHA_PASSPHRASE, else from what `ducha unlock` kept (unexpired), else by asking once in a terminal; without
// any of these the command is refused (key-locked, exit 2) before it changes anything.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Suite } from '../crypto/types.js';
import type { Store } from '../store/store.js';
import type { KeyRecord } from '../store/device-key.js';
import { dataKeyId, dataKeyRecord, foreignDataLocks, keyRecord } from '../store/key-locks.js';
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
  return checkDataKey(suite, dataKeyRecord(store)?.keyId, unlockWithPassphrase(suite, lock, secret));
}

function checkDataKey(suite: Suite, expected: string | undefined, key: Buffer): Buffer {
  if (key.length !== 32 || dataKeyId((b) => suite.hash(b), key) !== expected)
    throw new InputError(t('protect.notThisKey'), {
      hint: t('protect.notThisKey.hint'),
      code: 'crypto-bad-private-key',
    });
  return key;
}

/**
 * On a protected database (one with a data key), give the Store its field cipher, opened when first needed:
 * with `passphrase` (a write that already has it), else what `ducha unlock` kept, else DUCHA_PASSPHRASE;
 * without any of these, the first read or write of confidential text is refused (key-locked, hint ducha unlock).
 * A command that reads only clear columns never opens the key.
 */
export async function provideDataKey(ctx: Context, store: Store, passphrase?: string): Promise<void> {
  if (store.dataKeyId === undefined) return;
  const suite = await store.loadCrypto();
  const { unlockWithPassphrase } = await import('../crypto/passphrase.js');
  const { FieldCipher, dataLocked } = await import('../store/field-cipher.js');
  // Read now: the cipher is first asked for inside a query (ducha_dec), when the connection cannot run another.
  const lock = dataKeyRecord(store)!;
  const signing = keyRecordOf(store);
  const expected = lock.keyId;
  const foreign = foreignDataLocks(store);
  store.useFieldCipher(() => {
    const given = passphrase ?? ctx.io.env.DUCHA_PASSPHRASE;
    const kept =
      given === undefined && signing
        ? keptSecrets(ctx.io.env, suite, store.device, signing.secret, ctx.now())?.dataKey
        : undefined;
    if (given === undefined && !kept) throw dataLocked();
    const key = checkDataKey(suite, expected, kept ?? unlockWithPassphrase(suite, lock.secret, given!));
    const cipher = new FieldCipher((k) => suite.aead(k), { id: Buffer.from(lock.keyId, 'hex'), key });
    // Other databases' data keys (a lead's members', brought by their encrypted bundles), locked under this one.
    for (const f of foreign) cipher.add(f.id, cipher.openForeign(f.id, f.secret));
    return cipher;
  });
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
      store.provideKey(kept.toString('base64'));
      return provideDataKey(ctx, store);
    }
  }
  const passphrase = await currentPassphrase(ctx);
  if (passphrase === undefined) throw lockedError();
  store.provideKey((await openLock(store, record.secret, passphrase)).toString('base64'));
  await provideDataKey(ctx, store, passphrase);
}
