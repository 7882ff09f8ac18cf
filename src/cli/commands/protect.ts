// `ducha protect` (a passphrase and a recovery key lock this device's private key and the database's data key;
// --change, --recovery-key), `ducha unlock [--for 8h]` (keep the unlocked keys for a while) and `ducha lock`
// (forget them).
import { randomBytes } from 'node:crypto';
import type { Context } from '../context.js';
import type { GlobalOptions } from '../program.js';
import { InputError, UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { withStore } from '../session.js';
import { isInteractive } from '../io.js';
import { askSecret, currentPassphrase, keyRecordOf, lockedError, openDataLock, openLock } from '../key-access.js';
import { forgetKey, keepUnlocked } from '../unlock-cache.js';
import type { Store } from '../../store/store.js';
import { localDate } from '../../util/dates.js';

const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford's base 32: no I, L, O, U

/** 160 random bits as 32 characters in groups of four. */
function newRecoveryKey(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += RECOVERY_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return text.match(/.{4}/g)!.join('-');
}

/** A recovery key as typed: case, spaces and dashes do not matter; O, I and L read as 0, 1 and 1. */
const normaliseRecoveryKey = (typed: string) =>
  (
    typed
      .toUpperCase()
      .replace(/[\s-]/g, '')
      .replace(/O/g, '0')
      .replace(/[IL]/g, '1')
      .match(/.{1,4}/g) ?? []
  ).join('-');

/** A new passphrase: `envName` for scripts, else asked twice in a terminal; refused when empty or the two differ. */
async function newPassphrase(ctx: Context, envName: 'DUCHA_PASSPHRASE' | 'DUCHA_NEW_PASSPHRASE'): Promise<string> {
  let passphrase = ctx.io.env[envName];
  if (passphrase === undefined) {
    if (!isInteractive(ctx.io))
      throw new InputError(t('protect.noTerminal', { env: envName }), {
        hint: t('protect.noTerminal.hint', { env: envName }),
        code: 'usage',
      });
    passphrase = await askSecret(ctx, t('protect.askNew'));
    if (passphrase.length > 0 && (await askSecret(ctx, t('protect.askAgain'))) !== passphrase)
      throw new InputError(t('protect.mismatch'), { hint: t('protect.mismatch.hint'), code: 'passphrase-mismatch' });
  }
  if (passphrase.length === 0)
    throw new InputError(t('crypto.emptyPassphrase'), {
      hint: t('protect.empty.hint'),
      code: 'crypto-empty-passphrase',
    });
  return passphrase;
}

async function lockUnder(store: Store, passphrase: string, der: Buffer): Promise<Buffer> {
  const { lockWithPassphrase } = await import('../../crypto/passphrase.js');
  return lockWithPassphrase(await store.loadCrypto(), passphrase, der);
}

export async function protectCommand(
  ctx: Context,
  _args: [],
  options: GlobalOptions & { change?: boolean; recoveryKey?: boolean },
): Promise<number> {
  if (options.change && options.recoveryKey) throw new UsageError(t('protect.oneMode'));
  const { clearEncryptionKey, dataKeyId, dataKeyRecord, finishWipe, keyRecord, storeKeyLocks, wipePending } =
    await import('../../store/key-locks.js');
  return withStore(ctx, options, 'keys', async (store) => {
    const record = keyRecordOf(store);
    if (!record) throw new InputError(t('protect.format1'), { code: 'needs-upgrade' });
    const again = options.change || options.recoveryKey;
    if (record.protection === 'none' && again)
      throw new InputError(t('protect.notProtected'), {
        hint: t('protect.notProtected.hint'),
        code: 'key-not-protected',
      });
    if (record.protection !== 'none' && !again) {
      // A protect stopped between its transaction and its wipe: the wipe is what is left to do (no key needed).
      if (wipePending(store)) return finishStoppedWipe(ctx, store, finishWipe(store).walEmptied);
      throw new InputError(t('protect.already'), { hint: t('protect.already.hint'), code: 'key-protected' });
    }
    let der: Buffer;
    let recoveryKey: string | undefined;
    // The data key: opened like the signing key; made here when the database has none yet (first protect,
    // or a database protected before data keys existed).
    const dataRecord = dataKeyRecord(store);
    let dataKey: Buffer | undefined;
    let typedRecovery: string | undefined;
    if (options.recoveryKey) {
      const recovery = keyRecord(store, 'signing-recovery');
      const dataRecovery = dataRecord && dataKeyRecord(store, 'data-recovery');
      if (!recovery || (dataRecord && !dataRecovery))
        throw new InputError(t('protect.noRecovery'), { code: 'key-not-protected' });
      const typed =
        ctx.io.env.DUCHA_RECOVERY_KEY ??
        (isInteractive(ctx.io) ? await askSecret(ctx, t('protect.askRecovery')) : undefined);
      if (typed === undefined)
        throw new InputError(t('protect.noTerminal', { env: 'DUCHA_RECOVERY_KEY' }), {
          hint: t('protect.noTerminal.hint', { env: 'DUCHA_RECOVERY_KEY' }),
          code: 'usage',
        });
      typedRecovery = normaliseRecoveryKey(typed);
      der = await openLock(store, recovery.secret, typedRecovery);
      if (dataRecovery) dataKey = await openDataLock(store, dataRecovery.secret, typedRecovery);
    } else if (options.change) {
      const current = await currentPassphrase(ctx, t('protect.askCurrent'));
      if (current === undefined) throw lockedError();
      der = await openLock(store, record.secret, current);
      if (dataRecord) dataKey = await openDataLock(store, dataRecord.secret, current);
    } else {
      der = record.secret;
    }
    const newDataKey = dataKey === undefined;
    dataKey ??= randomBytes(32);
    const passphrase = await newPassphrase(ctx, again ? 'DUCHA_NEW_PASSPHRASE' : 'DUCHA_PASSPHRASE');
    // A new recovery key the first time, and when --change must lock a new data key (the old recovery key is
    // not known then): it replaces the old one for both keys.
    if (!again || (newDataKey && options.change)) recoveryKey = newRecoveryKey();
    const dataRecoveryKey = recoveryKey ?? (newDataKey ? typedRecovery : undefined);
    const suite = await store.loadCrypto();
    const keyId = dataKeyId((b) => suite.hash(b), dataKey);
    // A clear encryption (bundle-opening) private key is sealed with the data key in the same write.
    const { ENCRYPTION_KEY_LABEL } = await import('../../store/device-key.js');
    const { lockOwnSecret } = await import('../../store/field-cipher.js');
    const clearEncryption = clearEncryptionKey(store);
    const locks = {
      encryption: clearEncryption && lockOwnSecret(suite.aead(dataKey), ENCRYPTION_KEY_LABEL, clearEncryption),
      signing: {
        passphrase: await lockUnder(store, passphrase, der),
        recovery: recoveryKey === undefined ? undefined : await lockUnder(store, recoveryKey, der),
      },
      data: {
        keyId,
        passphrase: await lockUnder(store, passphrase, dataKey),
        recovery: dataRecoveryKey === undefined ? undefined : await lockUnder(store, dataRecoveryKey, dataKey),
      },
    };
    // What the database held before its data key — events with confidential text in clear, and their
    // projections — is sealed in the same transaction as the locks (sealed.ts): protected means all of it.
    const { FieldCipher } = await import('../../store/field-cipher.js');
    const { protectExistingData } = await import('../../store/sealed.js');
    const cipher = new FieldCipher((k) => suite.aead(k), { id: Buffer.from(keyId, 'hex'), key: dataKey });
    // Issue 18: names recorded before the data key stay in clear in their signed events, which no hub takes.
    const clearNames = newDataKey ? (await import('../../store/clear-names.js')).clearNameRecords(store).records : 0;
    const { walEmptied, inside: sealed } = storeKeyLocks(store, locks, () => protectExistingData(store, cipher));
    forgetKey(ctx.io.env, store.device); // a key kept for the old passphrase no longer opens; remove the file
    const data = {
      file: store.file,
      device: store.device,
      suite: store.suite,
      protection: 'passphrase',
      recoveryKey: recoveryKey ?? null,
      dataKeyId: keyId,
      dataKeyMade: newDataKey,
      sealed: sealed ?? { events: 0, values: 0, files: 0 },
      clearNameRecords: clearNames,
      walEmptied,
    };
    const clearNamesWarning = clearNames > 0 ? t('hub.protectClearNames', { n: clearNames }) : undefined;
    if (ctx.json)
      ctx.emit(
        true,
        data,
        clearNamesWarning
          ? [
              {
                file: null,
                line: null,
                column: null,
                code: 'clear-name-no-hub',
                severity: 'warning',
                message: clearNamesWarning,
              },
            ]
          : [],
      );
    else {
      const done = !again ? 'protect.done' : recoveryKey ? 'protect.changedNewRecovery' : 'protect.changed';
      ctx.out(t(done, { file: store.file }));
      if (recoveryKey) {
        ctx.out(t('protect.recoveryShown'));
        ctx.out(`\n    ${ctx.colour.bold(recoveryKey)}\n`);
        ctx.out(t('protect.recoveryWarning'));
      }
      if (sealed && (sealed.events > 0 || sealed.values > 0 || sealed.files > 0))
        ctx.out(t('protect.sealedOld', { events: sealed.events, values: sealed.values, files: sealed.files }));
      // What protect could not do, said with what it did (stdout: the command succeeded).
      if (clearNamesWarning) ctx.out(clearNamesWarning);
      ctx.out(t('protect.scope'));
    }
    if (!walEmptied) ctx.err(t('protect.walBusy'));
    return 0;
  });
}

/** `ducha protect` again after one was stopped before its wipe: the wipe done now. */
function finishStoppedWipe(ctx: Context, store: Store, walEmptied: boolean): number {
  if (ctx.json) ctx.emit(true, { file: store.file, device: store.device, wipeFinished: true, walEmptied });
  else ctx.out(t('protect.wipeFinished', { file: store.file }));
  if (!walEmptied) ctx.err(t('protect.walBusy'));
  return 0;
}

const MAX_UNLOCK_MINUTES = 24 * 60;

/** `8h`, `90m`, `1h30m`: minutes, from 1 minute to 24 hours. */
export function parseDuration(text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(text.trim());
  const minutes = match && (match[1] || match[2]) ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) : NaN;
  if (!(minutes >= 1 && minutes <= MAX_UNLOCK_MINUTES))
    throw new UsageError(t('protect.badDuration', { value: text }), { hint: t('protect.badDuration.hint') });
  return minutes;
}

