// Nest 12 and several of its dependencies ship ESM only; jest runs CommonJS, so @swc/jest
// transforms those packages too (everything else in node_modules is left alone for speed).
const esmPackages = [
  '@nestjs',
  '@keyv',
  '@cacheable',
  'cache-manager',
  'cacheable',
  'keyv',
  'hookified',
  'jose',
  'uid',
  'content-disposition',
  // light-my-request's (Fastify's inject, apps/bff/src/edge/security-headers.ts).
  'cookie',
  // CommonJS, but loads node:http(s) with a dynamic import() that jest cannot run untransformed.
  '@opentelemetry/otlp-exporter-base',
];

// ESM-only packages nested in node_modules/@pact-foundation/pact/node_modules (pact project only).
const pactEsmPackages = [
  '@pact-foundation/pact/node_modules/(agent-base|https-proxy-agent)',
  'agent-base',
  'https-proxy-agent',
  'proxy-agent-negotiate',
];

const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@app/(.*)$': '<rootDir>/libs/$1/src',
};

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swcTransform },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
    {
      // Consumer contract tests (they write pacts/) and their verification against the demo.
      ...shared,
      displayName: 'pact',
      testMatch: ['<rootDir>/test/pact/**/*.pact-spec.ts'],
      // @pact-foundation/pact bundles two ESM-only packages in its own node_modules.
      transformIgnorePatterns: [
        `/node_modules/(?!(${[...esmPackages, ...pactEsmPackages].join('|')})/)`,
      ],
    },
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
    },
  ],
};
