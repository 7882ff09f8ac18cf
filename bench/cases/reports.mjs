// A feedback report (督查反馈意见) with 1,000 problems, to Word: `ducha report --kind feedback --format docx`
// against pandoc converting the same report's Markdown to .docx (target: ratio ≤ 1.0 — ducha lays the
// page out to GB/T 9704 and must still be no slower than a generic converter), both timed as whole
// processes, median of 5, interleaved; and ducha's peak memory (info).
//
// Set-up (untimed, ≈ 2 s): one inspection of a 政法委 on every applicable shipped checklist, 400 records,
// every item concluded, 1,000 problems (those proposed from the conclusions, then more spread over the
// items, descriptions of ~60 characters), some in rectification — built in-process by bench/setup.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compare, progress, row, timeRun } from '../lib.mjs';
import { envFor, loadText, measure, populate, removeScratch, runDucha, scratchDir, sharedBuild } from '../private.mjs';

const PROBLEMS = 1000;
const RUNS = 5;
const PANDOC = '/usr/bin/pandoc';

function checkDocx(file) {
  if (!existsSync(file) || statSync(file).size < 1000 || readFileSync(file).subarray(0, 2).toString('latin1') !== 'PK')
    throw new Error(`${file} is not a .docx`);
  return statSync(file).size;
}

export async function reports() {
  const dir = scratchDir('ducha-bench-reports-');
  try {
    const loadBefore = loadText();
    progress('reports: private build…');
    const { bin, setup } = await sharedBuild();
    progress('reports: building the database…');
    const data = join(dir, 'data');
    const built = populate(setup, 'reports', { db: join(data, 'ducha.db'), problems: PROBLEMS });
    const env = envFor(data);
    const md = join(dir, 'feedback.md');
    const docx = join(dir, 'feedback.docx');
    const peerDocx = join(dir, 'pandoc.docx');
    // A draft: the generated problems repeat descriptions on one item (word-for-word duplicates), which an
    // official document refuses; the draft is made from the same data, through the same checks.
    // --force: each timed run replaces the document, as pandoc replaces its output.
    const report = ['report', built.inspection, '--kind', 'feedback', '--date', '2026-12-01', '--draft', '--force'];

    const made = JSON.parse(runDucha(bin, [...report, '--format', 'md', '-o', md, '--json'], env).stdout);
    if (made.data?.problems !== PROBLEMS)
      throw new Error(`the feedback report holds ${made.data?.problems} problems, expected ${PROBLEMS}`);
    const hasPandoc = existsSync(PANDOC);

    // Untimed first runs: both programs and the database in the page cache, and both outputs checked.
    runDucha(bin, [...report, '--format', 'docx', '-o', docx], env);
    const docxBytes = checkDocx(docx);
    if (hasPandoc) {
      timeRun(PANDOC, [md, '-o', peerDocx], { cwd: dir });
      checkDocx(peerDocx);
    }

    progress(`reports: timing docx against pandoc (${RUNS} each)…`);
    const duchaRun = () =>
      timeRun(process.execPath, [bin, ...report, '--format', 'docx', '-o', docx], { env, cwd: dir });
    const pandocRun = () => timeRun(PANDOC, [md, '-o', peerDocx], { cwd: dir });
    const { a: duchaMs, b: pandocMs } = hasPandoc
      ? compare(RUNS, duchaRun, pandocRun)
      : { a: compare(RUNS, duchaRun, () => 0).a, b: null };

    progress('reports: peak memory…');
    const mem = await measure(process.execPath, [bin, ...report, '--format', 'docx', '-o', docx], { env, cwd: dir });
    const peerMem = hasPandoc ? await measure(PANDOC, [md, '-o', peerDocx], { cwd: dir }) : null;
    const load = `load ${loadBefore} before, ${loadText()} after`;

    return [
      row({
        metric: `report feedback, ${PROBLEMS.toLocaleString('en-US')} problems → .docx, vs pandoc md → docx${hasPandoc ? '' : ' (pandoc unavailable)'}`,
        ducha: duchaMs,
        peer: pandocMs,
        target: 'ratio ≤ 1.0',
        pass: pandocMs !== null && duchaMs / pandocMs <= 1.0,
        note: `median of ${RUNS}, interleaved, process start included; ${(statSync(md).size / 1e3).toFixed(0)} kB Markdown, ducha .docx ${(docxBytes / 1e3).toFixed(0)} kB; ${load}`,
      }),
      row({
        metric: '  peak RSS of that ducha report (pandoc as context)',
        ducha: mem.rssMB,
        peer: peerMem?.rssMB ?? null,
        unit: 'MB',
        target: 'info',
        pass: true,
        note: `one run each, ${mem.method}`,
      }),
      row({
        metric: `  building that database (${built.events.toLocaleString('en-US')} events, untimed set-up)`,
        ducha: built.ms / 1000,
        unit: 's',
        target: 'info',
        pass: true,
      }),
    ];
  } finally {
    removeScratch(dir);
  }
}