export async function unlockCommand(
  ctx: Context,
  _args: [],
  options: GlobalOptions & { for: string },
): Promise<number> {
  const minutes = parseDuration(options.for);
  return withStore(ctx, options, 'keys', async (store) => {
    const record = keyRecordOf(store);
    if (!record || record.protection === 'none')
      throw new InputError(t('protect.notProtected'), {
        hint: t('protect.notProtected.hint'),
        code: 'key-not-protected',
      });
    const passphrase = await currentPassphrase(ctx);
    if (passphrase === undefined)
      throw new InputError(t('protect.noTerminal', { env: 'DUCHA_PASSPHRASE' }), {
        hint: t('protect.unlockNoTerminal.hint'),
        code: 'key-locked',
      });
    const der = await openLock(store, record.secret, passphrase);
    const { dataKeyRecord } = await import('../../store/key-locks.js');
    const dataRecord = dataKeyRecord(store);
    const dataKey = dataRecord && (await openDataLock(store, dataRecord.secret, passphrase));
    const expires = new Date(ctx.now().getTime() + minutes * 60_000);
    const suite = await store.loadCrypto();
    const file = keepUnlocked(ctx.io.env, suite, store.device, record.secret, der, expires, dataKey);
    if (ctx.json)
      ctx.emit(true, { file: store.file, device: store.device, keptIn: file, expires: expires.toISOString() });
    else
      ctx.out(
        t('protect.unlocked', {
          until: `${localDate(expires)} ${String(expires.getHours()).padStart(2, '0')}:${String(expires.getMinutes()).padStart(2, '0')}`,
          file,
        }),
      );
    return 0;
  });
}

export async function lockCommand(ctx: Context, _args: [], options: GlobalOptions): Promise<number> {
  return withStore(ctx, options, 'read', (store) => {
    const forgotten = forgetKey(ctx.io.env, store.device);
    if (ctx.json) ctx.emit(true, { file: store.file, device: store.device, forgotten });
    else ctx.out(t(forgotten ? 'protect.locked' : 'protect.wasNotUnlocked'));
    return 0;
  });
}
