// The layers of STYLE.md, checked on every `npm test` (npm run lint:deps):
//   main → cli → inspect · problems · report · review · team · hub → checklist · store → i18n · errors · util · crypto
// An arrow may point only downward; nothing imports cli/ but main; no cycles; SQLite and the prompt library
// each have one home.
const DOMAIN = '^src/(inspect|problems|report|review|team|hub)/';
const LOWER = '^src/(checklist|store)/';
const BASE = '^src/(i18n|errors\\.ts|util|crypto|paths\\.ts|config\\.ts|generated)';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Modules must not depend on each other in a circle (type-only imports aside).', from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } } },
    { name: 'only-main-imports-cli', severity: 'error', comment: 'Nothing imports cli/ but main and cli itself.', from: { pathNot: '^src/(cli/|main\\.ts)' }, to: { path: '^src/cli/' } },
    { name: 'domain-not-up', severity: 'error', comment: 'Domain code never imports main or cli.', from: { path: DOMAIN }, to: { path: '^src/(cli/|main\\.ts)' } },
    {
      name: 'lower-not-up',
      severity: 'error',
      comment: 'checklist/ and store/ never import domain code or cli (store may know checklist types, not checklist code).',
      from: { path: LOWER },
      to: { path: `${DOMAIN}|^src/(cli/|main\\.ts)` },
    },
    { name: 'store-only-checklist-types', severity: 'error', comment: 'store/ may import checklist types, not checklist code.', from: { path: '^src/store/' }, to: { path: '^src/checklist/', dependencyTypesNot: ['type-only'] } },
    { name: 'checklist-not-store', severity: 'error', comment: 'checklist/ reads files, never the database.', from: { path: '^src/checklist/' }, to: { path: '^src/store/', dependencyTypesNot: ['type-only'] } },
    { name: 'base-not-up', severity: 'error', comment: 'i18n, errors, util and crypto sit below everything.', from: { path: BASE }, to: { path: `${DOMAIN}|${LOWER}|^src/(cli/|main\\.ts)` } },
    { name: 'sqlite-in-store', severity: 'error', comment: 'better-sqlite3 is opened only in store/.', from: { path: '^src/', pathNot: '^src/store/' }, to: { path: 'better-sqlite3', dependencyTypesNot: ['type-only'] } },
    { name: 'inquirer-in-prompts', severity: 'error', comment: '@inquirer is imported only by inspect/prompts.ts.', from: { path: '^src/', pathNot: '^src/inspect/prompts\\.ts$' }, to: { path: '@inquirer', dependencyTypesNot: ['type-only'] } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
