// ESLint for `npm run lint`: eslint's and typescript-eslint's recommended rules (not the type-checked set: tsc
// already checks types in `npm test`) over src/, test/, bench/, scripts/ and bin/; formatting is prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's globals that the plain JavaScript files (bench, scripts, bin) use; TypeScript files are checked by tsc. */
const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'Buffer',
    'console',
    'URL',
    'URLSearchParams',
    'TextDecoder',
    'TextEncoder',
    'AbortController',
    'AbortSignal',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'queueMicrotask',
    'structuredClone',
    'performance',
    'fetch',
    'globalThis',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist.next/**',
      'dist.old/**',
      'src/generated/**',
      'node_modules/**',
      'coverage/**',
      '.tmp/**',
      'bench/out/**',
      'docs/**',
    ],
  },
  {
    files: [
      'src/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.{ts,mjs,js}',
      'scripts/**/*.{ts,mjs,js}',
      'bin/**/*.js',
      '*.{ts,js}',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: NODE_GLOBALS },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter or binding kept on purpose (a callback's position, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `cond && f()` and `a ? f() : g()` as statements are house style; a bare expression is still an error.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // `==` only against null (which also matches undefined); anything else is a bug or needs a comment saying why.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['**/*.ts'],
    // tsc resolves every name in TypeScript (with the DOM-free lib of tsconfig.json); no-undef only repeats it, wrongly for types.
    rules: { 'no-undef': 'off' },
  },
);
