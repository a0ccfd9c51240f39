import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@app/config';
import { ShutdownState } from '@app/health';
import { listenersOf } from '../ops/admin-port';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/** After the listeners closed, how often sockets that went idle since are ended. */
const IDLE_SWEEP_MS = 50;

/**
 * Replaces `app.enableShutdownHooks()` with a drain that loses no accepted request:
 * 1. at once, readiness fails (503) and every response still to be sent says `Connection:
 *    close` (an onSend hook of the HTTP pipeline reads the drain state), while the listener
 *    stays open for `drainDelayMs` so load balancers notice and stop sending (a kept-alive
 *    client reconnects, and lands on another instance);
 * 2. the listeners (public, and admin when ADMIN_PORT is set) close together and idle sockets
 *    are ended; in-flight requests finish within `shutdownTimeoutMs`, else the process exits
 *    with 1;
 * 3. `app.close()` runs the shutdown hooks (Redis...) and the process exits with 0.
 * A second signal changes nothing: a terminal's Ctrl+C reaches the demo launcher and its BFF
 * child, which the launcher then stops with SIGTERM too.
 */
export function installGracefulShutdown(
  app: NestFastifyApplication,
  lifecycle: AppConfig['lifecycle'],
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  const logger = new Logger('Lifecycle');
  const state = app.get(ShutdownState);
  const listeners = listenersOf(app);

  const shutDown = async (signal: NodeJS.Signals): Promise<void> => {
    const started = Date.now();
    state.beginDraining();
    logger.log(`${signal}: draining, the listener closes in ${lifecycle.drainDelayMs} ms`);
    await sleep(lifecycle.drainDelayMs);

    const deadline = setTimeout(() => {
      logger.error(`requests still in flight after ${lifecycle.shutdownTimeoutMs} ms: exiting`);
      exit(1);
    }, lifecycle.shutdownTimeoutMs);
    deadline.unref();
    await Promise.all(listeners.map(closeListener));
    logger.log(
      `listeners closed, no request in flight (${Date.now() - started} ms after ${signal})`,
    );
    await app.close();
    clearTimeout(deadline);
    logger.log(`shut down ${Date.now() - started} ms after ${signal}`);
    exit(0);
  };

  let stopping: Promise<void> | undefined;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (stopping) return logger.warn(`${signal}: already shutting down`);
      stopping = shutDown(signal).catch((error: unknown) => {
        logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      });
    });
  }
}

/** Stops accepting connections; resolves once the last request on this listener has ended. */
async function closeListener(server: Server): Promise<void> {
  // close() ends the sockets idle now; this ends those that go idle later (a client that
  // ignored `Connection: close`), so that close() calls back once the last request ended.
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearInterval(sweep);
}
