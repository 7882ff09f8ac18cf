// English messages of the team lead's work: who did what, imports in plain words, conflicts and their
// resolution, problems that follow the merge, and documents made only from settled data.
import type { lead as zh } from '../zh/lead.js';

export const lead: Record<keyof typeof zh, string> = {
  'field.description': 'description',
  'field.items': 'items',
  'field.methods': 'methods',
  'field.severity': 'severity',
  'field.rectification': 'rectification requirement',
  'field.type': 'rectification type',
  'field.unit': 'responsible unit',
  'field.leader': 'responsible leader',
  'field.person': 'responsible person',
  'field.deadline': 'deadline',
  'field.measures': 'measures',
  'field.mergedInto': 'merged into',
  'field.status': 'rectification status',
  'field.empty': '(empty)',
  'field.mergedIntoValue': 'merged into problem {id}',

  'conflict.label.conclusion': 'the conclusion of item {item}',
  'conflict.label.problem': 'problem {id}: {field}',
  'field.method': 'method',
  'field.subject': 'subject',
  'field.interviewee': 'interviewee',
  'field.note': 'note',
  'field.withdrawn': 'withdrawal',
  'field.feedback': 'feedback date',
  'conflict.label.record': 'the {field} of record {id}',
  'conflict.label.inspection': "the inspection's {field}",
  'conflict.kind.status': 'status',
  'conflict.headLine': '{n}. {value} ({actor}, {at})',
  'conflict.takeHint': 'choose with --take and the number, e.g. ducha conflicts resolve {id} --take 1. The values:',
  'conflict.ambiguousTake': '"{take}" matches {n} different values of conflict {id}; nothing was changed',
  'conflict.ambiguousId': 'several conflicts have ids starting with {id}',
  'conflict.resolvedTitle': 'Resolved conflicts:',
  'conflict.openTitle': 'Open conflicts:',
  'conflict.resolvedLine': '{id}  {label}  {inspection}',
  'conflict.resolvedBy': '    resolved by {actor} at {at}, taking: {value}',
  'conflict.chosenMark': ' (taken)',
  'conflict.noneAll': 'no conflicts, neither open nor resolved',
  'conflict.pick': '{label}: which value?',
  'conflict.skip': 'leave it for now',
  'conflict.needsTake': 'choose the value of conflict {id} ({label}) with --take',
  'conflict.needsId': 'give the id of the conflict to resolve',
  'conflict.needsId.hint':
    'ducha conflicts list shows the open conflicts; in a terminal, ducha conflicts resolve walks through them',
  'conflict.skipped': 'conflict {id} left open',

  'import.head': 'imported the bundle of {who} ({inspections})',
  'import.headDry': 'preview of the bundle of {who} ({inspections})',
  'import.who.known': '{name}',
  'import.who.unknown': '{exporter} (device {device}, not trusted yet)',
  'import.inspection': 'inspection {id} "{title}"',
  'import.device': 'device {device}, key fingerprint {fingerprint}, exported by {exporter}',
  'import.trustedNow': 'trusted a new device: {name} (device {device}, fingerprint {fingerprint})',
  'import.willTrust': 'would trust a new device: {name} (device {device}, fingerprint {fingerprint})',
  'import.untrustedPreview':
    'this device is not trusted yet: check the fingerprint above with {exporter}, then ducha team trust {file} --name {exporter}, or import with --trust --name {exporter}',
  'import.nameKept':
    'this device is already trusted as "{kept}"; --name {given} did not rename it. To rename: ducha team trust {file} --name {given}',
  'import.duplicates': 'Some problems cover the same item as others:',
  'import.duplicateExact': '  item {item}: problems {ids} say the same → {command}',
  'import.duplicateSame': '  item {item}: problems {ids} differ; check whether they are one problem; if so → {command}',
  'import.mergeOffer': 'merge the problems {ids} of item {item} (keeping {keep})?',
  'import.merged': 'merged: {others} into {keep}',

  'team.trustRenamed': 'device {device} was trusted as "{previous}", now named "{name}" (fingerprint {fingerprint})',
  'team.trustSame': 'device {device} is already trusted as "{name}" (fingerprint {fingerprint}); nothing changed',
  'team.selfNoName': '(no name set: ducha config set name NAME)',
  'team.history.none': 'no bundle has been imported into this database',
  'team.history.line':
    '{importedAt}  bundle of {who} {file}: exported by {exporter} at {exportedAt}, imported by {importedBy}',
  'team.history.inspections': '    inspections: {list}',
  'team.history.brought': '    brought: {what}',
  'team.history.files': '{n} evidence and other files',
  'team.history.nothingNew': 'nothing new (all imported before)',
  'team.history.unknown': '(details not recorded at the time) {n} new events',
  'team.history.note':
    'Import receipts live only in this database: they are not part of the signed history and never travel in a bundle.',
  'team.exportedWhich': 'inspection {id} "{title}"',

  'recordList.none': 'no records match',
  'recordList.head': '{id}  {item} {method}  {at}  recorded by {actor} · device {device}',
  'recordList.deviceOwn': '{name} (this device)',
  'recordList.deviceUnknown': "{device} (not trusted; relayed in another device's bundle)",
  'recordList.evidence': '    evidence: {list}',
  'recordList.actorDiffers': '    ⚠ recorder "{actor}" differs from the device\'s name "{name}"',
  'recordList.duplicate': '    ⚠ exactly the same as record {ids} (entered twice?)',
  'recordList.count': '{n} records',
  'recordList.evidenceHint': 'to get an evidence file out: ducha evidence get HASH -o FILE',

  'evidenceList.none': 'inspection {id} has no evidence files',
  'evidenceList.col.hash': 'hash (first 12)',
  'evidenceList.col.name': 'file',
  'evidenceList.col.size': 'size',
  'evidenceList.col.of': 'cited by',
  'evidenceList.col.actor': 'added by',
  'evidenceList.col.at': 'time',
  'evidenceList.ofRecord': 'record {id} ({item} {method})',
  'evidenceList.ofStep': 'problem {id}: {step}',

  'record.duplicate':
    'note: this record is exactly the same as {ids} (same item, method, note and subject); if entered twice, it is counted twice in the methods summary',
  'record.duplicate.hint': "the item's records: ducha record list {inspection} --item {item}",
  'record.evidenceLine': '  evidence {name}  {hash}',

  'problem.notLead':
    "note: this inspection was created on {creator}'s device. Only the team lead should propose problems: problems proposed on several laptops are duplicates once merged",
  'problem.duplicatesFound': 'This inspection has several problems on the same item:',
  'problem.followed': 'problem {id} rewritten from the chosen conclusion: {fields}',
  'problem.kept': 'problem {id} kept as it is (recorded as checked)',
  'problem.notStale': 'problem {id} has no conclusion change to follow',
  'follow.cannot':
    'the chosen conclusion is neither partial nor noncompliant: problem {id} cannot be rewritten from it',
  'follow.cannot.hint':
    'if the problem still stands: ducha problem follow {id} --keep; otherwise merge it into another problem of the item',
  'follow.pick': 'problem {id} ({description}) was made from a conclusion that was not chosen. What to do?',
  'follow.choice.follow': 'rewrite it from the chosen conclusion: {chosen}',
  'follow.choice.merge': 'merge it into problem {target}',
  'follow.choice.keep': 'keep it as it is (checked)',
  'follow.choice.later': 'later',
  'follow.found': 'These problems were made from a conclusion that was not chosen:',

  'settled.refused': 'the {kind} cannot be made as an official document: {n} things are not settled',
  'settled.refused.hint':
    'settle each, then make it again (in a terminal you are offered to settle them); or add --draft for a draft marked 征求意见稿 in its title',
  'settled.conflict': 'conflict {id}: {label}',
  'settled.stale':
    'problem {id} (item {item}) was made from {actor}\'s conclusion "{from}"; the conflict was resolved with "{chosen}"',
  'settled.stale.follow': 'rewrite it from the chosen conclusion: ducha problem follow {id}',
  'settled.stale.merge': "merge it into the item's other problem: {command}",
  'settled.stale.keep': 'keep it as it is, after checking: ducha problem follow {id} --keep',
  'settled.duplicates': 'item {item} has {n} problems saying the same: {ids}',
  'settled.otherConflicts': '{n} more conflicts do not touch this document: {labels}',
  'settled.sameItem': 'item {item} has several problems: {ids} (they differ; if they are one: {command})',
  'settled.duplicateRecords':
    'item {item} has {n} identical "{method}" records ({ids}), counted twice in the methods summary',
  'settled.remark.stale': 'made from a conclusion that was not chosen; to be checked',
  'settled.remark.duplicate': 'duplicate of problem {id}; to be merged',
  'settled.draft': 'draft written (征求意见稿): {n} things are not settled; settle them before the final version',
  'settled.notes': 'note:',
  'settled.offer': '{n} things are not settled. Settle them one by one now?',
  'settled.mergeOffer': 'merge the problems {ids} of item {item} (keeping {keep})?',

  'draft.mark': '（征求意见稿）',
  'draft.csv': 'a CSV file has no title to mark it as a draft (征求意见稿)',
  'draft.csv.hint': 'use xlsx, docx or md for a draft',

  'cli.record.list': 'list records: recorder, device and its trusted name, method, time, evidence names and hashes',
  'cli.record.listItem': 'only the records of this item',
  'cli.record.by': "only this person's records (recorder or device name)",
  'cli.record.reveal': 'show interviewee names',
  'cli.evidence.list': 'list every evidence file of an inspection: name, hash, size, where cited',
  'cli.team.history': 'import history: which bundle, from whom, when, and what it brought',
  'cli.conflicts.all': 'also list resolved conflicts: by whom, when, and which value was taken',
  'cli.problem.follow':
    'follow a resolved conflict: rewrite the problem from the chosen conclusion, or --keep it as it is',
  'cli.problem.keep': 'keep it as it is, after checking (records the decision)',
  'cli.report.draft':
    'make it even when the data is not settled (conflicts, duplicate problems), marked 征求意见稿 in its title',
  'cli.team.flow': `How a team lead and members work:
  1. Trust each other (required): each member runs ducha team key and gives the printed line to the lead,
     who checks the fingerprint in person or by phone and runs ducha team trust 李四.key --name 李四.
     Members trust the lead's and each other's devices the same way: every device's records in a bundle are
     checked with that device's own key, also those the lead relays.
  2. The lead creates the inspection and shares it: ducha export 7k3m9q -o start.ducha; members ducha import start.ducha.
  3. Everyone records: ducha run, ducha record, ducha conclude. Only the lead proposes problems
     (ducha problem propose): problems proposed on several laptops are duplicates once merged.
  4. Members export for the lead, encrypted: ducha export -o 李四-1127.ducha --to 组长 (only the lead's device can
     import it; the most recent inspection by default).
  5. The lead previews, then imports: ducha import 李四-1127.ducha --dry-run, then ducha import 李四-1127.ducha.
  6. Conflicts: ducha conflicts list; ducha conflicts resolve ID --take N (a choice in a terminal).
     After a conclusion conflict, problems made from the value not chosen are flagged: ducha problem follow ID.
  7. Who did what: ducha record list, ducha evidence list, ducha team history, ducha conflicts list --all.
  8. Official documents: ducha report …; refused while conflicts or duplicate problems are open, unless --draft (征求意见稿).`,
};
