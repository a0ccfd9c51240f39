import { ManyRead } from '@app/cache';
import { loadConfig, ServiceName } from '@app/config';
import {
  CallContext,
  CatalogClient,
  DeadlineExceeded,
  DownstreamError,
  DownstreamOrder,
  DownstreamProduct,
  DownstreamUser,
  MAX_BATCH_IDS,
  NotificationsClient,
  NotificationsSummary,
  OrdersClient,
  OrdersPage,
  OrdersQuery,
  Recommendation,
  UsersClient,
} from '@app/downstream';
import { AppError } from '@app/errors';
import { CatalogProducts } from '../catalog-products';
import { ScreenDecided } from '../screen-run';
import { HomeSection, HomeSources, ScreenRequest } from './home-sources';
import { HomeAggregator } from './home.aggregator';

/**
 * One downstream source: records every call, and answers (at once or after a delay), fails or
 * hangs. A hanging call behaves like the real transport: it rejects once its signal aborts.
 */
class FakeSource<Args extends unknown[], T> {
  readonly calls: Array<{ context: CallContext; args: Args }> = [];
  private reply: (context: CallContext, args: Args) => Promise<T>;

  constructor(
    private readonly service: ServiceName,
    private readonly answer: (...args: Args) => T,
  ) {
    this.reply = (_, args) => Promise.resolve(this.answer(...args));
  }

  answers(value: T): void {
    this.reply = () => Promise.resolve(value);
  }

  answersAfter(ms: number): void {
    this.reply = (_, args) =>
      new Promise((resolve) => setTimeout(() => resolve(this.answer(...args)), ms));
  }

  fails(error: Error = this.unavailable()): void {
    this.reply = () => Promise.reject(error);
  }

  failsAfter(ms: number, error: Error = this.unavailable()): void {
    this.reply = () => new Promise((_, reject) => setTimeout(() => reject(error), ms));
  }

  hangs(): void {
    this.reply = ({ signal }) =>
      new Promise((_, reject) =>
        signal.addEventListener('abort', () => {
          const failure = signal.reason instanceof DeadlineExceeded ? 'timeout' : 'cancelled';
          reject(new DownstreamError(this.service, failure, undefined, { cause: signal.reason }));
        }),
      );
  }

  call(context: CallContext, ...args: Args): Promise<T> {
    this.calls.push({ context, args });
    return this.reply(context, args);
  }

  get args(): Args[] {
    return this.calls.map((call) => call.args);
  }

  get signals(): AbortSignal[] {
    return this.calls.map((call) => call.context.signal);
  }

  private unavailable(): DownstreamError {
    return new DownstreamError(this.service, 'unavailable', 503);
  }
}

const USER: DownstreamUser = { id: 'user-1', displayName: 'Ada', loyalty: { tier: 'gold' } };

const order = (n: number): DownstreamOrder => ({
  orderId: `order-${n}`,
  userId: USER.id,
  status: 'SHIPPED',
  placedAt: '2024-05-01T10:00:00Z',
  items: [],
  totals: { grandTotal: { amount: '10.00', currency: 'EUR' } },
});

const product = (id: string): DownstreamProduct => ({
  id,
  title: `Product ${id}`,
  price: { amount: '10.00', currency: 'EUR' },
  images: [],
});

/** What the products lookup finds: every id but the "ghost-…" ones. */
const lookedUp = (ids: readonly string[]): ManyRead<DownstreamProduct> => ({
  values: new Map(ids.filter((id) => !id.startsWith('ghost')).map((id) => [id, product(id)])),
  complete: true,
});

const recommended = (...ids: string[]): Recommendation[] => ids.map((productId) => ({ productId }));

/** Ten recommendations, two of them unknown to the catalog, in an order the ids do not sort to. */
const RECOMMENDED = ['p9', 'ghost-1', 'p2', 'p7', 'ghost-2', 'p1', 'p5', 'p3', 'p8', 'p4'];

const IOS = { recommendations: 6 };
const ANDROID = { recommendations: 8 };

/** The iOS screen when every source answers. */
const FULL_IOS_SCREEN: HomeSources = {
  user: USER,
  recentOrders: [order(1), order(2), order(3)],
  recommendations: ['p9', 'p2', 'p7', 'p1', 'p5', 'p3'].map(product),
  unreadNotifications: 4,
  degradedSections: [],
};

