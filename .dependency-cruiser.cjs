/**
 * Import rules of src/ (issue 12), checked by `npm run lint:imports` in CI (.ci/run):
 *  - core imports no domain module and not the composition root;
 *  - a domain module imports another only through that module's index.ts;
 *  - no cycles (type-only imports count too).
 * Domain modules are the folders of src/ other than core, app and cli.
 */
const DOMAIN = '^src/(?!core/|app/|cli/)([^/]+)/';

module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-domain',
      comment: 'src/core sits under every module: it must not import a domain module or src/app (pass what it needs in, as the module list).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'domain-through-index',
      comment: "A module reaches another only through that module's index.ts (its definition and its public exports).",
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: DOMAIN, pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'domain-not-app-or-cli',
      comment: 'Modules are composed by src/app and run by src/cli; they never import either (their tests may use the CLI).',
      severity: 'error',
      from: { path: DOMAIN, pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(app|cli)/' },
    },
    {
      name: 'no-cycles',
      comment: 'Import cycles make load order fragile; break them by moving the shared part to its own file.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.json'] },
    exclude: { path: '(^|/)node_modules/' },
  },
};
