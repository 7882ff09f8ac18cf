// The layers of STYLE.md and CONTRIBUTING.md, checked by dependency-cruiser on every `npm test` (npm run lint):
//   main → cli → inspect · problems · report · review · team · hub → checklist · store → crypto → util · i18n · errors · paths
// An import may point only downward; nothing imports cli/ but main; no cycles; SQLite only in store/, PostgreSQL
// only in hub/, @inquirer only in inspect/prompts.ts. "SQL only in src/store/" is also checked on the text of
// the source (a statement or its SQL anywhere else) by test/store/one-data-layer.test.ts, which dependency-cruiser
// cannot see; test/guard-rails.test.ts proves these rules fail on a planted violation.
const TOP = '^src/(cli/|main\\.ts$|config\\.ts$)'; // config.ts is the CLI's settings file, read only by cli/
const DOMAIN = '^src/(inspect|problems|report|review|team|hub)/';
const LOWER = '^src/(checklist|store)/';
const CRYPTO = '^src/crypto/';
const BASE = '^src/(util/|i18n/|errors\\.ts$|paths\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module depends on itself through others (a cycle closed only by an import of types is allowed: types vanish when compiled).',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'only-main-imports-cli',
      severity: 'error',
      comment: 'Nothing imports src/cli/ but src/main.ts and cli/ itself.',
      from: { path: '^src/', pathNot: '^src/(cli/|main\\.ts$)' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'nothing-imports-main',
      severity: 'error',
      comment: 'src/main.ts is the top: only bin/ducha.js (and tests) load it.',
      from: { path: '^src/' },
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'domain-not-up',
      severity: 'error',
      comment: 'Domain code (inspect, problems, report, review, team, hub) never imports main, cli/ or the CLI settings (config.ts).',
      from: { path: DOMAIN },
      to: { path: TOP },
    },
    {
      name: 'lower-not-up',
      severity: 'error',
      comment: 'checklist/ and store/ never import domain code, cli/ or main.',
      from: { path: LOWER },
      to: { path: `${DOMAIN}|${TOP}` },
    },
    {
      name: 'store-only-checklist-types',
      severity: 'error',
      comment: 'store/ may know checklist types, not checklist code.',
      from: { path: '^src/store/' },
      to: { path: '^src/checklist/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'checklist-not-store',
      severity: 'error',
      comment: 'checklist/ reads files, never the database.',
      from: { path: '^src/checklist/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'crypto-not-up',
      severity: 'error',
      comment: 'crypto/ (the suites every write signs with) imports only itself, i18n/ and errors.ts.',
      from: { path: CRYPTO },
      to: { path: '^src/', pathNot: `${CRYPTO}|^src/(i18n/|errors\\.ts$)` },
    },
    {
      name: 'base-not-up',
      severity: 'error',
      comment: 'util/, i18n/, errors.ts and paths.ts sit below everything: they import only each other.',
      from: { path: BASE },
      to: { path: '^src/', pathNot: BASE },
    },
    {
      name: 'sqlite-only-in-store',
      severity: 'error',
      comment: 'better-sqlite3 is loaded only in store/ (its types may be named elsewhere).',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: '^node_modules/better-sqlite3/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'postgres-only-in-hub',
      severity: 'error',
      comment: 'pg (PostgreSQL) is loaded only in hub/.',
      from: { path: '^src/', pathNot: '^src/hub/' },
      to: { path: '^node_modules/pg/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'inquirer-only-in-prompts',
      severity: 'error',
      comment: '@inquirer is imported only by src/inspect/prompts.ts (so report/ and the rest never prompt).',
      from: { path: '^src/', pathNot: '^src/inspect/prompts\\.ts$' },
      to: { path: '^node_modules/@inquirer/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'commands-not-commands',
      severity: 'error',
      comment:
        'A command file does not import another command file: what two share goes to src/cli/ (or below). ' +
        'A part of one command, named after it (report-readiness.ts for report.ts), is its own.',
      from: { path: '^src/cli/commands/([^/]+)\\.ts$' },
      to: { path: '^src/cli/commands/', pathNot: ['^src/cli/commands/$1\\.ts$', '^src/cli/commands/$1-[^/]+\\.ts$'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves to a file or an installed package.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
