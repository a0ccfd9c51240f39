// Module boundaries of the mobile BFF, checked in CI by `npm run lint`
// (`depcruise apps libs --config .dependency-cruiser.cjs`). See docs/architecture.md.
//
// Group matching: a capture group in `from.path` can be reused as `$1` in `to.path` /
// `to.pathNot` (dependency-cruiser substitutes groups from `from` into `to` only, never the
// other way round).

/** Dependencies erased by the TypeScript compiler: `import type`, and imports of types only. */
const TYPES_ONLY = ['type-only', 'pre-compilation-only'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'ios-not-android',
      severity: 'error',
      comment: 'The iOS platform module must not depend on the Android one: share code via a lib.',
      from: { path: '^apps/bff/src/ios/' },
      to: { path: '^apps/bff/src/android/' },
    },
    {
      name: 'android-not-ios',
      severity: 'error',
      comment: 'The Android platform module must not depend on the iOS one: share code via a lib.',
      from: { path: '^apps/bff/src/android/' },
      to: { path: '^apps/bff/src/ios/' },
    },
    {
      name: 'libs-not-apps',
      severity: 'error',
      comment: 'Libraries are shared by the apps and must never depend on an app.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-not-apps',
      severity: 'error',
      comment:
        'An app never imports another app (apps/bff <-> apps/demo-backends, either way): ' +
        'move shared code to a lib. The one exception: the benchmark signs its tokens with the ' +
        "demo's identity provider instead of a second copy of it.",
      from: { path: '^apps/([^/]+)/' },
      to: {
        path: '^apps/',
        pathNot: ['^apps/$1/', '^apps/demo-backends/src/(identity-provider|http)\\.ts$'],
      },
    },
    {
      name: 'only-the-bench-uses-the-demo-idp',
      severity: 'error',
      comment: 'Only apps/bench may reach into apps/demo-backends (for its identity provider).',
      from: { path: '^apps/(?!bench/|demo-backends/)' },
      to: { path: '^apps/demo-backends/' },
    },
    {
      name: 'no-deep-lib-imports',
      severity: 'error',
      comment:
        'Outside libs/<lib>, a lib is reached only through its barrel libs/<lib>/src/index.ts ' +
        '(`@app/<lib>`), never a deeper file.',
      // $1 is "libs/<lib>/" for files inside a lib, "apps/" or "test/" otherwise.
      from: { path: '^(libs/[^/]+/|apps/|test/)' },
      to: { path: '^libs/[^/]+/src/(?!index\\.ts$)', pathNot: '^$1' },
    },
    {
      name: 'mappers-no-http',
      severity: 'error',
      comment:
        'The presentation lib is pure mapping code: it must not import HTTP clients or the ' +
        'downstream lib (type-only imports of downstream payload types are fine).',
      from: { path: '^libs/presentation/' },
      to: {
        path: [
          '^node_modules/(@nestjs/axios|axios|undici|got|node-fetch)/',
          '^(node:)?(http|https|http2)$',
          '^libs/downstream/',
        ],
        dependencyTypesNot: TYPES_ONLY,
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular runtime dependencies break Nest DI ordering and module initialisation.',
      from: {},
      // Cycles made only of type imports are erased at compile time: they are harmless.
      to: { circular: true, viaOnly: { dependencyTypesNot: TYPES_ONLY } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import cannot be resolved (typo, missing package, or a missing lib barrel).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Anchored: a package's own dist/ (node_modules/x/dist/...) must stay visible to the rules.
    exclude: { path: '^(dist|coverage)/' },
    moduleSystems: ['es6', 'cjs'],
    // Analyse the TypeScript source (so aliases and type imports are seen) and mark what the
    // compiler erases as 'pre-compilation-only'.
    tsPreCompilationDeps: 'specify',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
