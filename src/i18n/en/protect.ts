// English messages of the passphrase for this device's signing key (issue 17): protect, unlock, lock.
import type { protect as zh } from '../zh/protect.js';

export const protect: Record<keyof typeof zh, string> = {
  'cli.protect.description':
    "protect this device's signing key and the database's data key with a passphrase (and make a recovery key); --change changes the passphrase; --recovery-key resets it from the recovery key",
  'cli.protect.change': 'change the passphrase (asks for the current one first)',
  'cli.protect.recoveryKey': 'forgot the passphrase: reset it with the recovery key',
  'cli.unlock.description':
    'type the passphrase once and write without it for a limited time (kept where only you can read it, gone at reboot)',
  'cli.unlock.for': 'how long to stay unlocked, e.g. 8h, 90m, 1h30m (at most 24h)',
  'cli.lock.description': 'forget the keys ducha unlock kept, now',
  'protect.hidden': '(not shown)',
  'protect.ask': "This device's signing key is protected by a passphrase. Passphrase:",
  'protect.askCurrent': 'Current passphrase:',
  'protect.askNew': 'New passphrase:',
  'protect.askAgain': 'New passphrase again:',
  'protect.askRecovery': 'Recovery key:',
  'protect.mismatch': 'the two passphrases differ',
  'protect.mismatch.hint': 'run the command again; nothing was changed',
  'protect.empty.hint': 'the passphrase cannot be empty; nothing was changed',
  'protect.noTerminal': 'no terminal to type the passphrase in, and {env} is not set',
  'protect.noTerminal.hint':
    'run it in a terminal, or set the environment variable {env} in a script; nothing was changed',
  'protect.unlockNoTerminal.hint':
    'run ducha unlock in a terminal; a script sets DUCHA_PASSPHRASE instead (no unlock needed)',
  'protect.locked.hint':
    'run ducha unlock first (type the passphrase once in a terminal), or set DUCHA_PASSPHRASE in a script; nothing was changed. Read-only commands (viewing, documents, verify) need no passphrase',
  'protect.notThisKey': "the unlocked private key does not match this device's public key",
  'protect.notThisKey.hint': 'the key record in the database may be damaged; nothing was changed',
  'protect.oneMode': 'give --change or --recovery-key, not both',
  'protect.format1': 'this database is of the old format and has no key record yet',
  'protect.already': "this device's private key is already protected by a passphrase",
  'protect.already.hint': 'change the passphrase with ducha protect --change; forgot it: ducha protect --recovery-key',
  'protect.notProtected': "this device's private key is not protected by a passphrase",
  'protect.notProtected.hint': 'set one first with ducha protect',
  'protect.noRecovery': 'this database holds no recovery key record',
  'protect.done':
    "This device's signing key and the database's data key in {file} are now protected by the passphrase; the clear key was wiped from the database file and its -wal.",
  'protect.changed': 'New passphrase set for {file}; the recovery key is unchanged.',
  'protect.recoveryShown': 'Recovery key (shown this once: write it down and keep it offline, away from the laptop):',
  'protect.recoveryWarning':
    'If you forget the passphrase, reset it with ducha protect --recovery-key and this key. Without both the passphrase and the recovery key nobody can read the encrypted texts again (records, names, conclusion and problem texts, evidence files) and this device can never sign again: every write is refused; only the clear parts (ids, dates, methods, results, statuses) can still be viewed, and verify still checks the chains and signatures.',
  'protect.scope':
    "Note: the confidential texts (record notes, subjects, interviewees' names, evidence files and their names, conclusion and problem texts) are encrypted with the data key, those written and the evidence files added before too.",
  'protect.walBusy':
    'warning: another program has this database open, so its -wal could not be emptied and may still hold the old clear key; close the other ducha and run ducha protect --change',
  'protect.badDuration': 'unlock duration "{value}" is not valid',
  'protect.badDuration.hint': 'write 8h, 90m or 1h30m, from 1 minute to 24 hours',
  'protect.unlocked':
    'Unlocked: writes, and reads of encrypted texts, need no passphrase until {until}. The unlocked key is kept in {file} (readable by you and root, gone at reboot); ducha lock forgets it now.',
  'protect.locked': 'The unlocked key is forgotten; writes ask for the passphrase again.',
  'protect.wasNotUnlocked': 'This database is not unlocked; nothing to forget.',
  'protect.noRuntimeDir':
    'no memory-backed folder to keep the unlocked key in (XDG_RUNTIME_DIR is not set and there is no /dev/shm)',
  'protect.noRuntimeDir.hint': 'set DUCHA_PASSPHRASE in a script instead',
  'protect.unsafeDir':
    'the folder for unlocked keys, {dir}, is not safe (not a folder owned by you, or others can access it)',
  'protect.unsafeDir.hint': 'check the owner and mode of {dir} (you, 0700), or remove it and try again',
  // Issue 17: the data key.
  'protect.changedNewRecovery':
    'New passphrase set for {file}, and a data key made; the old recovery key no longer works: use the new one below.',
  // Issue 17: what was written before protection.
  'protect.sealedOld':
    "What was written before protection is encrypted too: {events} events' payloads are stored encrypted as a whole (their hashes and signatures unchanged), and {values} confidential values of the tables and {files} evidence files are encrypted; the database file was rebuilt (VACUUM), so no old page keeps clear text.",
  'protect.wipeFinished':
    'The last ducha protect was stopped before it wiped the old pages; {file} is now rebuilt (VACUUM) and its -wal emptied, so no old page keeps clear text.',
};
