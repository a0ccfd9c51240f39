import { ManyRead } from '@app/cache';
import { loadConfig } from '@app/config';
import {
  DownstreamError,
  DownstreamNotification,
  DownstreamOrder,
  DownstreamProduct,
  DownstreamUser,
  NotificationsClient,
  NotificationsQuery,
  OrdersClient,
  OrdersPage,
  OrdersQuery,
  UsersClient,
} from '@app/downstream';
import { AppError } from '@app/errors';
import { CatalogProducts } from '../catalog-products';
import type { ScreenRequest } from '../home/home-sources';
import { PagingTokens } from '../paging/paging-tokens';
import { SyncSources } from './sync-sources';
import {
  SYNC_CLOCK_SKEW_MS,
  SYNC_NOTIFICATIONS,
  SYNC_ORDERS_PAGE,
  SyncAggregator,
} from './sync.aggregator';

const USER_ID = 'user-1';
const HOUR_MS = 3_600_000;
const START_MS = Date.parse('2031-03-01T12:00:00Z');

/**
 * orders-service as the contract describes it: newest `placedAt` first (ties in the order the
 * orders were stored), offset cursors, and an `updatedSince` filter that is inclusive or exclusive
 * depending on the implementation. Its orders can change between two calls.
 */
class FakeOrdersService {
  readonly queries: OrdersQuery[] = [];
  failure: Error | undefined;
  cursorOf = (offset: number): string => `offset:${offset}`;

  constructor(
    public stored: DownstreamOrder[],
    private readonly inclusive: boolean,
  ) {}

  list(query: OrdersQuery): OrdersPage {
    this.queries.push(query);
    if (this.failure) throw this.failure;
    const since = query.updatedSince === undefined ? undefined : Date.parse(query.updatedSince);
    const matching = this.stored
      .map((order, stored) => ({ order, stored }))
      .filter(({ order }) => since === undefined || this.changedSince(order, since))
      .sort((a, b) => placed(b.order) - placed(a.order) || a.stored - b.stored)
      .map(({ order }) => order);
    const offset = query.cursor === undefined ? 0 : Number(query.cursor.slice('offset:'.length));
    const next = offset + query.limit;
    return {
      orders: matching.slice(offset, next),
      nextCursor: next < matching.length ? this.cursorOf(next) : null,
    };
  }

  /** Places a new order now (or changes one): it is stamped with the current time. */
  add(order: DownstreamOrder): void {
    this.stored = [order, ...this.stored.filter((known) => known.orderId !== order.orderId)];
  }

  private changedSince(order: DownstreamOrder, since: number): boolean {
    const updated = Date.parse(order.updatedAt ?? order.placedAt);
    return this.inclusive ? updated >= since : updated > since;
  }
}

const placed = (order: DownstreamOrder) => Date.parse(order.placedAt);

const iso = (ms: number) => new Date(ms).toISOString();

/** Order n, placed n hours before the start (so a higher n is older), first item `p-<n % 7>`. */
const order = (n: number, changes: Partial<DownstreamOrder> = {}): DownstreamOrder => ({
  orderId: `o-${n}`,
  userId: USER_ID,
  status: 'SHIPPED',
  placedAt: iso(START_MS - n * HOUR_MS),
  updatedAt: iso(START_MS - n * HOUR_MS + 60_000),
  items: [
    {
      productId: `p-${n % 7}`,
      name: 'Trail shoe',
      quantity: 1,
      unitPrice: { amount: '10.00', currency: 'EUR' },
    },
  ],
  totals: { grandTotal: { amount: '10.00', currency: 'EUR' } },
  ...changes,
});

/** An order placed (and stamped) at the current fake time. */
const placedNow = (id: string): DownstreamOrder => ({
  ...order(0),
  orderId: id,
  placedAt: iso(Date.now()),
  updatedAt: iso(Date.now()),
});

const notification = (id: string, hoursAgo: number): DownstreamNotification => ({
  id,
  title: `About ${id}`,
  createdAt: iso(START_MS - hoursAgo * HOUR_MS),
  read: false,
});

