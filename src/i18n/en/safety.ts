// English messages of issue 12's safety work: dates, the database a command may open or create, ranges of
// numbers, interrupted imports and evidence names.
import type { safety as zh } from '../zh/safety.js';

export const safety: Record<keyof typeof zh, string> = {
  'date.malformed': 'date "{date}" is not understood',
  'date.hint': 'write it as 2026-11-20 (2026/11/20 and 2026年11月20日 are accepted too)',
  'date.noMonth': 'date "{date}" does not exist: there is no month {month}',
  'date.noDay': 'date "{date}" does not exist: {year}-{month} has only {days} days',
  'date.range': 'date "{date}" is outside the range ducha accepts ({min} to {max})',
  'config.tooLong': 'too long: at most {max} characters',
  'config.outOfRange': '"{value}" is out of range: a number from {min} to {max}',
  'config.badStored': 'the value of {key} in the settings file {file} is invalid: {reason}',
  'config.badStored.hint':
    'correct it with ducha config set {key} VALUE, or restore the default with ducha config unset {key}',
  'days.tooMany': '"{value}" is too many days: at most {max}',
  'days.hint': 'give days or weeks, e.g. 7d, 2w or 30 (at most {max} days)',
  'config.outOfRangePositive': '"{value}" is out of range: a number above 0 and at most {max}',
  'config.example': 'for example: ducha config set {key} {example}',
  'store.isDirectory': '{file} is a folder, not a database file',
  'store.isDirectory.hint': '--db (or DUCHA_DB) names the database file itself, e.g. --db ~/inspections/ducha.db',
  'store.notFile': '{file} is not a regular file (a device, pipe or socket) and cannot be a database',
  'store.unreadable': 'cannot read database {file} ({reason})',
  'store.unreadable.hint': "check the file's read permission; it was not changed",
  'store.noDir': 'folder {dir} does not exist; no database was created',
  'store.noDir.hint': 'create the folder first, or check --db for a typo; without --db the database is {file}',
  'store.notFound': 'database {file} not found',
  'store.emptyFile': '{file} is an empty file, not yet a ducha database',
  'store.notFound.hintGiven':
    'check --db or DUCHA_DB for a typo (the default database is {file}); only inspection new, import and the home menu create a database',
  'store.notFound.hintDefault':
    "there is no database yet: ducha inspection new starts an inspection, ducha import takes a colleague's bundle; the database will be {file}",
  'store.readOnlyFolder':
    'cannot open database {file} read-only: its folder cannot be written, and SQLite needs to create the -shm file beside it',
  'store.readOnlyFolder.hint':
    'copy the database (with its -wal file, if any) to a folder that can be written, and open the copy; the file was not changed',
  'store.busy.advice': 'try again when the other process has finished',
  'store.full.advice': 'free some disk space and try again',
  'store.readonly.advice': 'check the write permissions of the file and its folder',
  'store.damaged.advice':
    'run ducha verify to check it; if needed restore a backup (made by ducha backup), or have the file examined',
  'store.outcome.upgradeUndone': 'The upgrade of the database was rolled back; no record in it changed. ',
  'store.outcome.nothingSaved': 'This command changed no record in the database. ',
  'store.outcome.partlySaved':
    'This command saved {n} change(s) before the error; the step that failed was not saved. ',
  'store.damagedInUse': 'database {file} is damaged ({reason})',
  'store.failed': 'a database operation on {file} failed ({reason})',
  'store.failed.advice':
    'this may be a bug in ducha: run ducha verify to check the database, and report this message to the maintainers',
  'evidence.changed':
    'evidence file {path} changed while it was being stored (still being written, or not a plain file); not stored',
  'evidence.changed.hint':
    'add it when it is complete (a recording or download finished), or copy it to a plain file first; nothing of this command was saved',
  'team.bundleBroken.hint':
    'ask the sender to export it again (ducha export): the bundle may have been cut short or changed on the way. Nothing of it was imported',
  'team.importInterrupted': 'import interrupted (Ctrl+C): nothing of {file} was imported',
  'team.interruptedAfterImport':
    'Ctrl+C came after {file} had been imported and saved: everything listed above is in the database',
  'team.interruptedTrusted': '; device {device} is now trusted',
  'team.interruptedAfterDryRun': 'interrupted (Ctrl+C); this was a preview and nothing was written',
  'output.notFile': '{file} is not a regular file (a device, pipe or socket) and cannot be an output file',
  'output.notFile.hint': 'choose an ordinary file name, e.g. feedback.docx; --force does not replace it either',
  'cli.fsError': 'cannot access {path} ({code}, {syscall})',
  'cli.fsError.hint': 'check that the path is right and not too long, and the permissions of the file and its folder',
};