function setUp(env: Record<string, string> = {}) {
  const users = new FakeSource('users', (_userId: string) => USER);
  const orders = new FakeSource('orders', (_query: OrdersQuery): OrdersPage => ({
    orders: [1, 2, 3, 4].map(order),
    nextCursor: 'c',
  }));
  const recommendations = new FakeSource('catalog', (_userId: string, _limit: number) =>
    recommended(...RECOMMENDED),
  );
  const products = new FakeSource('catalog', (ids: readonly string[]) => lookedUp(ids));
  const notifications = new FakeSource(
    'notifications',
    (_userId: string): NotificationsSummary => ({ unreadCount: 4 }),
  );

  const usersClient: Pick<UsersClient, 'getUser'> = {
    getUser: (context, userId) => users.call(context, userId),
  };
  const ordersClient: Pick<OrdersClient, 'listOrders'> = {
    listOrders: (context, query) => orders.call(context, query),
  };
  const catalogClient: Pick<CatalogClient, 'getRecommendations'> = {
    getRecommendations: (context, userId, limit) => recommendations.call(context, userId, limit),
  };
  const catalogProducts: Pick<CatalogProducts, 'byIds'> = {
    byIds: (context, ids) => products.call(context, ids),
  };
  const notificationsClient: Pick<NotificationsClient, 'getUnreadSummary'> = {
    getUnreadSummary: (context, userId) => notifications.call(context, userId),
  };
  const aggregator = new HomeAggregator(
    loadConfig({ NODE_ENV: 'test', ...env }),
    usersClient as UsersClient,
    ordersClient as OrdersClient,
    catalogClient as CatalogClient,
    catalogProducts as CatalogProducts,
    notificationsClient as NotificationsClient,
  );
  return { aggregator, users, orders, recommendations, products, notifications };
}

type Sources = ReturnType<typeof setUp>;
/** What the deadline tests need of any source. */
type Hangable = Pick<FakeSource<unknown[], unknown>, 'hangs' | 'signals'>;

const screen = (startedAt = performance.now()): ScreenRequest => ({
  request: { requestId: 'req-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', startedAt },
  userId: USER.id,
});

/** The load's error (it must fail). */
async function failureOf(loading: Promise<unknown>): Promise<unknown> {
  return loading.then(
    () => {
      throw new Error('expected the load to fail');
    },
    (error: unknown) => error,
  );
}

/** Starts a load and tells whether it has settled yet, as fake time moves. */
function started(loading: Promise<HomeSources>) {
  let settled = false;
  const watched = loading.finally(() => (settled = true));
  return { settled: () => settled, result: watched };
}

