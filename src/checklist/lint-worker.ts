// Worker-thread entry for large lint runs: summarises its share of the files and posts the summaries back.
import { parentPort, workerData } from 'node:worker_threads';
import { loadLang, type Lang } from '../i18n/index.js';
import type { FoundFile } from './expand.js';
import { summariseFile } from './lint.js';

const { files, lang, maxProblems } = workerData as { files: FoundFile[]; lang: Lang; maxProblems: number };
await loadLang(lang);
parentPort!.postMessage(files.map((f) => summariseFile(f, maxProblems)));
