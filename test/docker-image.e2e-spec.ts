import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coerce, major, satisfies } from 'semver';
import { loadConfig } from '@app/config';
import {
  argsOf,
  composeServices,
  dockerfileStages,
  DockerStage,
  lineage,
  REPO_ROOT,
  stageNamed,
} from './support/docker-files';

const stages = dockerfileStages();
/** What `docker build .` builds: the last stage. */
const production = stages.at(-1) as DockerStage;
const DEMO_TARGET = 'demo-backends';
const isStage = (name: string) => stages.some((stage) => stage.name === name);
const baseImages = stages.map(({ base }) => base).filter((base) => !isStage(base));

/** Node's LTS lines: the even ones up to 26; from 27 on, every line is promoted to LTS. */
const isLtsLine = (line: number) => line % 2 === 0 || line >= 27;

describe('the Dockerfile', () => {
  it('pins every base image by its sha256 digest', () => {
    expect(baseImages.length).toBeGreaterThan(0);
    for (const image of baseImages) expect(image).toMatch(/^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$/);
  });

  it('runs a Node LTS line newer than 20, which package.json admits as it admits the Node here', () => {
    const { engines } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    for (const image of baseImages) {
      expect(image).toMatch(/^node:\d/);
      const version = coerce(image.slice('node:'.length))?.version ?? '';
      expect(major(version)).toBeGreaterThan(20);
      expect(isLtsLine(major(version))).toBe(true);
      expect(satisfies(version, engines.node)).toBe(true);
    }
    expect(satisfies(process.version, engines.node)).toBe(true);
  });

  it('installs exactly the lockfile, without install scripts and without a fallback', () => {
    const npmRuns = argsOf(stages, 'RUN').filter((run) => /\bnpm\b/.test(run));
    expect(npmRuns.some((run) => run.includes('npm ci'))).toBe(true);
    for (const run of npmRuns) {
      expect(run).not.toMatch(/\|\||\bnpm (install|i|add)\b/);
      if (run.includes('npm ci')) expect(run).toContain('--ignore-scripts');
    }
  });

  it('builds the default target from the BFF alone, with production dependencies only', () => {
    const origins = lineage(stages, production);
    const runs = argsOf(origins, 'RUN').join('\n');
    expect(runs).toContain('nest build bff');
    expect(runs).not.toMatch(/demo-backends|npm run build/);
    expect(argsOf([production], 'COPY').join('\n')).not.toContain('demo-backends');
    const modules = argsOf([production], 'COPY').find((copy) => copy.includes('node_modules'));
    const modulesStage = stageNamed(stages, /--from=(\S+)/.exec(modules ?? '')?.[1] ?? '');
    expect(argsOf(lineage(stages, modulesStage), 'RUN').join('\n')).toContain('--omit=dev');
  });

  it.each([
    ['the default target', production.name],
    ['the demo target', DEMO_TARGET],
  ])('runs %s as a user other than root, who cannot rewrite its files', (_, name) => {
    const stage = stageNamed(stages, name);
    expect(argsOf([stage], 'USER').at(-1)).toMatch(/^(?!root$|0$)\S+$/);
    // Copied files stay root's: a compromised process cannot change the code it runs.
    for (const copy of argsOf([stage], 'COPY')) expect(copy).not.toContain('--chown');
  });

  it('builds the demo target from the demo services alone, from the same build', () => {
    const demo = stageNamed(stages, DEMO_TARGET);
    const runs = argsOf(lineage(stages, demo), 'RUN').join('\n');
    expect(runs).toContain('nest build demo-backends');
    expect(runs).not.toContain('nest build bff');
    const builds = (stage: DockerStage) => lineage(stages, stage).map(({ name }) => name);
    const shared = builds(demo).filter((name) => builds(production).includes(name));
    expect(shared.some((name) => argsOf([stageNamed(stages, name)], 'RUN').length > 0)).toBe(true);
  });
});

describe('docker-compose.yml', () => {
  const services = composeServices();
  const targetOf = (service: string) => {
    const { build } = services[service];
    return typeof build === 'object' ? build.target : undefined;
  };

  it('runs the BFF from the default target and the demo services from the demo target', () => {
    expect(targetOf('bff')).toBe(production.name);
    expect(targetOf('demo-backends')).toBe(DEMO_TARGET);
    // One tag for two targets would let each build overwrite the other's image.
    expect(services.bff.image).not.toBe(services['demo-backends'].image);
  });

  it('gives the BFF a configuration that production accepts', () => {
    const environment = services.bff.environment ?? {};
    expect(environment.NODE_ENV).toBe('production');
    expect(() => loadConfig(environment)).not.toThrow();
  });
});
