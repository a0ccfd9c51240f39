import { JwksKeyStore } from '@app/auth';
import type { AppConfig } from '@app/config';
import { createBffApp, listenBffApp } from '../bootstrap';
import { installGracefulShutdown } from './graceful-shutdown';

/** One serving process: the whole process when WEB_CONCURRENCY=1, else each cluster worker. */
export async function serveBff(config: AppConfig): Promise<void> {
  const app = await createBffApp(config);
  await listenBffApp(app, config.http.port, config.http.host);
  // SIGTERM/SIGINT: readiness 503, drain, close, shutdown hooks, exit (graceful-shutdown.ts).
  installGracefulShutdown(app, config.lifecycle);
  // Fetch the signing keys now rather than on the first user's request (never fails start-up).
  await app.get(JwksKeyStore).warmUp();
}