const product = (id: string): DownstreamProduct => ({
  id,
  title: id,
  price: { amount: '1.00', currency: 'EUR' },
  images: [],
});

/** A downstream answer: what `produce` returns, or a rejection with what it throws. */
function settle<T>(produce: () => T): Promise<T> {
  return new Promise((resolve) => resolve(produce()));
}

const USER: DownstreamUser = { id: USER_ID, displayName: 'Ada', locale: 'de-DE' };

function setUp({ orders = 45, inclusive = true } = {}) {
  const ordersService = new FakeOrdersService(
    Array.from({ length: orders }, (_, i) => order(i + 1)),
    inclusive,
  );
  const notificationQueries: NotificationsQuery[] = [];
  let notifications: DownstreamNotification[] = [
    notification('n-2', 2),
    notification('n-1', 1),
    notification('n-3', 30),
  ];
  let notificationsFailure: Error | undefined;
  const productLookups: string[][] = [];
  let productsFailure: Error | undefined;
  let usersFailure: Error | undefined;

  const usersClient: Pick<UsersClient, 'getUser'> = {
    getUser: () =>
      settle(() => {
        if (usersFailure) throw usersFailure;
        return USER;
      }),
  };
  const ordersClient: Pick<OrdersClient, 'listOrders'> = {
    listOrders: (_context, query) => settle(() => ordersService.list(query)),
  };
  const catalogProducts: Pick<CatalogProducts, 'byIds'> = {
    byIds: (_context, ids) =>
      settle((): ManyRead<DownstreamProduct> => {
        productLookups.push([...ids]);
        if (productsFailure) throw productsFailure;
        return { values: new Map(ids.map((id) => [id, product(id)])), complete: true };
      }),
  };
  const notificationsClient: Pick<NotificationsClient, 'listNotifications'> = {
    listNotifications: (_context, query) =>
      settle(() => {
        notificationQueries.push(query);
        if (notificationsFailure) throw notificationsFailure;
        return notifications;
      }),
  };
  const config = loadConfig({ NODE_ENV: 'test' });
  const tokens = new PagingTokens(config);
  const aggregator = new SyncAggregator(
    config,
    usersClient as UsersClient,
    ordersClient as OrdersClient,
    catalogProducts as CatalogProducts,
    notificationsClient as NotificationsClient,
    tokens,
  );
  return {
    aggregator,
    tokens,
    ordersService,
    notificationQueries,
    productLookups,
    serveNotifications: (items: DownstreamNotification[]) => (notifications = items),
    failNotifications: (error: Error) => (notificationsFailure = error),
    failProducts: (error: Error) => (productsFailure = error),
    failUsers: (error: Error) => (usersFailure = error),
  };
}

type Sources = ReturnType<typeof setUp>;

const screen = (userId = USER_ID): ScreenRequest => ({
  request: { requestId: 'req-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', startedAt: 0 },
  userId,
});

/** Loads one page, `performance.now()` as the request's start (the deadline is real otherwise). */
const page = (sources: Sources, since?: string, userId = USER_ID) =>
  sources.aggregator.load(
    { ...screen(userId), request: { ...screen(userId).request, startedAt: performance.now() } },
    since,
  );

/** A whole session from `since`: every page until `hasMore` is false; `between` runs between pages. */
async function session(
  sources: Sources,
  since?: string,
  between: (pageNumber: number) => void = () => undefined,
): Promise<SyncSources[]> {
  const pages = [await page(sources, since)];
  while (pages[pages.length - 1].hasMore) {
    between(pages.length);
    jest.advanceTimersByTime(1_000);
    pages.push(await page(sources, pages[pages.length - 1].nextSince));
  }
  return pages;
}

const orderIds = (pages: SyncSources[]) =>
  pages.flatMap((sync) => sync.orders.map((each) => each.orderId));

const ids = (orders: readonly DownstreamOrder[]) => orders.map((each) => each.orderId);

async function refusalOf(loading: Promise<unknown>): Promise<unknown> {
  return loading.then(
    () => {
      throw new Error('expected the sync to fail');
    },
    (error: unknown) => error,
  );
}

