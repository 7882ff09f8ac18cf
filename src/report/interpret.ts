// Renders a template by walking its parsed form (Handlebars' AST, whitespace control applied) instead of
// compiling it to JavaScript: no code is generated, and every lookup goes through own properties only, so
// nothing a template names can reach a prototype. Supports exactly what the template lint allows:
// {{path}}, {{#if}}, {{#unless}}, {{#each}}, {{#with}}, {{else}}, ../, this, @index, @first, @last, @root.

type Node = hbs.AST.Node;

interface Frame {
  value: unknown;
  data?: { index: number; first: boolean; last: boolean };
}

/** Handlebars' emptiness: false, null, undefined, '' and [] (but not 0). */
const isEmpty = (v: unknown) => (!v && v !== 0) || (Array.isArray(v) && v.length === 0);

function walk(value: unknown, parts: readonly string[]): unknown {
  let v = value;
  for (const part of parts) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function resolve(path: hbs.AST.PathExpression, stack: readonly Frame[]): unknown {
  if (path.data) {
    const [head, ...rest] = path.parts;
    if (head === 'root') return walk(stack[0]!.value, rest);
    for (let i = stack.length - 1; i >= 0; i--) {
      const data = stack[i]!.data;
      if (data && head !== undefined && Object.hasOwn(data, head)) return data[head as keyof typeof data];
    }
    return undefined;
  }
  const frame = stack[stack.length - 1 - path.depth];
  return frame ? walk(frame.value, path.parts) : undefined;
}

export function interpret(program: hbs.AST.Program, root: unknown): string {
  let out = '';
  const run = (nodes: readonly Node[], stack: Frame[]): void => {
    for (const node of nodes) {
      if (node.type === 'ContentStatement') out += (node as hbs.AST.ContentStatement).value;
      else if (node.type === 'MustacheStatement') {
        const v = resolve((node as hbs.AST.MustacheStatement).path as hbs.AST.PathExpression, stack);
        if (v !== null && v !== undefined) out += String(v);
      } else if (node.type === 'BlockStatement') {
        const b = node as hbs.AST.BlockStatement;
        const helper = (b.path as hbs.AST.PathExpression).original;
        const v = resolve(b.params[0] as hbs.AST.PathExpression, stack);
        const inverse = () => b.inverse && run(b.inverse.body, stack);
        if (helper === 'if' || helper === 'unless') {
          if (isEmpty(v) === (helper === 'unless')) run(b.program.body, stack);
          else inverse();
        } else if (helper === 'with') {
          if (isEmpty(v)) inverse();
          else run(b.program.body, [...stack, { value: v }]);
        } else if (helper === 'each') {
          if (!Array.isArray(v) || v.length === 0) inverse();
          else v.forEach((item, index) => run(b.program.body, [...stack, { value: item, data: { index, first: index === 0, last: index === v.length - 1 } }]));
        }
      }
      // Comments, and anything else the lint refuses, produce nothing.
    }
  };
  run(program.body, [{ value: root }]);
  return out;
}
