import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as presentation from '.';

/**
 * Screens version their caches by the source of everything this lib exports (ADR 0004). A helper
 * that is not exported would change a screen's shape without changing its version.
 */
describe('the presentation lib', () => {
  const modules = readdirSync(__dirname).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && file !== 'index.ts',
  );

  it.each(modules)('%s exports every top-level function and class it declares', (file) => {
    const source = readFileSync(join(__dirname, file), 'utf8');
    const declared = [...source.matchAll(/^(?:export )?(?:async )?(?:function|class) (\w+)/gm)];
    const hidden = declared.filter(([line]) => !line.startsWith('export')).map(([, name]) => name);
    expect(hidden).toEqual([]);
    const arrows = [...source.matchAll(/^const (\w+) = (?:\([^)]*\)|\w+) =>/gm)];
    expect(arrows.map(([, name]) => name)).toEqual([]);
  });

  it('re-exports every module from its index', () => {
    const index = readFileSync(join(__dirname, 'index.ts'), 'utf8');
    for (const file of modules) expect(index).toContain(`export * from './${file.slice(0, -3)}';`);
    expect(typeof presentation.homeScreen).toBe('function');
  });
});
