// `ducha template lint`: parses a template and reports, with line and column, every field the report
// model does not have, every helper that is not one of the four logic-less blocks, any partial, block
// parameters and arguments — so that what it accepts renders as Handlebars renders it — and blocks nested
// deeper than MAX_BLOCK_DEPTH, which is checked before parsing (Handlebars' parser slows down and then runs
// out of stack on deep nesting).
import { parse } from './handlebars-parser.js';
import { t } from '../i18n/index.js';
import { closest } from '../util/closest.js';
import { MODEL_SHAPE, type Shape } from './model-shape.js';

type Node = hbs.AST.Node;
type Statement = hbs.AST.Statement;

export interface TemplateProblem {
  line: number;
  column: number;
  message: string;
}

export const BLOCK_HELPERS = ['if', 'unless', 'each', 'with'] as const;
const EACH_DATA = new Set(['index', 'first', 'last', 'key']);
/** Handlebars' built-in helpers: `{{name}}` alone calls one of these before looking at the data. */
const HELPER_NAMES = new Set(['blockHelperMissing', 'each', 'helperMissing', 'if', 'log', 'lookup', 'unless', 'with']);
/** Blocks (and `else if` chains) nested in one another; the shipped templates use four. */
export const MAX_BLOCK_DEPTH = 20;

interface Scope {
  shape: Shape;
  /** The data frames (@index, @key, @first, @last) open here: one per enclosing #each. */
  frames: number;
}

