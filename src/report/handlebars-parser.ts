// The Handlebars parser alone (with its whitespace control): templates are interpreted, so the compiler,
// the runtime and their dependencies are never loaded.
import type {} from 'handlebars'; // the hbs.AST types
// @ts-expect-error: a module inside the package, without type declarations of its own
import { parse as parseTemplate } from 'handlebars/dist/cjs/handlebars/compiler/base.js';

export const parse = parseTemplate as (input: string) => hbs.AST.Program;
