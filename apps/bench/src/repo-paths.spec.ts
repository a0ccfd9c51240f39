import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BFF_MAIN, productionNodeFlags, REPO_ROOT } from './repo-paths';

/** The exec-form CMD of the Dockerfile's default target (its last stage), as an argument list. */
function dockerCommand(): string[] {
  const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const cmd = [...dockerfile.matchAll(/^CMD (\[.*\])$/gm)].at(-1);
  if (!cmd) throw new Error('the Dockerfile has no exec-form CMD');
  return JSON.parse(cmd[1]) as string[];
}

describe('the BFF the bench measures', () => {
  it('runs with the Node flags the container runs it with', () => {
    const [node, ...args] = dockerCommand();
    expect(node).toBe('node');
    expect(productionNodeFlags()).toEqual(args.filter((arg) => arg.startsWith('--')));
    expect(productionNodeFlags().length).toBeGreaterThan(0);
  });

  it('runs the entry point the container runs', () => {
    expect(dockerCommand().at(-1)).toBe(relative(REPO_ROOT, BFF_MAIN));
  });
});
