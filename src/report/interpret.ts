// Renders a template by walking its parsed form (Handlebars' AST, whitespace control applied) instead of
// compiling it to JavaScript: no code is generated, and every lookup goes through own properties only, so
// nothing a template names can reach a prototype. For what the template lint accepts — {{path}}, #if,
// #unless, #each, #with, else, ../, this, @index, @key, @first, @last, @root, @../ — the output is what
// Handlebars 4.7 gives with noEscape (a differential test holds it to that): its truthiness, its context
// stack for ../ (a block whose context equals the current one adds no level), its data frames for @ names,
// and its placeholder context where the current one is null. The work is bounded: past MAX_OUTPUT characters
// or MAX_STEPS nodes visited it stops with a clear error instead of hanging or running out of memory.
import { InputError } from '../errors.js';
import { t } from '../i18n/index.js';

type Node = hbs.AST.Node;

/** Characters of output a template may produce (a 1,000-problem report is well under a million). */
export const MAX_OUTPUT = 8_000_000;
/** Nodes a template may visit, loops unrolled. */
export const MAX_STEPS = 10_000_000;

/** What Handlebars passes to a block when the current context is null or undefined (`container.nullContext`). */
const NULL_CONTEXT = Object.seal({});

/**
 * A data frame: the root one holds @root; each #each adds one holding @key, @index, @first, @last and @root
 * (Handlebars' createFrame copies the parent's values, and an #each frame sets all four of its own).
 */
interface DataFrame {
  readonly parent?: DataFrame;
  readonly root: unknown;
  readonly loop?: {
    readonly key: string | number;
    readonly index: number;
    readonly first: boolean;
    readonly last: boolean;
  };
}

/** Handlebars' `depths`, as a list: the innermost context that added a level first; ../ reads the next. */
interface Depth {
  readonly value: unknown;
  readonly up?: Depth;
}

interface Scope {
  /** The current context (`this`). */
  context: unknown;
  depths: Depth;
  data: DataFrame;
}

/** Handlebars' isEmpty: false, null, undefined, '' and [] — but not 0. */
const isEmpty = (v: unknown) => (!v && v !== 0) || (Array.isArray(v) && v.length === 0);

function walk(value: unknown, parts: readonly string[]): unknown {
  let v = value;
  for (const part of parts) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function resolve(path: hbs.AST.PathExpression, scope: Scope): unknown {
  if (path.data) {
    // @name reads the data frame, @../name the one before it (each #each adds one; #with and #if do not).
    let frame: DataFrame | undefined = scope.data;
    for (let d = 0; d < path.depth && frame; d++) frame = frame.parent;
    const [head, ...rest] = path.parts;
    if (!frame) return undefined;
    if (head === 'root') return walk(frame.root, rest);
    return frame.loop && (head === 'key' || head === 'index' || head === 'first' || head === 'last')
      ? walk(frame.loop[head], rest)
      : undefined;
  }
  if (path.depth === 0) return walk(scope.context, path.parts);
  let depth: Depth | undefined = scope.depths;
  for (let d = 0; d < path.depth && depth; d++) depth = depth.up;
  return depth ? walk(depth.value, path.parts) : undefined;
}

/** The scope of a block's body run with `context`, as Handlebars' wrapProgram makes it. */
function enter(scope: Scope, context: unknown, data = scope.data): Scope {
  const top = scope.depths.value;
  // Loose comparison, as Handlebars does it (`context != depths[0]`).
  // eslint-disable-next-line eqeqeq -- Handlebars' loose comparison, on purpose
  const adds = context != top && !(context === NULL_CONTEXT && top === null);
  return { context, depths: adds ? { value: context, up: scope.depths } : scope.depths, data };
}

/** A value as Handlebars appends it (`'' + value`); an object without a prototype, which it cannot print, as an object. */
function text(v: unknown): string {
  try {
    return String(v);
  } catch {
    return '[object Object]';
  }
}

/** Handlebars' `this` inside a helper: the current context, or the placeholder when it is null. */
const self = (scope: Scope) => (scope.context === null || scope.context === undefined ? NULL_CONTEXT : scope.context);

export function interpret(program: hbs.AST.Program, root: unknown): string {
  const parts: string[] = [];
  let length = 0;
  let steps = 0;
  const emit = (text: string) => {
    length += text.length;
    if (length > MAX_OUTPUT)
      throw new InputError(t('template.outputTooLarge', { max: MAX_OUTPUT.toLocaleString('en') }), {
        code: 'template-limits',
      });
    parts.push(text);
  };
  const step = () => {
    if (++steps > MAX_STEPS)
      throw new InputError(t('template.tooMuchWork', { max: MAX_STEPS.toLocaleString('en') }), {
        code: 'template-limits',
      });
  };
  const run = (program: hbs.AST.Program | undefined, scope: Scope): void => {
    for (const node of program?.body ?? []) {
      step();
      visit(node, scope);
    }
  };
  const visit = (node: Node, scope: Scope): void => {
    if (node.type === 'ContentStatement') emit((node as hbs.AST.ContentStatement).value);
    else if (node.type === 'MustacheStatement') {
      const v = resolve((node as hbs.AST.MustacheStatement).path as hbs.AST.PathExpression, scope);
      if (v !== null && v !== undefined) emit(text(v));
    } else if (node.type === 'BlockStatement') block(node as hbs.AST.BlockStatement, scope);
    // Comments, and anything else the lint refuses, produce nothing.
  };
  const block = (b: hbs.AST.BlockStatement, scope: Scope): void => {
    const helper = (b.path as hbs.AST.PathExpression).original;
    const v = resolve(b.params[0] as hbs.AST.PathExpression, scope);
    const inverse = () => run(b.inverse, enter(scope, self(scope)));
    if (helper === 'if' || helper === 'unless') {
      const falsy = !v || isEmpty(v);
      if (falsy === (helper === 'unless')) run(b.program, enter(scope, self(scope)));
      else inverse();
    } else if (helper === 'with') {
      if (isEmpty(v)) inverse();
      else run(b.program, enter(scope, v));
    } else if (helper === 'each') {
      // Arrays by index, other objects by key (Handlebars iterates both); anything else is empty.
      const list = v && typeof v === 'object' ? v : undefined;
      const keys = list === undefined ? [] : Array.isArray(list) ? undefined : Object.keys(list);
      const count = keys ? keys.length : (list as unknown[]).length;
      if (count === 0) return inverse();
      for (let index = 0; index < count; index++) {
        step();
        const key = keys ? keys[index]! : index;
        const loop = { key, index, first: index === 0, last: index === count - 1 };
        run(
          b.program,
          enter(scope, (list as Record<string | number, unknown>)[key], {
            parent: scope.data,
            root: scope.data.root,
            loop,
          }),
        );
      }
    }
  };
  run(program, { context: root, depths: { value: root }, data: { root } });
  return parts.join('');
}
