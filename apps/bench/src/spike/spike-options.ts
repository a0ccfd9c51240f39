import { flagsOrUsage, positive } from '../flags';
import type { SpikeShape } from './arrival-profile';

export interface SpikeOptions extends SpikeShape {
  /** BFF processes asked for (WEB_CONCURRENCY). */
  workers: number;
  /** Distinct users (tokens); request n is user n mod users. */
  users: number;
  bucketSec: number;
  maxInFlight: number;
  timeoutMs: number;
}

const USAGE = `npm run bench:spike -- [options]
  --workers <n>        BFF workers sharing one Redis (WEB_CONCURRENCY)   (default 2)
  --users <n>          distinct users/tokens, requests go round them      (default 20000)
  --base <req/s>       steady rate before and after the spike             (default 50)
  --peak <req/s>       rate at the top of the spike                       (default 2000)
  --steady <s>         seconds at the base rate before the ramp           (default 10)
  --ramp <s>           seconds from base to peak                          (default 10)
  --hold <s>           seconds at the peak                                (default 20)
  --drop <s>           seconds back at the base rate                      (default 10)
  --bucket <s>         seconds per row of the report                      (default 2)
  --max-in-flight <n>  requests the client keeps outstanding at most; a request due
                       while that many are out is shed by the client      (default 1000)
  --timeout <ms>       a phone gives up waiting after this long           (default 10000)`;

/** Parses the spike's flags (throws on a bad one); undefined after printing the usage for --help. */
export function parseSpikeOptions(argv: string[]): SpikeOptions | undefined {
  const values = flagsOrUsage(USAGE, argv, {
    workers: { type: 'string' },
    users: { type: 'string' },
    base: { type: 'string' },
    peak: { type: 'string' },
    steady: { type: 'string' },
    ramp: { type: 'string' },
    hold: { type: 'string' },
    drop: { type: 'string' },
    bucket: { type: 'string' },
    'max-in-flight': { type: 'string' },
    timeout: { type: 'string' },
  });
  if (!values) return undefined;
  return {
    workers: positive('workers', values.workers, 2),
    users: positive('users', values.users, 20_000),
    basePerSec: positive('base', values.base, 50),
    peakPerSec: positive('peak', values.peak, 2000),
    baseSec: positive('steady', values.steady, 10, true),
    rampSec: positive('ramp', values.ramp, 10, true),
    holdSec: positive('hold', values.hold, 20, true),
    dropSec: positive('drop', values.drop, 10, true),
    bucketSec: positive('bucket', values.bucket, 2),
    maxInFlight: positive('max-in-flight', values['max-in-flight'], 1000),
    timeoutMs: positive('timeout', values.timeout, 10_000),
  };
}
