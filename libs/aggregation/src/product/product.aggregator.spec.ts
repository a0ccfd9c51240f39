import { createKeyv } from 'cacheable';
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { TieredCache } from '@app/cache';
import { AppConfig, loadConfig } from '@app/config';
import {
  CallContext,
  CatalogClient,
  DeadlineExceeded,
  DownstreamError,
  DownstreamProductDetail,
  DownstreamReview,
  DownstreamUser,
  PRODUCT_DETAIL_SCHEMA_VERSION,
  UsersClient,
} from '@app/downstream';
import { AppError } from '@app/errors';
import { ScreenDecided } from '../screen-run';
import { PRODUCT_TOP_REVIEWS } from './product-detail-cache';
import { ProductDetailRequest } from './product-detail-sources';
import { ProductAggregator } from './product.aggregator';

const PRODUCT: DownstreamProductDetail = {
  id: 'p-200',
  title: 'Trail shoe',
  price: { amount: '89.00', currency: 'GBP' },
  images: [],
  inventory: { availableQuantity: 14 },
};

const review = (n: number): DownstreamReview => ({
  reviewId: `r-${n}`,
  rating: 4,
  createdAt: '2030-01-01T00:00:00Z',
});

const REVIEWS = [1, 2, 3].map(review);

const USER: DownstreamUser = { id: 'u-1', displayName: 'Ada', locale: 'de-DE' };

/** A catalog answering at once unless told otherwise; a hanging call rejects when aborted. */
function hanging(service: 'catalog' | 'users') {
  return ({ signal }: CallContext) =>
    new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => {
        const failure = signal.reason instanceof DeadlineExceeded ? 'timeout' : 'cancelled';
        reject(new DownstreamError(service, failure, undefined, { cause: signal.reason }));
      }),
    );
}

const unavailable = (service: 'catalog' | 'users') => () =>
  Promise.reject(new DownstreamError(service, 'unavailable', 503));

function setUp(env: Record<string, string> = {}, shared: Keyv = new Keyv()) {
  const loaded = loadConfig({ NODE_ENV: 'test', ...env });
  // Without jitter, an entry is fresh for exactly its TTL.
  const config: AppConfig = { ...loaded, cache: { ...loaded.cache, ttlJitter: 0 } };
  const memory = createKeyv({ lruSize: 100, useClone: false });
  memory.useKeyPrefix = false;
  const cache = new TieredCache(createCache({ stores: [memory, shared] }), config);
  const catalog = {
    getProduct: jest.fn((_context: CallContext, _id: string) => Promise.resolve(PRODUCT)),
    getReviews: jest.fn((_context: CallContext, _id: string, limit: number) =>
      Promise.resolve([1, 2, 3, 4, 5].map(review).slice(0, limit)),
    ),
  };
  const users = { getUser: jest.fn((_context: CallContext, _id: string) => Promise.resolve(USER)) };
  const aggregator = new ProductAggregator(
    config,
    users as unknown as UsersClient,
    catalog as unknown as CatalogClient,
    cache,
  );
  return { aggregator, catalog, users, shared };
}

const caller = (userId?: string): ProductDetailRequest => ({
  request: {
    requestId: 'req-1',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    startedAt: performance.now(),
  },
  userId,
});

async function failureOf(loading: Promise<unknown>): Promise<AppError> {
  return loading.then(
    () => {
      throw new Error('expected the load to fail');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    },
  );
}

