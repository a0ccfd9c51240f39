import { availableParallelism } from 'node:os';

/** How many workers WEB_CONCURRENCY asks for: a number, or one per core the process may use. */
export function workerCount(
  setting: number | 'auto',
  cores: number = availableParallelism(),
): number {
  return setting === 'auto' ? cores : setting;
}
