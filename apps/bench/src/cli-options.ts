import { flagsOrUsage, positive } from './flags';

export const PATH_NAMES = ['miss', 'cached', 'cached-304'] as const;
export type PathName = (typeof PATH_NAMES)[number];

export interface BenchOptions {
  /** Measured seconds per target per round. */
  durationSec: number;
  /** Unmeasured load before each measured run (JIT, pools, caches settle). */
  warmupSec: number;
  rounds: number;
  connections: number;
  /** Distinct users (tokens) the requests rotate over. */
  users: number;
  paths: PathName[];
  /** CPU-profile both servers (`--cpu-prof`) and print where their time went. */
  profile: boolean;
  /** The BFF's WEB_CONCURRENCY: 1 is a single process, more a cluster primary and its workers. */
  workers: number;
}

const USAGE = `npm run bench -- [options]
  --duration <s>      measured seconds per target per round   (default 6, quick 3)
  --warmup <s>        unmeasured seconds before each run      (default 1; at least 5 before a target's first round)
  --rounds <n>        rounds, alternating minimal and BFF     (default 3, quick 1)
  --connections <n>   concurrent client connections           (default 64)
  --users <n>         distinct users/tokens to rotate over    (default 2000)
  --paths <list>      subset of ${PATH_NAMES.join(',')}
  --profile           CPU-profile the BFF and the minimal fan-out, print their top entries
  --workers <n>       BFF worker processes (WEB_CONCURRENCY)   (default 1)
  --quick             short smoke run (explicit flags still win)`;

/** Parses the bench's flags (throws on a bad one); undefined after printing the usage for --help. */
export function parseBenchOptions(argv: string[]): BenchOptions | undefined {
  const values = flagsOrUsage(USAGE, argv, {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    users: { type: 'string' },
    paths: { type: 'string' },
    workers: { type: 'string' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  });
  if (!values) return undefined;
  const quick = values.quick;
  // The defaults keep a whole `npm run bench` (builds included) near 4 minutes on 2 cores.
  const paths = (values.paths?.split(',') ?? [...PATH_NAMES]) as PathName[];
  const options: BenchOptions = {
    durationSec: positive('duration', values.duration, quick ? 3 : 6),
    warmupSec: positive('warmup', values.warmup, 1, true),
    rounds: positive('rounds', values.rounds, quick ? 1 : 3),
    connections: positive('connections', values.connections, 64),
    users: positive('users', values.users, 2000),
    paths,
    profile: values.profile,
    workers: positive('workers', values.workers, 1),
  };
  const unknown = paths.filter((path) => !PATH_NAMES.includes(path));
  if (unknown.length > 0) throw new Error(`--paths: unknown ${unknown.join(', ')}`);
  return options;
}
