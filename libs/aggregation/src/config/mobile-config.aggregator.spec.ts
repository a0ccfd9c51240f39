import { createKeyv } from 'cacheable';
import { createCache } from 'cache-manager';
import { TieredCache } from '@app/cache';
import { AppConfig, loadConfig } from '@app/config';
import {
  CallContext,
  ConfigClient,
  DeadlineExceeded,
  DownstreamError,
  DownstreamMobileConfig,
} from '@app/downstream';
import { AppError } from '@app/errors';
import { MobileConfigAggregator } from './mobile-config.aggregator';

const DAY_MS = 24 * 60 * 60 * 1000;
const TTL_MS = 60_000;

const CONFIG: AppConfig = (() => {
  const config = loadConfig({ NODE_ENV: 'test', CACHE_CONFIG_TTL_MS: String(TTL_MS) });
  return { ...config, cache: { ...config.cache, ttlJitter: 0 } };
})();

const served = (latestVersion: string): DownstreamMobileConfig => ({
  minSupportedVersion: '3.0.0',
  latestVersion,
  featureFlags: { dark: true },
});

/** config-service: answers its current config, fails, or hangs until its call is abandoned. */
function configService() {
  let answer: (context: CallContext) => Promise<DownstreamMobileConfig> = () =>
    Promise.resolve(served('4.0.0'));
  const calls: Array<{ platform: string; signal: AbortSignal }> = [];
  const client: Pick<ConfigClient, 'getMobileConfig'> = {
    getMobileConfig: (context, platform) => {
      calls.push({ platform, signal: context.signal });
      return answer(context);
    },
  };
  return {
    client: client as ConfigClient,
    calls,
    answers: (config: DownstreamMobileConfig) => (answer = () => Promise.resolve(config)),
    fails: () => (answer = () => Promise.reject(new DownstreamError('config', 'unavailable', 503))),
    hangs: () =>
      (answer = ({ signal }) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () =>
            reject(new DownstreamError('config', 'timeout', undefined, { cause: signal.reason })),
          ),
        )),
  };
}

function setUp() {
  const service = configService();
  const memory = createKeyv({ lruSize: 10, useClone: false });
  memory.useKeyPrefix = false;
  const cache = new TieredCache(createCache({ stores: [memory] }), CONFIG);
  return { service, aggregator: new MobileConfigAggregator(CONFIG, service.client, cache) };
}

const request = () => ({
  requestId: 'r-1',
  traceId: 'a'.repeat(32),
  startedAt: performance.now(),
});

async function failureOf(loading: Promise<unknown>): Promise<unknown> {
  return loading.then(
    () => {
      throw new Error('expected the load to fail');
    },
    (error: unknown) => error,
  );
}

describe(MobileConfigAggregator.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2031-05-01T08:00:00Z') }));
  afterEach(() => {
    const pending = jest.getTimerCount();
    jest.useRealTimers();
    expect(pending).toBe(0);
  });

  it('asks config-service once per platform, then answers every caller from the cache', async () => {
    const { service, aggregator } = setUp();
    await aggregator.load(request(), 'ios');
    await aggregator.load(request(), 'ios');
    await aggregator.load(request(), 'android');
    await expect(aggregator.load(request(), 'ios')).resolves.toEqual(served('4.0.0'));
    expect(service.calls.map((call) => call.platform)).toEqual(['ios', 'android']);
  });

  it('takes the new config once the old one expired', async () => {
    const { service, aggregator } = setUp();
    await aggregator.load(request(), 'ios');
    service.answers(served('4.1.0'));
    jest.setSystemTime(Date.now() + TTL_MS + 1);
    await expect(aggregator.load(request(), 'ios')).resolves.toEqual(served('4.1.0'));
  });

  it('serves the last config while config-service is down, for up to a day', async () => {
    const { service, aggregator } = setUp();
    await aggregator.load(request(), 'ios');
    service.fails();
    jest.setSystemTime(Date.now() + TTL_MS + DAY_MS - 1);
    await expect(aggregator.load(request(), 'ios')).resolves.toEqual(served('4.0.0'));

    jest.setSystemTime(Date.now() + 2);
    const error = await failureOf(aggregator.load(request(), 'ios'));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
  });

  it('gives up on a hanging config-service at the deadline: 503, the call abandoned', async () => {
    const { service, aggregator } = setUp();
    service.hangs();
    const loading = failureOf(aggregator.load(request(), 'android'));
    await jest.advanceTimersByTimeAsync(
      CONFIG.screens.deadlineMs - CONFIG.screens.deadlineMarginMs,
    );
    await expect(loading).resolves.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(service.calls[0].signal.aborted).toBe(true);
    expect(service.calls[0].signal.reason).toBeInstanceOf(DeadlineExceeded);
  });
});
