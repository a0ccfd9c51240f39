import { DOUBLE_SERVICES, startDownstreamDouble } from './downstream-double';
import type { DoubleCounters, DoubleMessage } from './downstream-double-process';

/**
 * The downstream double in a process of its own, so serving the BFF's calls never competes with
 * the load generator for the runner's event loop. Talks to the runner over the IPC channel.
 */
async function main(): Promise<void> {
  const double = await startDownstreamDouble({ serviceToken: process.env.DOUBLE_SERVICE_TOKEN });
  const reply = (message: DoubleMessage) => process.send?.(message);
  const counters = (): DoubleCounters => ({
    calls: Object.fromEntries(DOUBLE_SERVICES.map((s) => [s, double.calls(s)])),
    bytesSent: Object.fromEntries(DOUBLE_SERVICES.map((s) => [s, double.bytesSent(s)])),
  });
  process.on('message', (message: DoubleMessage) => {
    if (message.type === 'counters?') reply({ type: 'counters', counters: counters() });
  });
  // The runner is gone (normal end, Ctrl+C, crash): so is the reason to exist.
  process.once('disconnect', () => {
    void double.close().finally(() => process.exit(0));
  });
  reply({ type: 'ready', urls: double.urls, serviceToken: double.serviceToken });
}

void main();