describe(SyncAggregator.name, () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: START_MS });
  });

  afterEach(() => {
    // Every page settles and leaves no deadline timer behind.
    const pendingTimers = jest.getTimerCount();
    jest.useRealTimers();
    expect(pendingTimers).toBe(0);
  });

  describe('a first sync (no token)', () => {
    it('lists every order once, newest first, in disjoint pages until hasMore is false', async () => {
      const sources = setUp({ orders: 45 });
      const pages = await session(sources);

      expect(pages.map((sync) => sync.orders.length)).toEqual([SYNC_ORDERS_PAGE, 20, 5]);
      expect(pages.map((sync) => sync.hasMore)).toEqual([true, true, false]);
      expect(orderIds(pages)).toEqual(ids(sources.ordersService.stored));
      expect(sources.ordersService.queries).toEqual([
        { userId: USER_ID, limit: SYNC_ORDERS_PAGE, cursor: undefined, updatedSince: undefined },
        { userId: USER_ID, limit: SYNC_ORDERS_PAGE, cursor: 'offset:20', updatedSince: undefined },
        { userId: USER_ID, limit: SYNC_ORDERS_PAGE, cursor: 'offset:40', updatedSince: undefined },
      ]);
    });

    it('delivers the notifications on the first page only, each once, newest first', async () => {
      const sources = setUp();
      sources.serveNotifications([
        notification('n-2', 2),
        notification('n-1', 1),
        notification('n-2', 2),
        notification('n-3', 30),
      ]);
      const pages = await session(sources);

      expect(pages[0].notifications.map((item) => item.id)).toEqual(['n-1', 'n-2', 'n-3']);
      expect(pages.slice(1).every((sync) => sync.notifications.length === 0)).toBe(true);
      expect(sources.notificationQueries).toEqual([
        { userId: USER_ID, limit: SYNC_NOTIFICATIONS, since: undefined },
      ]);
    });

    it('a user with nothing: one empty page, complete', async () => {
      const sources = setUp({ orders: 0 });
      sources.serveNotifications([]);
      const sync = await page(sources);
      expect(sync).toMatchObject({ orders: [], notifications: [], hasMore: false });
      expect(sources.productLookups).toEqual([]);
    });
  });

  describe('when orders change between two pages of one session', () => {
    it.each([
      ['an inclusive', true],
      ['an exclusive', false],
    ])(
      'over %s updatedSince: a new order (offset shift) is neither lost nor repeated',
      async (_, inclusive) => {
        const sources = setUp({ orders: 45, inclusive });
        const before = ids(sources.ordersService.stored);

        // Before pages 2 and 3, an order is placed: it comes first and shifts every offset.
        const during = await session(sources, undefined, (pageNumber) =>
          sources.ordersService.add(placedNow(`o-during-${pageNumber}`)),
        );
        expect(during.map((sync) => sync.orders.length)).toEqual([20, 19, 6]);
        expect(orderIds(during)).toEqual(before);

        // They changed after this session started: the next one lists them.
        const next = await session(sources, during.at(-1)!.nextSince);
        expect(orderIds(next).sort()).toEqual(['o-during-1', 'o-during-2']);
      },
    );

    it('an order that enters the list before the cursor mid-session: in the next session', async () => {
      const sources = setUp({ orders: 45 });
      const first = await session(sources);
      const changed = (n: number) => order(n, { status: 'DELIVERED', updatedAt: iso(Date.now()) });
      for (let n = 5; n <= 30; n++) sources.ordersService.add(changed(n));
      jest.advanceTimersByTime(60_000);

      // After page 1 (o-5..o-24), o-1 changes: it enters the list first, before the cursor.
      const second = await session(sources, first.at(-1)!.nextSince, () =>
        sources.ordersService.add(changed(1)),
      );
      expect(orderIds(second)).toEqual(Array.from({ length: 26 }, (_, i) => `o-${i + 5}`));
      expect(second[0].orders[0].status).toBe('DELIVERED');

      jest.advanceTimersByTime(60_000);
      const third = await session(sources, second.at(-1)!.nextSince);
      expect(orderIds(third)).toEqual(['o-1']);
    });

    it('orders placed at the same instant across a page boundary: each delivered once', async () => {
      const sources = setUp({ orders: 0 });
      const tie = iso(START_MS - HOUR_MS);
      sources.ordersService.stored = Array.from({ length: 30 }, (_, i) =>
        order(i + 1, { orderId: `o-tie-${i}`, placedAt: tie, updatedAt: tie }),
      );
      const everyTie = ids(sources.ordersService.stored);

      const pages = await session(sources, undefined, () =>
        // Stored first: served before the other ties, shifting the rest of the list by one.
        sources.ordersService.add(
          order(1, { orderId: 'o-tie-late', placedAt: tie, updatedAt: tie }),
        ),
      );

      // The late tie sits before the cursor: not on the second page, and no earlier tie repeated.
      expect(orderIds(pages).sort()).toEqual(everyTie.sort());
    });

    it('a page made only of repeats is empty but keeps the session going', async () => {
      const sources = setUp({ orders: 25 });
      const pages = await session(sources, undefined, () => {
        for (let i = 0; i < SYNC_ORDERS_PAGE; i++) sources.ordersService.add(placedNow(`o-x-${i}`));
      });
      expect(pages.map((sync) => sync.orders.length)).toEqual([20, 0, 5]);
      expect(orderIds(pages)).toEqual(Array.from({ length: 25 }, (_, i) => `o-${i + 1}`));
    });
  });

  describe('the watermark', () => {
    it('a completed session moves it to the session start, minus the clock-skew margin', async () => {
      const sources = setUp({ orders: 45 });
      const startedAt = Date.now();
      const first = await session(sources);
      jest.advanceTimersByTime(5 * 60_000);

      const pages = await session(sources, first.at(-1)!.nextSince);

      const watermark = iso(startedAt - SYNC_CLOCK_SKEW_MS);
      expect(sources.ordersService.queries.at(-1)).toMatchObject({ updatedSince: watermark });
      expect(sources.notificationQueries.at(-1)).toEqual({
        userId: USER_ID,
        limit: SYNC_NOTIFICATIONS,
        since: watermark,
      });
      expect(pages).toHaveLength(1);
      expect(pages[0]).toMatchObject({ orders: [], hasMore: false });
    });

    it('stays put within a session: every page asks for the same changes', async () => {
      const sources = setUp({ orders: 45 });
      const first = await session(sources);
      sources.ordersService.stored.forEach((each, i) => {
        if (i % 2 === 0) each.updatedAt = iso(Date.now());
      });
      jest.advanceTimersByTime(HOUR_MS);

      const second = await session(sources, first.at(-1)!.nextSince);

      const sinceAsked = sources.ordersService.queries.slice(3).map((query) => query.updatedSince);
      expect(new Set(sinceAsked).size).toBe(1);
      expect(second.map((sync) => sync.orders.length)).toEqual([20, 3]);
    });

    it('a token of an unfinished session replays its page (a retry after a lost answer)', async () => {
      const sources = setUp({ orders: 45 });
      const first = await page(sources);
      const once = await page(sources, first.nextSince);
      const again = await page(sources, first.nextSince);
      expect(ids(again.orders)).toEqual(ids(once.orders));
    });
  });

  describe('the token', () => {
    it('is opaque: neither the downstream cursor nor a time can be read from it', async () => {
      const sources = setUp({ orders: 45 });
      const { nextSince } = await page(sources);
      const decoded = Buffer.from(nextSince, 'base64url').toString('latin1');
      expect(decoded).not.toContain('offset');
      expect(decoded).not.toContain(String(START_MS).slice(0, 6));
    });

    it.each<[string, (sources: Sources, token: string) => string]>([
      ['garbled', () => 'not-a-token'],
      ['truncated', (_, token) => token.slice(0, -4)],
      ['with one character changed', (_, token) => flip(token)],
      ['of the orders list', (sources) => sources.tokens.seal('orders', USER_ID, {})],
      [
        'sealed for sync with another shape',
        (sources) => sources.tokens.seal('sync', USER_ID, { offset: 20 }),
      ],
      [
        'sealed for sync with a session missing its cursor',
        (sources) => sources.tokens.seal('sync', USER_ID, { session: { startedAt: 1 } }),
      ],
    ])('%s: 400 VALIDATION_FAILED on `since`, before any call', async (_, tokenOf) => {
      const sources = setUp({ orders: 45 });
      const { nextSince } = await page(sources);
      const calls = sources.ordersService.queries.length;

      const error = await refusalOf(page(sources, tokenOf(sources, nextSince)));

      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'since', issue: expect.any(String) }],
      });
      expect(sources.ordersService.queries).toHaveLength(calls);
    });

    it("is bound to its user: another user's token is refused, the user's own accepted", async () => {
      const sources = setUp({ orders: 45 });
      const { nextSince } = await page(sources, undefined, USER_ID);

      await expect(page(sources, nextSince, 'user-2')).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'since' }],
      });
      await expect(page(sources, nextSince, USER_ID)).resolves.toMatchObject({ hasMore: true });
    });
  });

  describe('when a source fails', () => {
    it.each<[string, string, Error]>([
      ['unavailable', 'UPSTREAM_UNAVAILABLE', new DownstreamError('orders', 'unavailable', 503)],
      ['a bad answer', 'UPSTREAM_UNAVAILABLE', new DownstreamError('orders', 'bad_response')],
      ['timed out', 'UPSTREAM_TIMEOUT', new DownstreamError('orders', 'timeout')],
    ])('orders %s: the page fails with %s, keeping the cause', async (_, code, cause) => {
      const sources = setUp();
      sources.ordersService.failure = cause;
      const error = await refusalOf(page(sources));
      expect(error).toMatchObject({ code });
      expect((error as AppError).cause).toBe(cause);
    });

    it('notifications at the start of a session: the page fails rather than skip them', async () => {
      const sources = setUp();
      sources.failNotifications(new DownstreamError('notifications', 'unavailable', 503));
      await expect(page(sources)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    });

    it('notifications after the first page: not asked, so nothing fails', async () => {
      const sources = setUp({ orders: 45 });
      const first = await page(sources);
      sources.failNotifications(new DownstreamError('notifications', 'unavailable', 503));
      await expect(page(sources, first.nextSince)).resolves.toMatchObject({ hasMore: true });
      expect(sources.notificationQueries).toHaveLength(1);
    });

    it('users: the page fails with USER_PROFILE_UNAVAILABLE (prices need the locale)', async () => {
      const sources = setUp();
      sources.failUsers(new DownstreamError('users', 'unavailable', 503));
      await expect(page(sources)).rejects.toMatchObject({ code: 'USER_PROFILE_UNAVAILABLE' });
    });

    it('the product lookup: every order still listed, no thumbnail product', async () => {
      const sources = setUp({ orders: 5 });
      sources.failProducts(new DownstreamError('catalog', 'unavailable', 503));
      const sync = await page(sources);
      expect(ids(sync.orders)).toEqual(ids(sources.ordersService.stored));
      expect(sync.products.size).toBe(0);
      expect(sync.hasMore).toBe(false);
    });

    it('a downstream cursor too long to seal: 503, not a token the next call refuses', async () => {
      const sources = setUp({ orders: 45 });
      sources.ordersService.cursorOf = () => 'x'.repeat(10_000);
      await expect(page(sources)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    });
  });

  it('looks the thumbnails of a page up in ONE lookup, each product once', async () => {
    const sources = setUp({ orders: 45 });
    const pages = await session(sources);
    expect(sources.productLookups).toHaveLength(pages.length);
    const firstPageProducts = [...new Set(pages[0].orders.map((each) => each.items[0].productId))];
    expect(sources.productLookups[0]).toEqual(firstPageProducts);
    expect(pages[0].products.size).toBe(7);
  });

  it('returns the user, for the locale prices are shown in', async () => {
    await expect(page(setUp())).resolves.toMatchObject({ user: USER });
  });
});

/** The token with one character of its sealed body changed. */
function flip(token: string): string {
  const at = Math.floor(token.length / 2);
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}
