// English messages of the database, verify, backup and settings.
import type { store as zh } from '../zh/store.js';

export const store: Record<keyof typeof zh, string> = {
  'store.missing': 'database {file} does not exist',
  'store.missing.hint': 'point --db at an existing database; creating an inspection creates one',
  'store.notSqlite': '{file} is not a ducha database (not an SQLite file)',
  'store.notSqlite.hint': 'check the file that --db or DUCHA_DB names; it was not changed',
  'store.foreign': '{file} is an SQLite database, but not one ducha made',
  'store.damaged': 'database {file} is damaged and cannot be opened ({reason})',
  'store.damaged.hint':
    'the file was not changed. Restore it from a backup (made by ducha backup), or have it examined',
  'store.newer':
    'database {file} was made by a newer ducha (schema version {version}); this version cannot use it safely',
  'store.newer.hint': 'upgrade ducha, then open it again; the file was not changed',
  'store.checksum': "schema migration {version} of database {file} differs from this program's",
  'store.checksum.hint': 'it may come from a modified ducha; to protect the data it was not opened, and not changed',
  'store.needsUpgrade': 'database {file} must be upgraded to this version first',
  'store.needsUpgrade.hint': 'run any command that writes (e.g. ducha inspection list), then try again',
  'actor.missing': 'who is recording is not known',
  'actor.missing.hint': 'set your name first: ducha config set name "Zhang San" (or --actor, or env DUCHA_ACTOR)',
  'config.empty': 'must not be empty',
  'config.badNumber': '"{value}" is not a positive number',
  'config.broken': 'the settings file {file} cannot be parsed',
  'config.broken.hint': 'fix or delete {file}',
  'config.unknownKey': 'unknown setting "{key}"',
  'config.key.name': "the inspector's name, written into every record",
  'config.key.evidenceMax': 'size limit of one evidence file (MB)',
  'config.saved': 'set {key} = {value}',
  'config.removed': 'removed {key}',
  'config.col.key': 'key',
  'config.col.value': 'value',
  'config.col.description': 'meaning',
  'verify.progress.integrity': 'checking the database file…',
  'verify.progress.chains': 'checking the hash chains…',
  'verify.progress.blobs': 'checking the evidence files…',
  'verify.progress.projections': 'replaying the log against the tables…',
  'verify.foreignKey': 'table {table} refers to a row missing from {parent}',
  'verify.gap':
    'the chain of device {device} breaks at event {expected} (the next is {seq}, event {id}): events were deleted',
  'verify.prev':
    'event {seq} of device {device} ({id}) does not follow the one before: events were deleted, inserted or reordered',
  'verify.hash': 'event {seq} of device {device} ({id}, {type}) does not match its hash: it was modified',
  'verify.blob': 'file {sha}… does not match its hash: modified or damaged',
  'verify.replay': 'event {id} cannot be replayed: {reason}',
  'verify.extraRow': 'table {table} has a row the log does not ({key}): the table was altered',
  'verify.missingRow': 'table {table} lacks a row the log has ({key}): the table was altered',
  'verify.namesMissing':
    'the list of interviewee names (what documents redact) lacks {count} name(s) the records hold: the table was altered, and documents could show those names',
  'verify.changedRow': 'in table {table}, row {key} differs from the log in {column}: the table was altered',
  'verify.ok': '✔ {file} is intact: {events} events, {devices} devices, {blobs} files',
  'verify.damaged': '✖ {file}: {n} findings of damage or tampering:',
  'verify.check.integrity': 'database',
  'verify.check.chain': 'chain',
  'verify.check.blob': 'file',
  'verify.check.projection': 'table',
  'backup.done': '✔ backed up to {file} and verified ({events} events)',
  'store.busy': 'database {file} is being written by another ducha process (an import, say) and the wait timed out',
  'store.busy.hint': 'nothing was changed; try again when it has finished',
  'store.full': 'the disk is full: cannot write database {file}',
  'store.full.hint': 'this command wrote nothing and everything saved before is intact; free some space and try again',
  'store.readonly': 'database {file} cannot be written ({reason})',
  'store.readonly.hint': 'check the permissions of the file and its folder; everything saved before is intact',
  'store.io': 'an I/O error on database {file} ({reason})',
  'verify.snapshotCache': 'the cache of checklist snapshot {sha}… differs from the snapshot: the cache was altered',
  'verify.unreadable': 'part of the database cannot be read ({reason}); the remaining checks cannot run',
  'output.isDatabase':
    'cannot write {file}: it is the open database (or its -wal, -shm or -journal file); writing would destroy the saved records',
  'output.isDatabase.hint': 'choose another output file name, e.g. feedback.docx; the database was not changed',
  'output.isDirectory': '{file} is a folder, not an output file',
  'output.exists': '{file} already exists and was not overwritten',
  'output.exists.hint': 'choose another file name, or add --force to replace it',
  'output.noDir': 'the folder {dir} does not exist',
  'output.noDir.hint': 'create the folder first, or choose another place',
  'output.cannotWrite': 'cannot write {file} ({reason}); no partial file was left behind',
  // Confidential fields encrypted at rest (issue 17)
  'store.dataLocked':
    "this database's confidential text (record notes, interviewee names, conclusion and problem texts) is encrypted and not unlocked: cannot read it",
  'store.dataLocked.hint': 'run ducha unlock (in scripts set DUCHA_PASSPHRASE), then try again; nothing was changed',
  'store.badCiphertext': 'the encrypted field {field} is not well-formed ciphertext: cannot decrypt it',
  'store.badCiphertext.hint': 'the database or bundle may be damaged; run ducha verify',
  'store.unknownDataKey': 'the data key (id {id}) that encrypted this text is not in this database: cannot decrypt it',
  'store.unknownDataKey.hint':
    "the text comes from another device: import it from a bundle sealed to this device's key (export --to) to bring its data key",
  // Issue 17: verify of events sealed at protect while the data key is locked.
  'verify.okUnchecked':
    '✔ {file}: no damage found in {events} events, {devices} devices, {blobs} files; but the contents of {unchecked} events could not be checked (see below)',
  'verify.unchecked':
    '{unchecked} events were written before the database was protected and their payloads are stored encrypted as a whole, and the data key is locked: only their places in the hash chains and the signatures over them were checked; their hashes were not recomputed from their contents and the tables were not compared with a replay of the log. Run ducha unlock (or set DUCHA_PASSPHRASE) and ducha verify again to check everything.',
  // Evidence files encrypted at rest (issue 17)
  'store.blobDamaged':
    'the stored file {sha}… does not decrypt to the file its hash names: it was damaged or sealed wrong',
  'store.blobDamaged.hint': 'run ducha verify; import the file again from a bundle that carries it, or add it again',
  'verify.blobsUnchecked': '{n} encrypted files were not checked: their hash is of the clear file, and {reason}',
  'verify.blobsUnchecked.locked': 'the data key is not unlocked (run ducha unlock, then verify again)',
  'verify.blobsUnchecked.unknown': 'this database does not hold the data key that encrypted them',
};
