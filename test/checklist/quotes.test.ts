// Every quote in the shipped checklists is a verified text: it appears verbatim (whitespace removed) in the
// committed copy test/fixtures/domain-quotes.txt, and, where the project's notes are at hand (../shared, read
// only), in ../shared/DOMAIN.md or ../shared/seed/*. Quotes use the official full-width punctuation, as
// DOMAIN.md does; the seed normalised it to half-width, so the seed is compared with that undone. Documents
// print a quote inside “”, so the original's own “” are written ‘’ in a quote (and compared as “”).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/checklist/expand.js';
import { loadChecklistFile } from '../../src/checklist/load.js';
import type { Checklist } from '../../src/checklist/schema.js';
import { FIXTURES, ROOT } from '../helpers/run.js';

/** ../shared beside the repository; a worktree one level deeper (wt/NAME) finds it one level further up. */
const SHARED = [join(ROOT, '..', 'shared'), join(ROOT, '..', '..', 'shared')].find((dir) =>
  existsSync(join(dir, 'DOMAIN.md')),
);

const HALF_TO_FULL: Record<string, string> = { '(': '（', ')': '）', ',': '，', ';': '；', ':': '：' };
/** Whitespace removed; single quotes read as double, since a quote printed inside “” nests the original's “” as ‘’. */
const squeeze = (text: string) => text.replace(/\s+/g, '').replace(/‘/g, '“').replace(/’/g, '”');
/** The seed's half-width punctuation back to the full width of the official text. */
const fullWidth = (text: string) => text.replace(/[(),;:]/g, (c) => HALF_TO_FULL[c]!);

/** Where a quote may come from: each text squeezed, so a quote matches across line breaks. */
function quoteFound(quote: string, texts: readonly string[]): boolean {
  const wanted = squeeze(quote);
  return wanted.length > 0 && texts.some((text) => squeeze(text).includes(wanted));
}

interface Entry {
  where: string;
  text: string;
  line: number;
}

function fixtureEntries(): Entry[] {
  return readFileSync(join(FIXTURES, 'domain-quotes.txt'), 'utf8')
    .split('\n')
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => line.trim() !== '' && !line.startsWith('#'))
    .map(({ line, number }) => {
      const [where, text, ...rest] = line.split('\t');
      if (!where || !text || rest.length > 0) throw new Error(`domain-quotes.txt:${number}: expected WHERE<TAB>TEXT`);
      return { where: where.trim(), text: text.trim(), line: number };
    });
}

const quotesIn = (dir: string) =>
  walk(dir).flatMap((file) => {
    const checklist = loadChecklistFile(file, file).checklist as Checklist;
    return checklist.sections.flatMap((s) =>
      s.items.flatMap((item) =>
        item.basis
          .filter((b) => b.quote !== undefined)
          .map((b) => ({ at: `${checklist.id} ${item.id}`, quote: b.quote! })),
      ),
    );
  });
const quotes = quotesIn(join(ROOT, 'checklists'));
const halfWidth = (list: typeof quotes) => list.filter(({ quote }) => /[(),;:]/.test(quote)).map(({ at }) => at);

describe('quotes in the shipped checklists', () => {
  const entries = fixtureEntries();
  it('there are quotes to check, and the fixture has texts', () => {
    expect(quotes.length).toBeGreaterThanOrEqual(15);
    expect(entries.length).toBeGreaterThanOrEqual(10);
  });
  it("use full-width punctuation, as the official texts and DOMAIN.md do (never the seed's half-width)", () => {
    expect(halfWidth(quotes)).toEqual([]);
    // The 1.0.0 checklists copied the seed's half-width brackets (issue 14): the same check finds them there.
    expect(halfWidth(quotesIn(join(FIXTURES, 'checklists-1.0'))).sort()).toEqual([
      'xieguan-xiecha XG-09',
      'zhengfa-weiyuan WY-01',
      'zhengfa-weiyuan WY-09',
    ]);
  });
  it('each appears verbatim in a verified text copied to test/fixtures/domain-quotes.txt', () => {
    const texts = entries.map((e) => e.text);
    for (const { at, quote } of quotes) expect(quoteFound(quote, texts), `${at}: 「${quote}」`).toBe(true);
  });
  it('the matcher rejects a paraphrase, a half-width bracket and an empty quote, and ignores line breaks', () => {
    const texts = ['乡镇（街道）党组织配备政法委员，在乡镇（街道）党组织领导和县级党委政法委员会指导下\n  开展工作。'];
    expect(quoteFound('在乡镇（街道）党组织领导和县级党委政法委员会指导下开展工作', texts)).toBe(true);
    expect(quoteFound('乡镇(街道)党组织配备政法委员', texts)).toBe(false);
    expect(quoteFound('乡镇（街道）党委配备政法委员', texts)).toBe(false);
    expect(quoteFound(' ', texts)).toBe(false);
    expect(quoteFound('对‘零记录’问题', ['对“零记录”问题突出的'])).toBe(true);
  });
});

describe.skipIf(SHARED === undefined)('against ../shared (read only)', () => {
  const shared = SHARED!;
  const domain = () => readFileSync(join(shared, 'DOMAIN.md'), 'utf8');
  const seed = (name: string) => fullWidth(readFileSync(join(shared, 'seed', name), 'utf8'));
  it('each text of the fixture appears in the file its line names', () => {
    for (const entry of fixtureEntries()) {
      const file = entry.where.split(' ')[0]!;
      const source =
        file === 'DOMAIN.md' ? domain() : file.startsWith('seed/') ? seed(file.slice('seed/'.length)) : undefined;
      expect(source, `domain-quotes.txt:${entry.line} names ${file}`).toBeDefined();
      expect(
        quoteFound(entry.text, [source!]),
        `domain-quotes.txt:${entry.line}: 「${entry.text}」 not in ${file}`,
      ).toBe(true);
    }
  });
  it('each quote of the shipped checklists appears in DOMAIN.md or the seed', () => {
    const texts = [domain(), ...readdirSync(join(shared, 'seed')).map(seed)];
    for (const { at, quote } of quotes) expect(quoteFound(quote, texts), `${at}: 「${quote}」`).toBe(true);
  });
});
