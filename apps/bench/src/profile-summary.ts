import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }>;
  samples: number[];
  timeDeltas: number[];
}

/** Node's flags that write a CPU profile into `dir` when the process exits. */
export function profilingArgs(dir: string): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/**
 * Where a process spent its CPU, from the profile it wrote in `dir`: self time by package (or
 * Node module, or our own lib) and by function, the top `count` of each.
 */
export function summarizeProfile(dir: string, count = 12): string {
  // The newest: a process restarted with other settings leaves its first profile behind too.
  const file = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort((a, b) => statSync(join(dir, b)).mtimeMs - statSync(join(dir, a)).mtimeMs)[0];
  if (!file) return `  (no profile in ${dir})`;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const frame = byNode.get(id);
    if (!frame) return;
    total += micros;
    const place = placeOf(frame.url) || frame.functionName;
    byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  const top = (entries: Map<string, number>) =>
    [...entries]
      .filter(([name]) => name !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, micros]) => `    ${percent(micros, total)}  ${name}`);
  return [
    `  by package or module (self time, ${(total / 1e6).toFixed(1)} s sampled, idle included):`,
    ...top(byPlace),
    '  by function:',
    ...top(byFunction),
  ].join('\n');
}

/** `node_modules/@nestjs/core/...` → `@nestjs/core`; `.../dist/apps/bff/libs/cache/...` → `libs/cache`. */
function placeOf(url: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const ours = /\/(libs\/[^/]+|apps\/[^/]+)\/(?!.*\/(libs|apps)\/)/.exec(url);
  if (ours) return ours[1];
  return url.startsWith('node:') ? url.split('/')[0] : url;
}

function shortUrl(url: string): string {
  return url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\/apps\/[^/]+\//, '');
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1).padStart(5)} %`;
}
