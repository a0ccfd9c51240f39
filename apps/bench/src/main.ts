import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startBff } from './bff-target';
import { Cleanup, runScript } from './cleanup';
import { BenchOptions, PathName, parseBenchOptions } from './cli-options';
import { startDoubleProcess } from './downstream-double-process';
import { startIdentity } from './identity';
import { summarizeLog } from './log-summary';
import { profilingArgs, summarizeProfile } from './profile-summary';
import { startMinimal } from './minimal-target';
import {
  busyMachineWarning,
  describeMachine,
  formatPathTable,
  machineLine,
  PathResult,
} from './report';
import { BENCH_DIR, REPO_ROOT } from './repo-paths';
import { PathSetup, runPath } from './run-path';
import { Target, contractEnvironment } from './target';
import { Visit, sameScreens, visitAllUsers } from './visit-all-users';

const TITLES: Record<PathName, string> = {
  miss: 'BFF caches off (every request makes its 5 calls) vs minimal',
  cached: 'BFF with default caches, after a pass over all users, vs minimal',
  'cached-304': 'the cached BFF, every request revalidating with If-None-Match, vs minimal',
};

async function runBench(options: BenchOptions, cleanup: Cleanup): Promise<void> {
  const started = Date.now();
  mkdirSync(BENCH_DIR, { recursive: true });
  const machine = await describeMachine();
  const notes: string[] = [];
  const busy = busyMachineWarning(machine);
  console.log(machineLine(machine));
  if (busy) {
    notes.push(busy);
    console.log(`warning: ${busy}`);
  }
  console.log(`starting the downstream double, the identity provider, ${options.users} tokens…`);

  const double = await startDoubleProcess(randomBytes(16).toString('hex'));
  cleanup.add('downstream double', () => double.stop());
  const identity = await startIdentity(options.users);
  cleanup.add('identity provider', () => identity.close());
  const env = contractEnvironment(double, identity);
  const profiles: Array<[string, string]> = [];
  const profiled = (name: string): string[] => {
    if (!options.profile) return [];
    const dir = join(BENCH_DIR, 'profiles', name);
    profiles.push([name, dir]);
    return profilingArgs(dir);
  };
  const minimal = await startMinimal(env, join(BENCH_DIR, 'minimal.log'), profiled('minimal'));
  cleanup.add('minimal fan-out', () => minimal.stop());
  // Every target first sees each user once: token caches start warm on both sides, the BFF's
  // screen and product caches fill, and each server's ETags are collected and compared.
  const minimalVisit = await checkedVisit(minimal, identity.tokens, notes);

  const results: PathResult[] = [];
  const measure = (path: PathName, bff: Target, etags?: PathSetup['etags']) => {
    console.log(`\n${path}: ${TITLES[path]}`);
    const { tokens } = identity;
    const warmCaches = path !== 'miss';
    const setup = { path, title: TITLES[path], bff, minimal, tokens, etags, warmCaches };
    return runPath(setup, double, options);
  };
  const wanted = (path: PathName) => options.paths.includes(path);
  const bffLogs: string[] = [];

  if (wanted('miss')) {
    const bff = await startBff('miss', env, notes, profiled('bff-miss'), options.workers);
    cleanup.add('BFF (miss)', () => bff.stop());
    bffLogs.push(bff.logFile);
    compareScreens('miss', await checkedVisit(bff, identity.tokens, notes), minimalVisit, notes);
    results.push(await measure('miss', bff));
    await bff.stop();
  }
  if (wanted('cached') || wanted('cached-304')) {
    const bff = await startBff('cached', env, notes, profiled('bff-cached'), options.workers);
    cleanup.add('BFF (cached)', () => bff.stop());
    bffLogs.push(bff.logFile);
    const bffVisit = await checkedVisit(bff, identity.tokens, notes);
    compareScreens('cached', bffVisit, minimalVisit, notes);
    if (wanted('cached')) results.push(await measure('cached', bff));
    if (wanted('cached-304')) {
      const etags = { BFF: bffVisit.etags, minimal: minimalVisit.etags };
      results.push(await measure('cached-304', bff, etags));
    }
    await bff.stop();
  }

  // Stopped now, not at cleanup: a process writes its profile when it exits.
  await minimal.stop();
  for (const [name, dir] of profiles)
    console.log(`\nprofile of ${name}:\n${summarizeProfile(dir)}`);
  for (const file of bffLogs) {
    notes.push(`${relative(REPO_ROOT, file)}: ${await summarizeLog(file)}`);
  }
  console.log('');
  for (const result of results) console.log(`${formatPathTable(result, options)}\n`);
  for (const note of new Set(notes)) console.log(`note: ${note}`);
  console.log(machineLine(machine));
  const resultsFile = join(BENCH_DIR, 'results.json');
  writeFileSync(resultsFile, `${JSON.stringify({ machine, options, notes, results }, null, 2)}\n`);
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`results: ${relative(REPO_ROOT, resultsFile)} (run took ${minutes} min)`);
}

/** One request per user; a status other than 200 before the load starts is worth a note. */
async function checkedVisit(target: Target, tokens: string[], notes: string[]): Promise<Visit> {
  const started = Date.now();
  const visit = await visitAllUsers(target.baseUrl, tokens);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`  ${target.name}: one request per user, ${tokens.length} users, in ${seconds} s`);
  const statuses = Object.entries(visit.statuses).map(([status, n]) => `${n}×${status}`);
  if (visit.statuses['200'] !== tokens.length || visit.degraded > 0) {
    notes.push(
      `${target.name} pass over all users: ${statuses.join(' ')}, ${visit.degraded} degraded screens`,
    );
  }
  return visit;
}

/** Same content, same ETag: the two implementations must render the same screens. */
function compareScreens(kind: string, bff: Visit, minimal: Visit, notes: string[]): void {
  const same = sameScreens(bff, minimal);
  const users = bff.etags.length;
  notes.push(
    `BFF (${kind}) and minimal rendered the same screen (same ETag) for ${same}/${users} users`,
  );
}

/**
 * `npm run bench`: the compiled BFF against a hand-written minimal fan-out of the same screen,
 * both in front of the same downstream double, on three paths (every call a miss; screens cached;
 * cached and revalidated with If-None-Match).
 */
runScript('bench', parseBenchOptions, runBench);
