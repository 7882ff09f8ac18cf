// Hostile YAML for the limit tests: deep nesting in every YAML style, and alias bombs, built around a valid
// checklist so that only the limits can refuse them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './run.js';

export const MINIMAL = readFileSync(join(FIXTURES, 'checklists', 'valid', 'minimal.yaml'), 'utf8');
/** The valid minimal checklist under another id. */
export const valid = (id: string) => MINIMAL.replace(/^id: .*$/m, `id: ${id}`);
export const HEAD = valid('bomb').split('sections:')[0]!;

/** 5,000 nested sequences in 10 KB, in the three ways YAML can nest. */
export const DEEP = {
  flow: `${HEAD}description: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  block: `${HEAD}description:\n${Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}-`).join('\n')} x\n`,
  compact: `${HEAD}description: \n  ${'- '.repeat(5000)}x\n`,
  map: `${HEAD}description: ${'{a: '.repeat(5000)}x${'}'.repeat(5000)}\n`,
};

/** Anchors each ten times the one before: `levels` of them stand for 10^levels nodes. */
export function laughs(levels: number, leaf = '坏'): string {
  const lines = [`x0: &a0 [${Array(10).fill(leaf).join(', ')}]`];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `x${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${HEAD}${lines.join('\n')}\nsections: [*a${levels}]\n`;
}

/**
 * `sections × perSection` items with schema errors, from a few hundred bytes of aliases: one item, a list of
 * `perSection` aliases to it, a section naming that list, and `sections` aliases to the section.
 */
export function aliasedItems(sections: number, perSection: number): string {
  return [
    HEAD + 'item: &i {title: 坏, chek: 拼错}',
    `list: &l [${Array(perSection).fill('*i').join(', ')}]`,
    'section: &s {id: A, title: 别名, items: *l}',
    `sections: [${Array(sections).fill('*s').join(', ')}]`,
    '',
  ].join('\n');
}
