import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// A dependency of @nestjs/swagger (so always installed); it reads compose's anchors and aliases.
import { load } from 'js-yaml';

export const REPO_ROOT = join(__dirname, '../..');

export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  /** The `AS` name, or the stage's index when it has none. */
  name: string;
  /** What `FROM` names: an image reference or an earlier stage. */
  base: string;
  instructions: DockerInstruction[];
}

/** The Dockerfile's logical lines: comments dropped, `\` continuations joined. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    pending += `${line.replace(/\\$/, '').trim()} `;
    if (!line.endsWith('\\')) {
      lines.push(pending.trim());
      pending = '';
    }
  }
  return lines;
}

/** The Dockerfile's stages, in order (the last one is what `docker build` builds by default). */
export function dockerfileStages(): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const line of logicalLines(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'))) {
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const words = rest.filter((word) => !word.startsWith('--'));
      stages.push({ name: words[2] ?? String(stages.length), base: words[0], instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** The stage with this name; throws when the Dockerfile has none. */
export function stageNamed(stages: DockerStage[], name: string): DockerStage {
  const stage = stages.find((candidate) => candidate.name === name);
  if (!stage) throw new Error(`the Dockerfile has no stage named ${name}`);
  return stage;
}

/** The stages whose `--from` a stage copies from. */
function copiedFrom(stage: DockerStage): string[] {
  return stage.instructions
    .filter(({ keyword }) => keyword === 'COPY')
    .flatMap(({ args }) => /--from=(\S+)/.exec(args)?.[1] ?? []);
}

/** A stage and every earlier stage its content comes from (by `FROM` or `COPY --from`). */
export function lineage(stages: DockerStage[], stage: DockerStage): DockerStage[] {
  const parents = [stage.base, ...copiedFrom(stage)].flatMap(
    (name) => stages.find((candidate) => candidate.name === name) ?? [],
  );
  return [stage, ...parents.flatMap((parent) => lineage(stages, parent))];
}

/** The arguments of every instruction with this keyword, in order. */
export const argsOf = (stages: DockerStage[], keyword: string): string[] =>
  stages.flatMap(({ instructions }) =>
    instructions.filter((instruction) => instruction.keyword === keyword).map(({ args }) => args),
  );

/** An exec-form (JSON array) CMD of a stage. */
export function execCommand(stage: DockerStage): string[] {
  const cmd = argsOf([stage], 'CMD').at(-1);
  if (!cmd?.startsWith('[')) throw new Error(`stage ${stage.name} has no exec-form CMD`);
  return JSON.parse(cmd) as string[];
}

export interface ComposeService {
  build?: string | { context?: string; target?: string };
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
}

/** docker-compose.yml's services, anchors and aliases resolved. */
export function composeServices(): Record<string, ComposeService> {
  const compose = load(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, ComposeService>;
  };
  return compose.services;
}
