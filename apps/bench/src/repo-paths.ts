import { existsSync, readFileSync } from 'node:fs';
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

/**
 * The Node flags `npm run start:prod` gives the BFF (its heap sizing): the bench starts the BFF
 * exactly as production does, so it reads them from package.json rather than keeping a copy.
 */
export function productionNodeFlags(): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const words = (scripts['start:prod'] ?? '').split(/\s+/);
  return words.slice(words.indexOf('node') + 1).filter((word) => word.startsWith('--'));
}
/** Logs and results of the last run (git-ignored). */
export const BENCH_DIR = join(REPO_ROOT, '.tmp/bench');
