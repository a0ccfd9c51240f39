import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file with nest-cli.json (source or dist). */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'nest-cli.json'))) return dir;
  }
  throw new Error(`no nest-cli.json above ${from}`);
}

export const REPO_ROOT = findRepoRoot(__dirname);
/** What `npm run start:prod` runs. */
export const BFF_MAIN = join(REPO_ROOT, 'dist/apps/bff/apps/bff/src/main.js');
/** Logs and results of the last run (git-ignored). */
export const BENCH_DIR = join(REPO_ROOT, '.tmp/bench');