describe(HomeAggregator.name, () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    // Every test waits for its load to settle; a screen never leaves its deadline timer behind.
    const pendingTimers = jest.getTimerCount();
    jest.restoreAllMocks();
    jest.useRealTimers();
    expect(pendingTimers).toBe(0);
  });

  describe('when every source answers', () => {
    it('builds each section from its source, with nothing degraded', async () => {
      const { aggregator } = setUp();
      await expect(aggregator.load(screen(), IOS)).resolves.toEqual(FULL_IOS_SCREEN);
    });

    it('asks every source once, for this user, under one shared context', async () => {
      const sources = setUp();
      const request = screen();
      await sources.aggregator.load(request, IOS);

      expect(sources.users.args).toEqual([[USER.id]]);
      expect(sources.orders.args).toEqual([[{ userId: USER.id, limit: 3 }]]);
      expect(sources.recommendations.args).toEqual([[USER.id, 6 + 4]]);
      expect(sources.products.args).toEqual([[RECOMMENDED]]);
      expect(sources.notifications.args).toEqual([[USER.id]]);

      const contexts = [
        sources.users,
        sources.orders,
        sources.recommendations,
        sources.products,
        sources.notifications,
      ].map((source) => source.calls[0].context);
      for (const context of contexts) {
        expect(context.request).toBe(request.request);
        expect(context.signal).toBe(contexts[0].signal);
      }
      // Answered: whatever still listens is told the screen no longer needs it.
      expect(contexts[0].signal.reason).toBeInstanceOf(ScreenDecided);
    });

    it.each([
      ['iOS', IOS, 10],
      ['Android', ANDROID, 12],
    ])(
      '%s: asks for the row plus slack, looks the ids up once, and shows the row in order',
      async (_platform, layout, asked) => {
        const sources = setUp();
        const ids = Array.from({ length: 20 }, (_, i) => `p${20 - i}`);
        sources.recommendations.answers(recommended(...ids));

        const home = await sources.aggregator.load(screen(), layout);

        expect(sources.recommendations.args).toEqual([[USER.id, asked]]);
        expect(sources.products.args).toEqual([[ids.slice(0, asked)]]);
        expect(home.recommendations).toEqual(ids.slice(0, layout.recommendations).map(product));
        expect(home.degradedSections).toEqual([]);
      },
    );

    it('never asks for more recommendations than one catalog batch takes', async () => {
      const sources = setUp();
      await sources.aggregator.load(screen(), { recommendations: MAX_BATCH_IDS - 2 });
      expect(sources.recommendations.args).toEqual([[USER.id, MAX_BATCH_IDS]]);
    });

    it('drops unknown products without degrading the section, even if the row is short', async () => {
      const sources = setUp();
      sources.recommendations.answers(recommended('ghost-1', 'p3', 'ghost-2', 'p1'));
      const home = await sources.aggregator.load(screen(), ANDROID);
      expect(home.recommendations).toEqual([product('p3'), product('p1')]);
      expect(home.degradedSections).toEqual([]);
    });
  });

  it('shows a product the recommender repeats once, at its first place', async () => {
    const sources = setUp();
    sources.recommendations.answers(recommended('p9', 'p2', 'p9', 'p7', 'p2', 'p1'));
    const home = await sources.aggregator.load(screen(), IOS);
    expect(home.recommendations.map((card) => card.id)).toEqual(['p9', 'p2', 'p7', 'p1']);
    expect(sources.products.args).toEqual([[['p9', 'p2', 'p7', 'p1']]]);
  });

  describe('when an optional source fails', () => {
    it.each<[string, (sources: Sources) => void, Partial<HomeSources>, HomeSection]>([
      ['orders', (s) => s.orders.fails(), { recentOrders: [] }, 'recentOrders'],
      [
        'the recommendations call',
        (s) => s.recommendations.fails(),
        { recommendations: [] },
        'recommendations',
      ],
      [
        'the products lookup',
        (s) => s.products.fails(),
        { recommendations: [] },
        'recommendations',
      ],
      [
        'notifications',
        (s) => s.notifications.fails(new DownstreamError('notifications', 'bad_response')),
        { unreadNotifications: null },
        'unreadNotifications',
      ],
    ])('%s: that section is empty and listed, the others intact', async (_, fail, empty, name) => {
      const sources = setUp();
      fail(sources);
      await expect(sources.aggregator.load(screen(), IOS)).resolves.toEqual({
        ...FULL_IOS_SCREEN,
        ...empty,
        degradedSections: [name],
      });
    });

    it('a failed recommendations call looks no product up', async () => {
      const sources = setUp();
      sources.recommendations.fails();
      await sources.aggregator.load(screen(), IOS);
      expect(sources.products.calls).toHaveLength(0);
    });

    it('an incomplete products lookup: the cached products are shown AND the section listed', async () => {
      const sources = setUp();
      sources.products.answers({
        values: new Map(['p2', 'p9', 'p4'].map((id) => [id, product(id)])),
        complete: false,
      });
      await expect(sources.aggregator.load(screen(), IOS)).resolves.toEqual({
        ...FULL_IOS_SCREEN,
        recommendations: ['p9', 'p2', 'p4'].map(product),
        degradedSections: ['recommendations'],
      });
    });

    it('all of them: every section empty and listed in the contract order, the user kept', async () => {
      const sources = setUp();
      sources.notifications.fails();
      sources.products.fails();
      sources.orders.fails();
      await expect(sources.aggregator.load(screen(), IOS)).resolves.toEqual({
        user: USER,
        recentOrders: [],
        recommendations: [],
        unreadNotifications: null,
        degradedSections: ['recentOrders', 'recommendations', 'unreadNotifications'],
      });
    });
  });

  describe('when users fails', () => {
    it('fails the screen with USER_PROFILE_UNAVAILABLE, keeping the cause', async () => {
      const sources = setUp();
      const cause = new DownstreamError('users', 'not_found', 404);
      sources.users.fails(cause);

      const error = await failureOf(sources.aggregator.load(screen(), IOS));

      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'USER_PROFILE_UNAVAILABLE', status: 503 });
      expect((error as AppError).cause).toBe(cause);
    });

    it('tells every other call at once to stop (cancelled, not timed out)', async () => {
      const sources = setUp();
      sources.orders.hangs();
      sources.recommendations.hangs();
      sources.notifications.hangs();
      sources.users.fails();

      await expect(sources.aggregator.load(screen(), IOS)).rejects.toMatchObject({
        code: 'USER_PROFILE_UNAVAILABLE',
      });

      const others = [sources.orders, sources.recommendations, sources.notifications];
      for (const signal of others.flatMap((source) => source.signals)) {
        expect(signal.aborted).toBe(true);
        expect(signal.reason).toBeInstanceOf(ScreenDecided);
        expect(signal.reason).not.toBeInstanceOf(DeadlineExceeded);
      }
    });

    it('stops the products lookup still running when users fails later', async () => {
      const sources = setUp();
      sources.products.hangs();
      sources.orders.hangs();
      sources.users.failsAfter(50);
      const loading = failureOf(sources.aggregator.load(screen(), IOS));

      await jest.advanceTimersByTimeAsync(49);
      expect(sources.products.signals[0].aborted).toBe(false);
      await jest.advanceTimersByTimeAsync(1);

      await expect(loading).resolves.toMatchObject({ code: 'USER_PROFILE_UNAVAILABLE' });
      for (const signal of [...sources.products.signals, ...sources.orders.signals]) {
        expect(signal.reason).toBeInstanceOf(ScreenDecided);
      }
    });
  });

  describe('the deadline', () => {
    it.each<[string, (sources: Sources) => Hangable, Partial<HomeSources>]>([
      ['orders', (s) => s.orders, { recentOrders: [], degradedSections: ['recentOrders'] }],
      [
        'the recommendations call',
        (s) => s.recommendations,
        { recommendations: [], degradedSections: ['recommendations'] },
      ],
      [
        'the products lookup',
        (s) => s.products,
        { recommendations: [], degradedSections: ['recommendations'] },
      ],
      [
        'notifications',
        (s) => s.notifications,
        { unreadNotifications: null, degradedSections: ['unreadNotifications'] },
      ],
    ])(
      'abandons %s hanging past 800 - 100 ms, and answers with that section degraded',
      async (_, hanging, degraded) => {
        const sources = setUp();
        const source = hanging(sources);
        source.hangs();
        const load = started(sources.aggregator.load(screen(), IOS));

        await jest.advanceTimersByTimeAsync(699);
        expect(load.settled()).toBe(false);
        expect(source.signals[0].aborted).toBe(false);

        await jest.advanceTimersByTimeAsync(1);
        expect(load.settled()).toBe(true);
        await expect(load.result).resolves.toEqual({ ...FULL_IOS_SCREEN, ...degraded });
        expect(source.signals[0].reason).toBeInstanceOf(DeadlineExceeded);
      },
    );

    it('counts SCREEN_DEADLINE_MS - SCREEN_DEADLINE_MARGIN_MS from request.startedAt', async () => {
      const sources = setUp({ SCREEN_DEADLINE_MS: '1000', SCREEN_DEADLINE_MARGIN_MS: '250' });
      sources.notifications.hangs();
      const startedAt = performance.now();
      jest.advanceTimersByTime(300); // the request arrived 300 ms before the screen is loaded
      const load = started(sources.aggregator.load(screen(startedAt), IOS));

      await jest.advanceTimersByTimeAsync(449);
      expect(load.settled()).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(load.settled()).toBe(true);
      expect((await load.result).degradedSections).toEqual(['unreadNotifications']);
    });

    it('waits for slow sources that answer in time', async () => {
      const sources = setUp();
      sources.orders.answersAfter(300);
      sources.recommendations.answersAfter(400);
      sources.products.answersAfter(299);
      sources.notifications.answersAfter(699);
      const load = started(sources.aggregator.load(screen(), IOS));

      await jest.advanceTimersByTimeAsync(699);
      expect(load.settled()).toBe(true);
      await expect(load.result).resolves.toEqual(FULL_IOS_SCREEN);
    });

    it('users hanging past the deadline fails the screen then, with the timeout as cause', async () => {
      const sources = setUp();
      sources.users.hangs();
      const loading = failureOf(sources.aggregator.load(screen(), IOS));

      await jest.advanceTimersByTimeAsync(700);

      const error = await loading;
      expect(error).toMatchObject({ code: 'USER_PROFILE_UNAVAILABLE' });
      expect((error as AppError).cause).toMatchObject({ service: 'users', failure: 'timeout' });
    });
  });
});
