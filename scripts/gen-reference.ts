// What `npm run docs:commands` writes: the command reference in each language (src/cli/reference.ts) and the
// README's list of error codes between its markers. The freshness test compares these with the files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../src/errors.js';
import { REFERENCE_FILES, commandReference } from '../src/cli/reference.js';
import type { Lang } from '../src/i18n/index.js';

export const CODES_START = '<!-- error-codes: written by npm run docs:commands from ERROR_CODES in src/errors.ts -->';
export const CODES_END = '<!-- /error-codes -->';

/** The README with its error-code list brought up to date; refused when the markers are missing. */
export function readmeWithCodes(readme: string): string {
  const start = readme.indexOf(CODES_START);
  const end = readme.indexOf(CODES_END);
  if (start < 0 || end < start)
    throw new Error(
      `README.md has no error-code list: put the two lines\n${CODES_START}\n${CODES_END}\nin its JSON section`,
    );
  return (
    readme.slice(0, start + CODES_START.length) +
    '\n' +
    ERROR_CODES.map((c) => `\`${c}\``).join(' · ') +
    '\n' +
    readme.slice(end)
  );
}

/** Every generated file (relative path → content) as it should be. */
export async function generatedFiles(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [lang, file] of Object.entries(REFERENCE_FILES) as Array<[Lang, string]>)
    files.set(file, await commandReference(lang));
  files.set('README.md', readmeWithCodes(readFileSync(join(root, 'README.md'), 'utf8')));
  return files;
}

export async function writeReference(root: string): Promise<void> {
  for (const [file, content] of await generatedFiles(root)) {
    const path = join(root, file);
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === content) continue;
    writeFileSync(path, content);
    console.log(`wrote ${file}`);
  }
}
