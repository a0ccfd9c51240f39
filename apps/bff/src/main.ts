import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigValidationError, loadConfig } from '@app/config';
import { runPrimary } from './cluster/primary';
import { workerCount } from './cluster/worker-count';

async function main(): Promise<void> {
  // Validated before any worker is forked: a bad variable stops everything once, with exit 1.
  const config = loadConfig(process.env);
  const workers = workerCount(config.webConcurrency);
  if (cluster.isPrimary && workers > 1) return runPrimary(workers, config.logLevel);
  // Loaded only here: a cluster primary never needs the Nest app.
  const { serveBff } = await import('./lifecycle/serve');
  await serveBff(config);
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
