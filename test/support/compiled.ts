import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Entry points of the compiled apps (`npm test` builds first, see `pretest`). */
export const COMPILED = {
  bff: join(__dirname, '../../dist/apps/bff/apps/bff/src/main.js'),
  demo: join(__dirname, '../../dist/apps/demo-backends/apps/demo-backends/src/main.js'),
  demoToken: join(__dirname, '../../dist/apps/demo-backends/apps/demo-backends/src/token.js'),
};

export function assertBuilt(entry: string): void {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
}
