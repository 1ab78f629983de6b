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
      name: 'web-module-through-index',
      comment: "A web module (web/src/modules/<name>/) reaches another only through that module's index.ts.",
      severity: 'error',
      from: { path: '^web/src/modules/([^/]+)/' },
      to: { path: '^web/src/modules/[^/]+/', pathNot: ['^web/src/modules/$1/', '^web/src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'web-shell-through-index',
      comment: "The web shell (web/src outside modules/) composes modules from their index.ts files, never their insides.",
      severity: 'error',
      from: { path: '^web/src/(?!modules/)' },
      to: { path: '^web/src/modules/[^/]+/', pathNot: '^web/src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-cycles',
      comment:
        'Import cycles make load order fragile; break them by moving the shared part to its own file. `import type` is erased at load, so a cycle through type-only imports (a service typing the module object it is part of) is not one.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'web-no-static-cycles',
      comment: 'The web app: no cycles of static imports. A lazy page (import()) may reach back to the shell that loads it.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing.',
      severity: 'error',
      from: { path: '^(src|web/src)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
    exclude: { path: '(^|/)node_modules/' },
  },
};
