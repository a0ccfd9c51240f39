import { ManyRead } from '@app/cache';
import { loadConfig } from '@app/config';
import {
  CallContext,
  DeadlineExceeded,
  DownstreamError,
  DownstreamOrder,
  DownstreamOrderDetail,
  DownstreamProduct,
  DownstreamUser,
  OrdersClient,
  OrdersPage,
  OrdersQuery,
  UsersClient,
} from '@app/downstream';
import { AppError, ValidationFailedError } from '@app/errors';
import { CatalogProducts } from '../catalog-products';
import type { ScreenRequest } from '../home/home-sources';
import { PagingTokens } from '../paging/paging-tokens';
import { ScreenDecided } from '../screen-run';
import { OrdersAggregator } from './orders.aggregator';

const USER: DownstreamUser = { id: 'user-7', displayName: 'Grace', locale: 'de-CH' };
const CONFIG = loadConfig({ NODE_ENV: 'test' });

const item = (productId: string) => ({
  productId,
  name: `Item ${productId}`,
  quantity: 1,
  unitPrice: { amount: '5.00', currency: 'CHF' },
});

/** Orders whose first items repeat one product, and one order without items. */
const ORDERS: DownstreamOrder[] = [['p-1', 'p-9'], ['p-2'], ['p-1'], []].map((productIds, n) => ({
  orderId: `order-${n}`,
  userId: USER.id,
  status: 'SHIPPED',
  placedAt: '2031-01-01T10:00:00Z',
  items: productIds.map(item),
  totals: { grandTotal: { amount: '5.00', currency: 'CHF' } },
}));

const DETAIL: DownstreamOrderDetail = { ...ORDERS[0], carrier: null };

const product = (id: string): DownstreamProduct => ({
  id,
  title: `Product ${id}`,
  price: { amount: '5.00', currency: 'CHF' },
  images: [],
});

const screen = (): ScreenRequest => ({
  request: {
    requestId: 'req-1',
    traceId: '0af7651916cd43dd8448eb211c80319c',
    startedAt: performance.now(),
  },
  userId: USER.id,
});

const unavailable = (service: 'users' | 'orders' | 'catalog') =>
  new DownstreamError(service, 'unavailable', 503);

/** A call that never answers by itself: it fails once its signal aborts, as the transport does. */
const hanging = <T>({ signal }: CallContext) =>
  new Promise<T>((_, reject) =>
    signal.addEventListener('abort', () =>
      reject(new DownstreamError('orders', 'timeout', undefined, { cause: signal.reason })),
    ),
  );

function setUp() {
  const page: OrdersPage = { orders: ORDERS, nextCursor: 'downstream-page-2' };
  const users = {
    getUser: jest.fn((_context: CallContext, _userId: string) => Promise.resolve(USER)),
  };
  const orders = {
    listOrders: jest.fn((_context: CallContext, _query: OrdersQuery) => Promise.resolve(page)),
    getOrder: jest.fn((_context: CallContext, _orderId: string, _userId: string) =>
      Promise.resolve(DETAIL),
    ),
  };
  const products = {
    byIds: jest.fn(
      (_context: CallContext, ids: readonly string[]): Promise<ManyRead<DownstreamProduct>> =>
        Promise.resolve({ values: new Map(ids.map((id) => [id, product(id)])), complete: true }),
    ),
  };
  const tokens = new PagingTokens(CONFIG);
  const aggregator = new OrdersAggregator(
    CONFIG,
    users as Pick<UsersClient, 'getUser'> as UsersClient,
    orders as Pick<OrdersClient, 'listOrders' | 'getOrder'> as OrdersClient,
    products as Pick<CatalogProducts, 'byIds'> as CatalogProducts,
    tokens,
  );
  return { aggregator, users, orders, products, tokens };
}

type Sources = ReturnType<typeof setUp>;

const isCursor = (value: unknown): value is { downstream: string } =>
  typeof (value as { downstream?: unknown } | null)?.downstream === 'string';

async function failureOf(loading: Promise<unknown>): Promise<unknown> {
  return loading.then(
    () => {
      throw new Error('expected the load to fail');
    },
    (error: unknown) => error,
  );
}

