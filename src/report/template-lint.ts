// `ducha template lint`: parses a template and reports, with line and column, every field the report
// model does not have, every helper that is not one of the four logic-less blocks, and any partial.
import { parse } from './handlebars-parser.js';
import { t } from '../i18n/index.js';
import { closest } from '../checklist/suggest.js';
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

interface Scope {
  shape: Shape;
  /** Inside #each: @index, @first, @last, @key are defined. */
  loop: boolean;
}

export function lintTemplate(source: string, root: Shape = MODEL_SHAPE): TemplateProblem[] {
  let ast: hbs.AST.Program;
  try {
    ast = parse(source);
  } catch (error) {
    const message = (error as Error).message;
    const m = /line (\d+)/.exec(message);
    return [{ line: m ? Number(m[1]) : 1, column: 1, message: t('template.syntax', { detail: message.split('\n')[0]! }) }];
  }
  const problems: TemplateProblem[] = [];
  const at = (node: Node) => ({ line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 });
  const report = (node: Node, message: string) => problems.push({ ...at(node), message });

  /** The shape a path names in the current scopes, or undefined (and a problem) if it names nothing. */
  function resolve(path: hbs.AST.PathExpression, scopes: Scope[]): Shape | undefined {
    if (path.data) {
      const [head, ...rest] = path.parts;
      if (head === 'root') return walk(path, root, rest);
      if (EACH_DATA.has(head ?? '') && rest.length === 0 && scopes.some((s) => s.loop)) return 'value';
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
        report(path, t('template.unknownField', { name: path.original }) + (guess ? t('template.didYouMean', { name: guess }) : ''));
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
          if (m.params.length > 0 || m.hash) report(m, t('template.helper', { name: pathName(m.path) }));
          else if (m.path.type === 'PathExpression') {
            const shape = resolve(m.path as hbs.AST.PathExpression, scopes);
            if (shape !== undefined && shape !== 'value') report(m, t('template.notValue', { name: pathName(m.path) }));
          } else report(m, t('template.literal'));
          break;
        }
        case 'BlockStatement': {
          const b = node as hbs.AST.BlockStatement;
          const helper = pathName(b.path);
          if (!(BLOCK_HELPERS as readonly string[]).includes(helper) || b.params.length !== 1 || b.params[0]!.type !== 'PathExpression') {
            report(b, t('template.helper', { name: helper }));
            break;
          }
          const shape = resolve(b.params[0] as hbs.AST.PathExpression, scopes);
          let inner: Scope[] = scopes;
          if (helper === 'each') {
            if (shape !== undefined && !Array.isArray(shape)) report(b, t('template.notList', { name: pathName(b.params[0]!) }));
            inner = [...scopes, { shape: Array.isArray(shape) ? (shape as readonly [Shape])[0] : 'value', loop: true }];
          } else if (helper === 'with') {
            inner = [...scopes, { shape: shape ?? 'value', loop: scopes[scopes.length - 1]!.loop }];
          }
          visit(b.program.body, inner);
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

  visit(ast.body, [{ shape: root, loop: false }]);
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

function pathName(node: hbs.AST.Expression): string {
  return node.type === 'PathExpression' ? (node as hbs.AST.PathExpression).original : node.type;
}
