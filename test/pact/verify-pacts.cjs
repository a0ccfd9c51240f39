#!/usr/bin/env node
'use strict';
// Verifies the mobile BFF's consumer pacts (pacts/) against a running provider:
//
//   npm run pact:verify -- --provider users-service --url http://localhost:8080 \
//     [--token <service token> | SERVICE_TOKEN=<service token>] [--states-url <url>]
//
// The pacts carry an example service token; this replaces it with the provider's real one, except
// in the interactions that send BAD_SERVICE_TOKEN on purpose (the provider must answer 401).
// `--states-url` is the provider's own provider-state endpoint (POST {"state","params","action"});
// without it every interaction runs against whatever data the provider holds.
// The BFF's own CI calls verifyPacts() with in-process state handlers for the demo services.
const { join } = require('node:path');
const { parseArgs } = require('node:util');
const { Verifier } = require('@pact-foundation/pact');

const CONSUMER = 'mobile-bff';
const PROVIDERS = [
  'users-service',
  'orders-service',
  'catalog-service',
  'notifications-service',
  'config-service',
];
const PACT_DIR = join(__dirname, '..', '..', 'pacts');
const BAD_SERVICE_TOKEN = 'not-the-service-token';

/** The committed pact of one provider. */
function pactFile(provider) {
  return join(PACT_DIR, `${CONSUMER}-${provider}.json`);
}

/** Express middleware of the verifier's proxy: the provider's real token for the example one. */
function withServiceToken(serviceToken) {
  return (request, _response, next) => {
    if (request.headers.authorization !== `Bearer ${BAD_SERVICE_TOKEN}`) {
      request.headers.authorization = `Bearer ${serviceToken}`;
    }
    next();
  };
}

/** Resolves when the provider at `baseUrl` honours every interaction of its pact; else rejects. */
function verifyPacts({ provider, baseUrl, serviceToken, stateHandlers, statesUrl, logLevel }) {
  if (!PROVIDERS.includes(provider)) {
    return Promise.reject(
      new Error(`Unknown provider ${provider}: one of ${PROVIDERS.join(', ')}`),
    );
  }
  if (!baseUrl || !serviceToken) {
    return Promise.reject(new Error('A provider base URL and its service token are required'));
  }
  return new Verifier({
    provider,
    providerBaseUrl: baseUrl,
    pactUrls: [pactFile(provider)],
    requestFilter: withServiceToken(serviceToken),
    ...(stateHandlers ? { stateHandlers } : {}),
    ...(statesUrl ? { providerStatesSetupUrl: statesUrl } : {}),
    logLevel: logLevel ?? 'warn',
  }).verifyProvider();
}

async function main() {
  const { values } = parseArgs({
    options: {
      provider: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      'states-url': { type: 'string' },
    },
  });
  await verifyPacts({
    provider: values.provider,
    baseUrl: values.url,
    serviceToken: values.token ?? process.env.SERVICE_TOKEN,
    statesUrl: values['states-url'],
  });
  console.log(`${values.provider} honours every interaction of ${pactFile(values.provider)}`);
}

if (require.main === module) {
  main().catch((error) => {
    const message = error instanceof Error ? error.message : String(error);
    // The verifier's own error is its whole report as JSON, already printed above.
    console.error(message.startsWith('{') ? 'Verification failed: see the report above' : message);
    process.exit(1);
  });
}

module.exports = { BAD_SERVICE_TOKEN, CONSUMER, PACT_DIR, PROVIDERS, pactFile, verifyPacts };
