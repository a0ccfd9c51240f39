import 'reflect-metadata';
import { JwksKeyStore } from '@app/auth';
import { ConfigValidationError, loadConfig } from '@app/config';
import { createBffApp, listenBffApp } from './bootstrap';
import { installGracefulShutdown } from './lifecycle/graceful-shutdown';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createBffApp(config);
  await listenBffApp(app, config.http.port, config.http.host);
  // SIGTERM/SIGINT: readiness 503, drain, close, shutdown hooks, exit (see the lifecycle folder).
  installGracefulShutdown(app, config.lifecycle);
  // Fetch the signing keys now rather than on the first user's request (never fails start-up).
  await app.get(JwksKeyStore).warmUp();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    // One clear line per bad variable, no stack trace: this is an operator's mistake.
    for (const problem of error.problems) console.error(`Invalid configuration: ${problem}`);
  } else {
    console.error('BFF failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
