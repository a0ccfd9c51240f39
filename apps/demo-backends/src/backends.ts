import { DEMO_HOST, DEMO_IDP_PORT, DEMO_ISSUER, DEMO_SERVICE_PORTS } from '@app/config';
import { startDemoBackends } from './demo-backends';

/**
 * The demo services and identity provider alone, without a BFF (docker-compose runs the BFF in
 * its own container). `--host 0.0.0.0` makes them reachable from other containers, and
 * DEMO_SERVICE_TOKEN replaces the demo's service token, which a production-mode BFF refuses.
 */
async function main(): Promise<void> {
  const hostFlag = process.argv.indexOf('--host');
  const host = hostFlag > 0 ? (process.argv[hostFlag + 1] ?? DEMO_HOST) : DEMO_HOST;
  const backends = await startDemoBackends({
    host,
    ports: { ...DEMO_SERVICE_PORTS, idp: DEMO_IDP_PORT },
    serviceToken: process.env.DEMO_SERVICE_TOKEN || undefined,
    // Tokens name the issuer the BFF expects, whichever interface serves the JWKS.
    issuer: DEMO_ISSUER,
  });
  console.log(`Demo backends listening on ${host}: ${JSON.stringify(backends.urls)}`);
  const stop = (): void => void backends.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `Demo backends could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
