// English messages of document layout: citations, paper, Markdown flavour, charts and the progress circular.
import type { documents as zh } from '../zh/documents.js';

export const documents: Record<keyof typeof zh, string> = {
  'docs.article': ' Art. {n}',
  'docs.unknownImage':
    'The template\'s image "{target}" cannot be placed in the document: only charts made by ducha can',
  'docs.unknownImage.hint': 'Charts available: {names}',
  'progress.status.closed': 'rectified',
  'progress.status.requested': "largely done, closure requested, awaiting the team's review",
  'progress.status.returned': 'being rectified, the closure request was returned',
  'progress.status.ongoing': 'first results achieved, rectification continues',
  'progress.status.rectifying': 'being rectified',
  'progress.status.open': 'not done, no progress reported yet',
  'progress.status.overdue': ', past its deadline',
  'docs.paperOnlyLedger':
    '--paper applies only to the ledger (--kind ledger); other documents use A4 as GB/T 9704 says',
  'docs.badPaper': 'Paper "{paper}" is not valid: a3 or a4',
  'docs.paperFormat': '--paper applies only to docx and xlsx, not to {format}',
  'docs.badFlavour':
    'Markdown flavour "{flavour}" is not valid: plain (default, for reading) or pandoc (keeps ::: fenced divs for pandoc)',
  'docs.flavourFormat': '--flavour applies only to md, not to {format}',
  'docs.systemsOnlyProgress': '--systems applies only to the progress circular (--kind progress)',
  'docs.badSystems': 'Count of rules "{value}" is not valid: a whole number, 0 or more',
  'docs.badSystems.hint': 'e.g. --systems 3, as the team verified; without it the circular says nothing about rules',
  'docs.emptyTitle': '--title must not be empty',
  'cli.docs.title':
    'the document\'s title instead of the template\'s; | marks where a line breaks, e.g. "关于某县委政法委|贯彻落实《条例》情况的督查反馈意见"',
  'cli.docs.paper': 'paper of the ledger: a3 (default, landscape) or a4 (landscape), for docx and xlsx',
  'cli.docs.flavour': 'Markdown flavour: plain (default, for reading) or pandoc (keeps ::: fenced divs)',
  'cli.docs.systems':
    'the N of 制定完善制度 N 项 in the progress circular (as the team verified; without it the sentence is left out)',
  'report.kind.progress': 'progress circular',
  'chart.common': 'Items most often found lacking',
  'chart.kind': 'Closure rate by unit kind',
  'chart.region': 'Closure rate by region',
  'chart.noFont':
    "Note: this machine has no Chinese font, so the charts' PNG shows no text (Word 2016 and later draw the charts with the reader's fonts); install one and render again, e.g. fonts-noto-cjk on Debian/Ubuntu",
  'summary.sheet.charts': 'Charts',
  'summary.col.closureRate': 'Closure rate',
};
