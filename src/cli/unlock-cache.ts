// Where `ducha unlock` keeps this device's unlocked private key (and the database's data key, issue 17) until it expires: one file per database
// (named by its device id) in $XDG_RUNTIME_DIR/ducha, else in /dev/shm/ducha-UID — memory-backed folders that
// a reboot empties. The folder is 0700 and the file 0600, so only this user (and root) can read them. The
// file holds the key sealed (the suite's AEAD) under a key derived from the database's passphrase lock: the
// file alone does not give the key, the file and the database together do, and a changed passphrase makes
// the file useless. The expiry is authenticated with it; an expired or stale file is deleted when read.
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Suite } from '../crypto/types.js';

const FORMAT = 'ducha-unlock/1';

interface CacheFile {
  format: string;
  device: string;
  expires: string;
  sealed: string;
  /** The data key, sealed under the same key with its own AAD; absent when the database has none. */
  sealedData?: string;
}

/** What an unexpired unlock holds: the private key (PKCS#8 DER) and the data key when there is one. */
export interface KeptSecrets {
  privateKey: Buffer;
  dataKey?: Buffer;
}

/** The folder of unlocked keys (made 0700 when missing); refused when someone else could read or replace it. */
export function unlockDir(env: Record<string, string | undefined>, make: boolean): string {
  const runtime = env.XDG_RUNTIME_DIR?.trim();
  const uid = process.getuid?.() ?? 0;
  const dir = runtime ? join(runtime, 'ducha') : join('/dev/shm', `ducha-${uid}`);
  if (!runtime && !lstatSync('/dev/shm', { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError(t('protect.noRuntimeDir'), { hint: t('protect.noRuntimeDir.hint'), code: 'unlock-unsafe' });
  }
  if (make) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (!stat) return dir;
  if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) {
    throw new InputError(t('protect.unsafeDir', { dir }), {
      hint: t('protect.unsafeDir.hint', { dir }),
      code: 'unlock-unsafe',
    });
  }
  return dir;
}

export const unlockFile = (dir: string, device: string) => join(dir, `${device}.key`);

function sealingKey(suite: Suite, passphraseLock: Buffer): Buffer {
  return Buffer.from(suite.hash(Buffer.concat([Buffer.from(`${FORMAT}\0`, 'utf8'), passphraseLock])), 'hex');
}

const aad = (device: string, expires: string) => Buffer.from(`${FORMAT}\0${device}\0${expires}`, 'utf8');
const dataAad = (device: string, expires: string) => Buffer.from(`${FORMAT}\0${device}\0${expires}\0data`, 'utf8');

/** Keep `privateKeyDer` (and `dataKey`) until `expires`; returns the file. */
export function keepUnlocked(
  env: Record<string, string | undefined>,
  suite: Suite,
  device: string,
  passphraseLock: Buffer,
  privateKeyDer: Buffer,
  expires: Date,
  dataKey?: Buffer,
): string {
  const file = unlockFile(unlockDir(env, true), device);
  const at = expires.toISOString();
  const aead = suite.aead(sealingKey(suite, passphraseLock));
  const body: CacheFile = {
    format: FORMAT,
    device,
    expires: at,
    sealed: aead.seal(privateKeyDer, aad(device, at)).toString('base64'),
    ...(dataKey && { sealedData: aead.seal(dataKey, dataAad(device, at)).toString('base64') }),
  };
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, JSON.stringify(body), { mode: 0o600, flag: 'wx' });
  renameSync(temporary, file);
  return file;
}

/** The kept keys while they have not expired at `now`; an expired, stale or damaged file is deleted. */
export function keptSecrets(
  env: Record<string, string | undefined>,
  suite: Suite,
  device: string,
  passphraseLock: Buffer,
  now: Date,
): KeptSecrets | undefined {
  const file = unlockFile(unlockDir(env, false), device);
  let body: CacheFile;
  try {
    body = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return undefined;
  }
  try {
    if (body.format !== FORMAT || body.device !== device || !(Date.parse(body.expires) > now.getTime()))
      throw new Error('expired');
    const aead = suite.aead(sealingKey(suite, passphraseLock));
    const privateKey = aead.open(Buffer.from(body.sealed, 'base64'), aad(device, body.expires));
    if (body.sealedData === undefined) return { privateKey };
    return { privateKey, dataKey: aead.open(Buffer.from(body.sealedData, 'base64'), dataAad(device, body.expires)) };
  } catch {
    rmSync(file, { force: true });
    return undefined;
  }
}

/** Forget the kept key of `device`; true when there was one. */
export function forgetKey(env: Record<string, string | undefined>, device: string): boolean {
  const file = unlockFile(unlockDir(env, false), device);
  const there = Boolean(lstatSync(file, { throwIfNoEntry: false }));
  rmSync(file, { force: true });
  return there;
}