describe(OrdersAggregator.name, () => {
  describe('a page of the list', () => {
    it('lists the orders, with the user’s locale and the thumbnails’ products', async () => {
      const { aggregator } = setUp();
      const page = await aggregator.page(screen(), { limit: 20 });
      expect(page.orders).toEqual(ORDERS);
      expect(page.locale).toBe('de-CH');
      expect([...page.thumbnails.keys()]).toEqual(['p-1', 'p-2']);
      expect(page.thumbnails.get('p-2')).toEqual(product('p-2'));
    });

    it('asks users and orders once each, for this user, under one context', async () => {
      const { aggregator, users, orders, products } = setUp();
      await aggregator.page(screen(), { limit: 20 });
      expect(users.getUser.mock.calls.map(([, userId]) => userId)).toEqual([USER.id]);
      expect(orders.listOrders.mock.calls.map(([, query]) => query)).toEqual([
        { userId: USER.id, limit: 20, cursor: undefined },
      ]);
      const [context] = users.getUser.mock.calls[0];
      expect(orders.listOrders.mock.calls[0][0].signal).toBe(context.signal);
      expect(products.byIds.mock.calls[0][0].signal).toBe(context.signal);
      expect(context.signal.reason).toBeInstanceOf(ScreenDecided);
    });

    it('looks the first items’ products up in ONE batch, each product once', async () => {
      const { aggregator, products } = setUp();
      await aggregator.page(screen(), { limit: 20 });
      expect(products.byIds.mock.calls.map(([, ids]) => ids)).toEqual([['p-1', 'p-2']]);
    });

    it('looks nothing up for a page without items', async () => {
      const sources = setUp();
      sources.orders.listOrders.mockResolvedValue({ orders: [ORDERS[3]], nextCursor: null });
      const page = await sources.aggregator.page(screen(), { limit: 20 });
      expect(page.thumbnails.size).toBe(0);
      expect(sources.products.byIds).not.toHaveBeenCalled();
    });

    it.each([1, 7, 50])('asks orders-service for exactly limit %i', async (limit) => {
      const { aggregator, orders } = setUp();
      await aggregator.page(screen(), { limit });
      expect(orders.listOrders.mock.calls[0][1].limit).toBe(limit);
    });
  });

  describe('cursors', () => {
    it('seals the downstream cursor into the BFF’s own token, for this user only', async () => {
      const { aggregator, tokens } = setUp();
      const { nextCursor } = await aggregator.page(screen(), { limit: 20 });
      expect(nextCursor).not.toBeNull();
      expect(nextCursor).not.toContain('downstream-page-2');
      expect(Buffer.from(nextCursor!, 'base64url').toString('latin1')).not.toContain('page-2');
      expect(tokens.open('orders', USER.id, nextCursor!, 'cursor', isCursor)).toEqual({
        downstream: 'downstream-page-2',
      });
      expect(() => tokens.open('orders', 'user-8', nextCursor!, 'cursor', isCursor)).toThrow(
        ValidationFailedError,
      );
    });

    it('opens a cursor it sealed and hands orders-service its own cursor back', async () => {
      const { aggregator, orders } = setUp();
      const first = await aggregator.page(screen(), { limit: 3 });
      await aggregator.page(screen(), { limit: 3, cursor: first.nextCursor! });
      expect(orders.listOrders.mock.calls[1][1]).toEqual({
        userId: USER.id,
        limit: 3,
        cursor: 'downstream-page-2',
      });
    });

    it.each<[string, string | null]>([
      ['null', null],
      ['empty', ''],
    ])('ends the list when the downstream cursor is %s', async (_, downstream) => {
      const sources = setUp();
      sources.orders.listOrders.mockResolvedValue({ orders: ORDERS, nextCursor: downstream });
      await expect(sources.aggregator.page(screen(), { limit: 20 })).resolves.toMatchObject({
        nextCursor: null,
      });
    });

    it.each<[string, (tokens: PagingTokens) => string]>([
      ['garbled', () => 'not-a-cursor'],
      ['empty', () => ''],
      ['another user’s', (tokens) => tokens.seal('orders', 'user-8', { downstream: 'x' })],
      ['a sync token', (tokens) => tokens.seal('sync', USER.id, { downstream: 'x' })],
      ['of another shape', (tokens) => tokens.seal('orders', USER.id, { offset: 3 })],
      [
        'tampered with',
        (tokens) => {
          const token = tokens.seal('orders', USER.id, { downstream: 'x' });
          return `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
        },
      ],
    ])('refuses a cursor %s with a 400 on `cursor`, calling nothing', async (_, cursorOf) => {
      const { aggregator, tokens, users, orders } = setUp();
      const error = await failureOf(
        aggregator.page(screen(), { limit: 20, cursor: cursorOf(tokens) }),
      );
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect((error as AppError).details).toEqual([
        { field: 'cursor', issue: expect.any(String) as string },
      ]);
      expect(users.getUser).not.toHaveBeenCalled();
      expect(orders.listOrders).not.toHaveBeenCalled();
    });
  });

  describe('when a source fails', () => {
    it.each<[string, (sources: Sources) => void]>([
      ['fails', (s) => s.products.byIds.mockRejectedValue(unavailable('catalog'))],
      [
        'finds only some',
        (s) =>
          s.products.byIds.mockResolvedValue({
            values: new Map([['p-2', product('p-2')]]),
            complete: false,
          }),
      ],
    ])(
      'the products lookup %s: every order stays, thumbnails only for what was found',
      async (_, fail) => {
        const sources = setUp();
        fail(sources);
        const page = await sources.aggregator.page(screen(), { limit: 20 });
        expect(page.orders).toEqual(ORDERS);
        expect(page.thumbnails.has('p-1')).toBe(false);
        expect(page.nextCursor).not.toBeNull();
      },
    );

    it('users fails: the page is served without a locale (the default applies)', async () => {
      const sources = setUp();
      sources.users.getUser.mockRejectedValue(unavailable('users'));
      const page = await sources.aggregator.page(screen(), { limit: 20 });
      expect(page.locale).toBeUndefined();
      expect(page.orders).toEqual(ORDERS);
    });

    it.each([
      ['unavailable', unavailable('orders')],
      ['not_found', new DownstreamError('orders', 'not_found', 404)],
      ['bad_response', new DownstreamError('orders', 'bad_response')],
    ])('orders %s: 503 UPSTREAM_UNAVAILABLE, the cause kept, no lookup', async (_, cause) => {
      const sources = setUp();
      sources.orders.listOrders.mockRejectedValue(cause);
      const error = await failureOf(sources.aggregator.page(screen(), { limit: 20 }));
      expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
      expect((error as AppError).cause).toBe(cause);
      expect(sources.products.byIds).not.toHaveBeenCalled();
    });
  });

  describe('one order', () => {
    it('asks for the order as this user, and for the profile beside it', async () => {
      const { aggregator, users, orders } = setUp();
      await expect(aggregator.order(screen(), 'order-0')).resolves.toEqual({
        order: DETAIL,
        locale: 'de-CH',
      });
      expect(orders.getOrder.mock.calls.map(([, ...args]) => args)).toEqual([['order-0', USER.id]]);
      expect(users.getUser).toHaveBeenCalledTimes(1);
    });

    it('asks both at once: the order is not kept waiting for the profile', async () => {
      const sources = setUp();
      let answerProfile = (_user: DownstreamUser) => {};
      sources.users.getUser.mockReturnValue(new Promise((resolve) => (answerProfile = resolve)));
      const loading = sources.aggregator.order(screen(), 'order-0');
      await Promise.resolve();
      expect(sources.orders.getOrder).toHaveBeenCalledTimes(1);
      answerProfile(USER);
      await expect(loading).resolves.toMatchObject({ locale: 'de-CH' });
    });

    // The client reports another user's order as not_found too: both take this one path.
    it('a not_found order is 404 NOT_FOUND, and the profile call is stopped', async () => {
      const sources = setUp();
      const cause = new DownstreamError('orders', 'not_found', 404);
      sources.users.getUser.mockImplementation((context) => hanging(context));
      sources.orders.getOrder.mockRejectedValue(cause);
      const error = await failureOf(sources.aggregator.order(screen(), 'order-x'));
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, cause });
      expect(sources.users.getUser.mock.calls[0][0].signal.reason).toBeInstanceOf(ScreenDecided);
    });

    it.each([
      ['unavailable', unavailable('orders')],
      ['bad_response', new DownstreamError('orders', 'bad_response')],
    ])('orders %s: 503 UPSTREAM_UNAVAILABLE', async (_, cause) => {
      const sources = setUp();
      sources.orders.getOrder.mockRejectedValue(cause);
      await expect(sources.aggregator.order(screen(), 'order-0')).rejects.toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        cause,
      });
    });

    it('users fails: the order is served without a locale', async () => {
      const sources = setUp();
      sources.users.getUser.mockRejectedValue(unavailable('users'));
      await expect(sources.aggregator.order(screen(), 'order-0')).resolves.toEqual({
        order: DETAIL,
        locale: undefined,
      });
    });
  });

  describe('the deadline', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => {
      const pendingTimers = jest.getTimerCount();
      jest.useRealTimers();
      expect(pendingTimers).toBe(0);
    });

    it('orders hanging past 800 - 100 ms fails the list then with a 503', async () => {
      const sources = setUp();
      sources.orders.listOrders.mockImplementation((context) => hanging(context));
      let settled = false;
      const loading = failureOf(sources.aggregator.page(screen(), { limit: 20 })).finally(
        () => (settled = true),
      );

      await jest.advanceTimersByTimeAsync(699);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);

      await expect(loading).resolves.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      const signal = sources.orders.listOrders.mock.calls[0][0].signal;
      expect(signal.reason).toBeInstanceOf(DeadlineExceeded);
    });

    it('a profile hanging past the deadline leaves the list in the default locale', async () => {
      const sources = setUp();
      sources.users.getUser.mockImplementation((context) => hanging(context));
      const loading = sources.aggregator.page(screen(), { limit: 20 });
      await jest.advanceTimersByTimeAsync(700);
      await expect(loading).resolves.toMatchObject({ orders: ORDERS, locale: undefined });
    });
  });
});
