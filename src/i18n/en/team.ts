// English messages of bundles, trust and conflicts.
import type { team as zh } from '../zh/team.js';

export const team: Record<keyof typeof zh, string> = {
  'cli.conflicts.description': 'conflicts: the same thing changed on different devices at once',
  'cli.conflicts.id': 'conflict id',
  'cli.conflicts.list': 'list unresolved conflicts (every value and who set it are kept)',
  'cli.conflicts.resolve':
    'resolve a conflict by choosing one value (recorded as an event); in a terminal, without an id or --take, choose one by one',
  'cli.conflicts.take':
    'the value to keep: its number, the start of its event id, or the value itself (noncompliant, 不符合, 2027-01-31)',
  'cli.export.description': 'export a signed bundle of inspections (with evidence) for the team lead to merge',
  'cli.export.inspections': 'inspection ids to export',
  'cli.export.output': 'bundle file',
  'cli.import.description':
    'import a bundle: signature and every hash checked, then merged in one transaction (importing again changes nothing)',
  'cli.import.dryRun': 'preview what would change and any conflicts; write nothing',
  'cli.import.file': 'bundle file',
  'cli.import.name': "with --trust: the name of the device's owner",
  'cli.import.trust': 'trust the new device key in the bundle (check its fingerprint first)',
  'cli.team.description': "team members' device keys",
  'cli.team.key': "print this device's public key (for the lead's ducha team trust)",
  'cli.team.keyArg': 'the line ducha team key prints, a file holding it, or a bundle the device exported',
  'cli.team.list': 'list the trusted devices',
  'cli.team.name': "the name of the device's owner",
  'cli.team.trust': "trust a device's public key",
  'conflict.badTake': 'conflict {id} ({label}) has no value "{take}"',
  'conflict.kind.conclusion': 'conclusion',
  'conflict.kind.problem': 'problem',
  'conflict.none': 'no unresolved conflicts',
  'conflict.notFound': 'no conflict with id {id}',
  'conflict.notFound.hint': 'ducha conflicts list shows them',
  'conflict.resolved': 'conflict {id} resolved: {value}',
  'event.inspection.created': 'inspection created',
  'event.inspection.checklist-upgraded': 'checklist upgraded',
  'event.record.added': 'records',
  'event.records.imported': 'records imported',
  'event.conclusion.set': 'conclusions',
  'event.problem.created': 'problems created',
  'event.problem.updated': 'problem edits',
  'event.problem.progressed': 'rectification steps',
  'event.register.resolved': 'conflicts resolved',
  'team.badEvent': 'event {n} of bundle {file} is malformed',
  'team.badKey': 'the public key in bundle {file} is not valid',
  'team.badKeyArg': '"{arg}" is not a device key',
  'team.badKeyArg.hint':
    'give the line ducha team key prints (starting ducha-key), a file holding it, or a bundle the device exported',
  'team.badManifest': 'the manifest of bundle {file} cannot be read or was altered',
  'team.badSignature':
    'the signature of bundle {file} is not valid: its content was altered, or another device signed it',
  'team.blobHash': 'file {sha}… in bundle {file} does not match the manifest: the bundle is damaged or altered',
  'team.col.added': 'trusted',
  'team.col.device': 'device',
  'team.col.fingerprint': 'key fingerprint',
  'team.col.name': 'name',
  'team.col.new': 'new',
  'team.col.type': 'what',
  'team.counts': '{events} events, {newEvents} new; {blobs} files, {newBlobs} new',
  'team.dryRunNote': 'this was a preview; nothing was written. Import without --dry-run to apply it.',
  'team.eventHash': 'event {seq} of device {device} in bundle {file} does not match its hash: damaged or altered',
  'team.eventsHash': 'the events of bundle {file} do not match the manifest: damaged or altered',
  'team.exported': 'exported to {file}: {events} events, {blobs} files, {mb} MB',
  'team.fork': 'the chain of device {device} forks at event {seq}: two different events carry that number',
  'team.fork.hint':
    'usually a database copied and used in two places. Nothing was imported; decide which copy is the real one and give the other a new database',
  'team.keyMismatch': 'device {device} signed with a key other than the one trusted',
  'team.keyMismatch.hint':
    'the bundle may be forged; nothing was imported. Compare ducha team key with its owner in person',
  'team.keyNote': 'key fingerprint {fingerprint}: compare it in person or by phone before trusting',
  'team.newConflicts': '{n} conflicts (both values kept; resolve with ducha conflicts resolve):',
  'team.noInspections': 'give the inspections to export',
  'team.notBundle': '{file} is not a ducha bundle',
  'team.ownFork': "the bundle holds this device's event {seq}, which this database lacks: it may be an old copy",
  'team.progress.export': 'exporting {done}/{total} MB',
  'team.progress.import': 'importing {done}/{total} MB',
  'team.self': ' (this device)',
  'team.sizeMismatch':
    'bundle {file} is not the size its manifest says ({claimed} bytes claimed, {actual} present): incomplete or altered',
  'team.tooLarge': 'bundle {file} claims too much content and was refused',
  'team.noSpace':
    "importing bundle {file} needs about {needed} MB of disk space and the database's disk has {free} MB left: nothing was written",
  'team.inspectionIdClash':
    'in bundle {file}, device {device} created inspection {id}, an id an inspection here already has: two laptops happened to choose the same id; nothing was written',
  'team.problemIdClash':
    'in bundle {file}, device {device} created problem {id} in inspection {inspection}, an id a problem here already has: two laptops happened to choose the same id; nothing was written',
  'team.idClash.hint':
    'the id is part of signed records and cannot be changed. This is very rare; give the bundle and a backup of this database (ducha backup) to your technical support. Other bundles are not affected and import as usual',
  'team.noSpace.hint': 'free some disk space, or move the data folder (DUCHA_DATA_DIR) to a larger disk, and try again',
  'team.truncated': 'bundle {file} is incomplete (it ends early)',
  'team.trustSelf': "that is this device's own key",
  'team.trusted': 'trusted device {device} of {name} (fingerprint {fingerprint})',
  'team.trustedNow': 'trusted the new device {device} (fingerprint {fingerprint})',
  'team.unreadable': 'cannot read bundle {file} ({reason})',
  'team.untrusted':
    'the bundle comes from an untrusted device {device} (exported by {actor}, key fingerprint {fingerprint})',
  'team.untrusted.hint':
    'nothing was imported. Preview it with --dry-run; check the fingerprint with {actor}, then ducha team trust the device, or import with --trust --name {actor}',
  'verify.headMissing':
    'event {seq} of device {device}, received earlier, is no longer here: history was cut short or altered',
  // Evidence files encrypted at rest (issue 17)
  'import.unverifiedBlobs':
    '{n} files came encrypted with a data key this database does not hold: kept as they came, their content not checked (each read checks it, once the key is here)',
};
