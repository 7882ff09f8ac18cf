// English messages of confidentiality (each typed against its Chinese counterpart).
import type { privacy as zh } from '../zh/privacy.js';

export const privacy: Record<keyof typeof zh, string> = {
  'privacy.interviewee.single':
    'the interviewee name "{name}" is one character: redacting it would turn every such character into 某某, and not redacting it would reveal the person',
  'privacy.interviewee.role':
    '"{name}" is a role or form of address, not a name: redacting it as a name would turn every "{name}" into 某某',
  'privacy.interviewee.hint':
    'write the full name (e.g. 王某某); to leave the name out, leave it empty and put the role in the subject (--subject, e.g. 办公室主任)',
  'privacy.interviewee.runHint':
    '{message}. Write the full name, or leave it empty (the role goes in the previous question)',
  'privacy.skipped':
    '{n} records have an interviewee name that is one character or a role ({where}); such names cannot be redacted reliably and were not: check that the output does not name these people',
  'privacy.skipped.where': 'inspection {inspection} item {item}',
  'privacy.skipped.more': ' and others',
  'cli.review.reveal': 'show interviewee names in the output (by default they are replaced by 某某 in all text)',
  'cli.importRecords.allowOutside':
    "allow evidence paths outside the records file's folder (absolute paths, .. or links pointing out)",
  'import.outside':
    "the evidence path {path} is outside the records file's folder {dir}; not imported: put the file in that folder and give a relative path, or add --allow-outside-evidence if it must come from elsewhere",
  'import.evidenceAbout':
    'about to store {files} evidence files, {mb} MB in all (files with the same content are stored once)',
};
