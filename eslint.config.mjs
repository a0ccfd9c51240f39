// @ts-check
// Flat ESLint config for the mobile BFF monorepo.
//
// - TypeScript sources (apps/, libs/, test/) get typescript-eslint's recommendedTypeChecked
//   rules through the project service (tsconfig.json includes apps, libs and test).
// - Config files (*.mjs, *.cjs, *.js) are linted WITHOUT type information.
// - eslint-config-prettier comes last so formatting is left to Prettier alone.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS_FILES = ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts'];
const TEST_FILES = ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'];
const JS_FILES = ['**/*.js', '**/*.cjs', '**/*.mjs'];

// The few Node globals the config files use (kept here instead of adding the `globals` package).
const nodeGlobals = /** @type {const} */ ({
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  __dirname: 'readonly',
  __filename: 'readonly',
  process: 'readonly',
  console: 'readonly',
});

// Module boundaries (one public door per lib: docs/architecture.md). Regexes rather than
// gitignore-style globs so that "two or more levels" and "deep path" are exact.
const importBoundaries = [
  {
    regex: '^@app/[^/]+/.+',
    message:
      'Deep lib import: import the lib through its public barrel `@app/<lib>` (libs/<lib>/src/index.ts) only.',
  },
  {
    regex: '^(\\.\\./){2,}',
    message:
      'Relative import climbing two or more folders crosses module/lib boundaries: use `@app/<lib>` (or move the code).',
  },
  {
    // `../libs/x`, `./apps/y`, and the baseUrl-relative `libs/x/src` / `apps/bff/src/...`.
    regex: '^(\\.{1,2}/)*(libs|apps)/',
    message:
      'Do not import libs/ or apps/ by path: libs are reached via `@app/<lib>`; apps never import each other.',
  },
];

export default defineConfig(
  {
    ignores: [
      '**/dist/**',
      '.tmp/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/*.config.js',
      '.dependency-cruiser.cjs',
    ],
  },

  // Base JS rules everywhere.
  js.configs.recommended,

  // Type-checked TypeScript rules, only for the TS sources that belong to tsconfig.json.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: TS_FILES })),
  {
    files: TS_FILES,
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Nest DI reads constructor parameter types at runtime (emitDecoratorMetadata): a class
      // imported with `import type` is erased and injection silently breaks. Never enable a rule
      // that rewrites imports to `import type`.
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: importBoundaries }],
    },
  },

  // Tests: jest's `expect(mock.method)` and asymmetric matchers (`expect.any(String)`, which is
  // typed `any`) trip these rules on perfectly normal assertions. `no-explicit-any` stays on.
  {
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // Tests and their helpers under test/ boot the real apps, so they may import
  // `../apps/<app>/src/...` or `../../apps/...` from test/support (there is no path alias for
  // apps). Climbing anywhere else, deep lib imports and libs-by-path stay forbidden.
  {
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            importBoundaries[0],
            {
              regex: '^(\\.\\./){2,}(?!apps/)',
              message:
                'Relative import climbing two or more folders: only test helpers reaching apps/ may do that.',
            },
            {
              regex: '^(\\.{1,2}/)*libs/',
              message: 'Reach libs through `@app/<lib>`, not by path.',
            },
          ],
        },
      ],
    },
  },

  // The benchmark reuses the demo identity provider (real JWKS, real signatures) rather than a
  // second copy of it: that one import, from apps/bench/src, is the only way out of the app.
  {
    files: ['apps/bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            importBoundaries[0],
            {
              regex: '^(\\.\\./){2,}(?!demo-backends/src/identity-provider$)',
              message:
                'Relative import climbing two or more folders: the bench may reach only the demo identity provider.',
            },
            importBoundaries[2],
          ],
        },
      ],
    },
  },

  // Config and script files: plain JS, no type information.
  {
    files: JS_FILES,
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: nodeGlobals,
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },

  // Must stay last: turns off every rule that would fight Prettier.
  prettier,
);
