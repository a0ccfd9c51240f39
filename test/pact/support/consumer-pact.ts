import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PactV4 } from '@pact-foundation/pact';
import { CONSUMER, PACT_DIR, pactFileName, ProviderName } from './contract';

/** Declares one interaction test (an `it`); a failed one never lets a partial pact be written. */
export type Interaction = (name: string, test: () => Promise<unknown>) => void;

/**
 * One provider's consumer pact. `declare` declares its interaction tests, which write the pact to
 * a fresh directory; a last test then compares it with the committed file in pacts/. Locally a
 * changed pact replaces the committed one (to be committed); in CI (`CI` set) a difference fails,
 * so pacts/ always says what this code of the BFF sends and relies on.
 */
export function describePact(
  provider: ProviderName,
  declare: (pact: PactV4, interaction: Interaction) => void,
): void {
  describe(`mobile-bff as a consumer of ${provider}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'pact-'));
    const pact = new PactV4({ consumer: CONSUMER, provider, dir, logLevel: 'error' });
    const declared: string[] = [];
    const passed = new Set<string>();
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    declare(pact, (name, test) => {
      declared.push(name);
      it(name, async () => {
        await test();
        passed.add(name);
      });
    });

    it(`writes exactly the committed pacts/${pactFileName(provider)}`, () => {
      const failed = declared.filter((name) => !passed.has(name));
      if (failed.length > 0)
        throw new Error(`Not compared, interactions failed: ${failed.join(', ')}`);
      const written = readFileSync(join(dir, pactFileName(provider)), 'utf8');
      const committedPath = join(PACT_DIR, pactFileName(provider));
      if (written === readOrEmpty(committedPath)) return;
      if (process.env.CI) {
        throw new Error(
          `pacts/${pactFileName(provider)} is out of date: run \`npx jest --selectProjects pact\` and commit it`,
        );
      }
      // Atomically, so a verification reading pacts/ meanwhile never sees half a file.
      writeFileSync(`${committedPath}.tmp`, written);
      renameSync(`${committedPath}.tmp`, committedPath);
    });
  });
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