describe(ProductAggregator.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') }));
  afterEach(() => {
    const pendingTimers = jest.getTimerCount();
    jest.useRealTimers();
    expect(pendingTimers).toBe(0);
  });

  it('builds the page from the product and its first three reviews, nothing degraded', async () => {
    const { aggregator, catalog } = setUp();
    await expect(aggregator.load(caller(), 'p-200')).resolves.toEqual({
      product: PRODUCT,
      topReviews: REVIEWS,
      profileLocale: undefined,
      degradedSections: [],
    });
    expect(catalog.getProduct.mock.calls.map(([, id]) => id)).toEqual(['p-200']);
    expect(catalog.getReviews.mock.calls.map(([, id, limit]) => [id, limit])).toEqual([
      ['p-200', PRODUCT_TOP_REVIEWS],
    ]);
  });

  it('keeps at most three reviews, whatever the catalog sends', async () => {
    const { aggregator, catalog } = setUp();
    catalog.getReviews.mockResolvedValue([1, 2, 3, 4, 5].map(review));
    expect((await aggregator.load(caller(), 'p-200')).topReviews).toEqual(REVIEWS);
  });

  describe('the locale for prices', () => {
    it('asks nobody for an anonymous caller', async () => {
      const { aggregator, users } = setUp();
      expect((await aggregator.load(caller(), 'p-200')).profileLocale).toBeUndefined();
      expect(users.getUser).not.toHaveBeenCalled();
    });

    it("is the signed-in caller's profile locale", async () => {
      const { aggregator, users } = setUp();
      expect((await aggregator.load(caller('u-1'), 'p-200')).profileLocale).toBe('de-DE');
      expect(users.getUser.mock.calls.map(([, id]) => id)).toEqual(['u-1']);
    });

    it('is unknown, and the page whole, when the profile has none', async () => {
      const { aggregator, users } = setUp();
      users.getUser.mockResolvedValue({ ...USER, locale: undefined });
      await expect(aggregator.load(caller('u-1'), 'p-200')).resolves.toMatchObject({
        profileLocale: undefined,
        degradedSections: [],
      });
    });

    it('is unknown, and the page whole, when users fails', async () => {
      const { aggregator, users } = setUp();
      users.getUser.mockImplementation(unavailable('users'));
      await expect(aggregator.load(caller('u-1'), 'p-200')).resolves.toEqual({
        product: PRODUCT,
        topReviews: REVIEWS,
        profileLocale: undefined,
        degradedSections: [],
      });
    });

    it('waits for users no longer than the deadline', async () => {
      const { aggregator, users } = setUp();
      users.getUser.mockImplementation(hanging('users'));
      const loading = aggregator.load(caller('u-1'), 'p-200');
      await jest.advanceTimersByTimeAsync(700);
      await expect(loading).resolves.toMatchObject({ profileLocale: undefined });
    });
  });

  describe('when reviews fail', () => {
    it.each([
      ['unavailable', unavailable('catalog')],
      ['unknown', () => Promise.reject(new DownstreamError('catalog', 'not_found', 404))],
    ])('(%s): topReviews is empty and listed, the product shown', async (_, failure) => {
      const { aggregator, catalog } = setUp();
      catalog.getReviews.mockImplementation(failure);
      await expect(aggregator.load(caller(), 'p-200')).resolves.toEqual({
        product: PRODUCT,
        topReviews: [],
        profileLocale: undefined,
        degradedSections: ['topReviews'],
      });
    });

    it('past the deadline: the page is answered then, reviews degraded', async () => {
      const { aggregator, catalog } = setUp();
      catalog.getReviews.mockImplementation(hanging('catalog'));
      const loading = aggregator.load(caller(), 'p-200');
      await jest.advanceTimersByTimeAsync(700);
      await expect(loading).resolves.toMatchObject({ degradedSections: ['topReviews'] });
    });
  });

  describe('when the product cannot be shown', () => {
    it('an unknown product is NOT_FOUND, and the calls still running are stopped', async () => {
      const { aggregator, catalog, users } = setUp();
      catalog.getProduct.mockRejectedValue(new DownstreamError('catalog', 'not_found', 404));
      catalog.getReviews.mockImplementation(hanging('catalog'));
      users.getUser.mockImplementation(hanging('users'));

      const error = await failureOf(aggregator.load(caller('u-1'), 'p-404'));

      expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
      for (const [context] of [...catalog.getReviews.mock.calls, ...users.getUser.mock.calls]) {
        expect(context.signal.reason).toBeInstanceOf(ScreenDecided);
      }
    });

    it('the catalog down is UPSTREAM_UNAVAILABLE, keeping the cause', async () => {
      const { aggregator, catalog } = setUp();
      const cause = new DownstreamError('catalog', 'unavailable', 503);
      catalog.getProduct.mockRejectedValue(cause);
      const error = await failureOf(aggregator.load(caller(), 'p-200'));
      expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
      expect(error.cause).toBe(cause);
    });

    it('the catalog hanging past the deadline is UPSTREAM_TIMEOUT, then', async () => {
      const { aggregator, catalog } = setUp();
      catalog.getProduct.mockImplementation(hanging('catalog'));
      const loading = failureOf(aggregator.load(caller(), 'p-200'));
      await jest.advanceTimersByTimeAsync(699);
      expect(catalog.getProduct.mock.calls[0][0].signal.aborted).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await expect(loading).resolves.toMatchObject({ code: 'UPSTREAM_TIMEOUT', status: 504 });
    });

    it.each([
      ['too long', `p-${'1'.repeat(100)}`],
      ['a path', 'p-1/reviews'],
      ['a parent path', '..'],
      ['a space', 'p 1'],
      ['a query', 'p-1?limit=50'],
      ['an encoded slash', 'p-1%2Freviews'],
      ['empty', ''],
      ['non-ASCII', 'p-２００'],
    ])('an id that cannot name a product (%s) is NOT_FOUND without a call', async (_, id) => {
      const { aggregator, catalog, users } = setUp();
      const error = await failureOf(aggregator.load(caller('u-1'), id));
      expect(error.code).toBe('NOT_FOUND');
      expect(catalog.getProduct).not.toHaveBeenCalled();
      expect(catalog.getReviews).not.toHaveBeenCalled();
      expect(users.getUser).not.toHaveBeenCalled();
    });
  });

  describe('shared caching', () => {
    const CACHED = { CACHE_PRODUCT_TTL_MS: '60000', CACHE_REVIEWS_TTL_MS: '30000' };

    it('loads a product and its reviews once for every caller, under versioned keys', async () => {
      const { aggregator, catalog, shared } = setUp(CACHED);
      const first = await aggregator.load(caller('u-1'), 'p-200');
      const others = await Promise.all([
        aggregator.load(caller(), 'p-200'),
        aggregator.load(caller('u-2'), 'p-200'),
      ]);
      for (const other of others) {
        expect({ ...other, profileLocale: undefined }).toEqual({
          ...first,
          profileLocale: undefined,
        });
      }
      expect(catalog.getProduct).toHaveBeenCalledTimes(1);
      expect(catalog.getReviews).toHaveBeenCalledTimes(1);
      const v = PRODUCT_DETAIL_SCHEMA_VERSION;
      await expect(shared.has(`shared:product-detail:${v}:p-200`)).resolves.toBe(true);
      // As JSON text: the Redis store would revive a timestamp string as a Date.
      await expect(shared.get(`shared:product-reviews:${v}:p-200:3`)).resolves.toMatchObject({
        value: JSON.stringify(REVIEWS),
      });
    });

    it('shares one catalog call among callers arriving together', async () => {
      const { aggregator, catalog } = setUp(CACHED);
      await Promise.all([1, 2, 3].map(() => aggregator.load(caller(), 'p-200')));
      expect(catalog.getProduct).toHaveBeenCalledTimes(1);
      expect(catalog.getReviews).toHaveBeenCalledTimes(1);
    });

    it('serves what another instance stored in the shared tier', async () => {
      const shared = new Keyv();
      await setUp(CACHED, shared).aggregator.load(caller(), 'p-200');
      const second = setUp(CACHED, shared);
      await expect(second.aggregator.load(caller(), 'p-200')).resolves.toMatchObject({
        product: PRODUCT,
        topReviews: REVIEWS,
      });
      expect(second.catalog.getProduct).not.toHaveBeenCalled();
      expect(second.catalog.getReviews).not.toHaveBeenCalled();
    });

    it('asks again after each TTL', async () => {
      const { aggregator, catalog } = setUp(CACHED);
      await aggregator.load(caller(), 'p-200');
      jest.setSystemTime(Date.now() + 30_001);
      await aggregator.load(caller(), 'p-200');
      expect(catalog.getProduct).toHaveBeenCalledTimes(1);
      expect(catalog.getReviews).toHaveBeenCalledTimes(2);
      jest.setSystemTime(Date.now() + 30_000);
      await aggregator.load(caller(), 'p-200');
      expect(catalog.getProduct).toHaveBeenCalledTimes(2);
    });

    it('serves the last product and reviews it had while the catalog is down', async () => {
      const { aggregator, catalog } = setUp(CACHED);
      const warm = await aggregator.load(caller(), 'p-200');
      jest.setSystemTime(Date.now() + 10 * 60_000);
      catalog.getProduct.mockImplementation(unavailable('catalog'));
      catalog.getReviews.mockImplementation(unavailable('catalog'));
      await expect(aggregator.load(caller(), 'p-200')).resolves.toEqual(warm);
      expect(catalog.getProduct).toHaveBeenCalledTimes(2);
    });

    it('keeps no "unknown product": it is asked for again, and never served stale', async () => {
      const { aggregator, catalog } = setUp(CACHED);
      catalog.getProduct.mockRejectedValue(new DownstreamError('catalog', 'not_found', 404));
      await failureOf(aggregator.load(caller(), 'p-201'));
      catalog.getProduct.mockResolvedValue({ ...PRODUCT, id: 'p-201' });
      await expect(aggregator.load(caller(), 'p-201')).resolves.toMatchObject({
        product: { id: 'p-201' },
      });
    });

    it('does not serve a product the catalog has since removed, even while stale ones may be', async () => {
      const { aggregator, catalog } = setUp(CACHED);
      await aggregator.load(caller(), 'p-200');
      jest.setSystemTime(Date.now() + 60_001);
      catalog.getProduct.mockRejectedValue(new DownstreamError('catalog', 'not_found', 404));
      await expect(failureOf(aggregator.load(caller(), 'p-200'))).resolves.toMatchObject({
        code: 'NOT_FOUND',
      });
    });
  });
});