export function lintTemplate(source: string, root: Shape = MODEL_SHAPE): TemplateProblem[] {
  const deep = tooDeep(source);
  if (deep) return [{ ...deep, message: t('template.nesting', { max: MAX_BLOCK_DEPTH }) }];
  let ast: hbs.AST.Program;
  try {
    ast = parse(source);
  } catch (error) {
    const message = (error as Error).message;
    const m = /line (\d+)/.exec(message);
    return [
      { line: m ? Number(m[1]) : 1, column: 1, message: t('template.syntax', { detail: message.split('\n')[0]! }) },
    ];
  }
  const problems: TemplateProblem[] = [];
  const at = (node: Node) => ({ line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 });
  const report = (node: Node, message: string) => problems.push({ ...at(node), message });

  /** The shape a path names in the current scopes, or undefined (and a problem) if it names nothing. */
  function resolve(path: hbs.AST.PathExpression, scopes: Scope[]): Shape | undefined {
    if (path.data) {
      // @../name reads the data frame before the current one: it must exist, and only an #each frame has
      // more than @root.
      const [head, ...rest] = path.parts;
      const frame = scopes[scopes.length - 1]!.frames - path.depth;
      if (head === 'root' && frame >= 0) return walk(path, root, rest);
      if (EACH_DATA.has(head ?? '') && rest.length === 0 && frame > 0) return 'value';
      report(path, t('template.unknownData', { name: path.original }));
      return undefined;
    }
    const scope = scopes[scopes.length - 1 - path.depth];
    if (!scope) {
      report(path, t('template.tooDeep', { name: path.original }));
      return undefined;
    }
    return walk(path, scope.shape, path.parts);
  }

  function walk(path: hbs.AST.PathExpression, start: Shape, parts: readonly string[]): Shape | undefined {
    let shape: Shape = start;
    for (const part of parts) {
      if (shape === 'value' || Array.isArray(shape)) {
        report(path, t('template.notObject', { name: path.original, part }));
        return undefined;
      }
      const fields = shape as Record<string, Shape>;
      if (!Object.hasOwn(fields, part)) {
        const guess = closest(part, Object.keys(fields));
        report(
          path,
          t('template.unknownField', { name: path.original }) +
            (guess ? t('template.didYouMean', { name: guess }) : ''),
        );
        return undefined;
      }
      shape = fields[part]!;
    }
    return shape;
  }

  function visit(nodes: readonly Statement[], scopes: Scope[]): void {
    for (const node of nodes) {
      switch (node.type) {
        case 'MustacheStatement': {
          const m = node as hbs.AST.MustacheStatement;
          if (m.params.length > 0 || m.hash || isHelperCall(m.path))
            report(m, t('template.helper', { name: pathName(m.path) }));
          else if (m.path.type === 'PathExpression') {
            const shape = resolve(m.path as hbs.AST.PathExpression, scopes);
            if (shape !== undefined && shape !== 'value') report(m, t('template.notValue', { name: pathName(m.path) }));
          } else report(m, t('template.literal'));
          break;
        }
        case 'BlockStatement': {
          const b = node as hbs.AST.BlockStatement;
          const helper = pathName(b.path);
          if (
            !(BLOCK_HELPERS as readonly string[]).includes(helper) ||
            b.params.length !== 1 ||
            b.params[0]!.type !== 'PathExpression'
          ) {
            report(b, t('template.helper', { name: helper }));
            break;
          }
          if (b.hash) report(b, t('template.blockHash', { name: helper }));
          if (b.program?.blockParams?.length || b.inverse?.blockParams?.length) report(b, t('template.blockParams'));
          const shape = resolve(b.params[0] as hbs.AST.PathExpression, scopes);
          const current = scopes[scopes.length - 1]!;
          let inner: Scope[] = scopes;
          if (helper === 'each') {
            if (shape !== undefined && !Array.isArray(shape))
              report(b, t('template.notList', { name: pathName(b.params[0]!) }));
            inner = [
              ...scopes,
              { shape: Array.isArray(shape) ? (shape as readonly [Shape])[0] : 'value', frames: current.frames + 1 },
            ];
          } else if (helper === 'with') {
            inner = [...scopes, { shape: shape ?? 'value', frames: current.frames }];
          }
          // `{{^if x}}…{{/if}}` has only an inverse.
          if (b.program) visit(b.program.body, inner);
          if (b.inverse) visit(b.inverse.body, scopes);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement':
        case 'DecoratorBlock':
        case 'Decorator':
          report(node, t('template.partial'));
          break;
        default:
          break; // content and comments
      }
    }
  }

  visit(ast.body, [{ shape: root, frames: 0 }]);
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `{{name}}` alone, where name is a built-in helper: Handlebars would call the helper. */
function isHelperCall(path: hbs.AST.Expression): boolean {
  if (path.type !== 'PathExpression') return false;
  const p = path as hbs.AST.PathExpression;
  return (
    !p.data &&
    p.depth === 0 &&
    p.parts.length === 1 &&
    !/^(this|\.)\b/.test(p.original) &&
    HELPER_NAMES.has(p.parts[0]!)
  );
}

/**
 * Where blocks first nest deeper than MAX_BLOCK_DEPTH, found in the raw text: each `{{#name` or `{{^name`
 * opens a level, each `{{else name` adds one to the block it is in (a chain nests in Handlebars' tree), each
 * `{{/` closes a block and its chain. Comments are skipped; it may count too many, never too few.
 */
function tooDeep(source: string): { line: number; column: number } | undefined {
  const text = source.replace(/\{\{!--[\s\S]*?--~?\}\}|\{\{~?![\s\S]*?\}\}/g, (c) => c.replace(/[^\n]/g, ' '));
  const stack: number[] = [];
  let depth = 0;
  for (const m of text.matchAll(/\{\{~?\s*(#[>*]?|\^|\/|else(?=[\s~}]))\s*([^\s}~]*)/g)) {
    const [, kind, name] = m;
    if (kind === '/') depth -= stack.pop() ?? 0;
    else if (kind === 'else' || (kind === '^' && name === '')) {
      if (name === '' || stack.length === 0) continue; // a plain else
      stack[stack.length - 1]!++;
      depth++;
    } else {
      stack.push(1);
      depth++;
    }
    if (depth > MAX_BLOCK_DEPTH) {
      const before = source.slice(0, m.index);
      const line = before.split('\n').length;
      return { line, column: m.index! - before.lastIndexOf('\n') };
    }
  }
  return undefined;
}

function pathName(node: hbs.AST.Expression): string {
  return node.type === 'PathExpression' ? (node as hbs.AST.PathExpression).original : node.type;
}
