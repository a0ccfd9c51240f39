import type { Response } from 'supertest';
import { PagingTokens } from '@app/aggregation';
import type { DoubleHandler } from '../apps/bench/src/downstream-double';
import {
  buildOrders,
  buildProduct,
  buildUser,
  findOrder,
  productNumber,
  userNumber,
} from '../apps/bench/src/downstream-double-data';
import { ORDERS_PER_USER } from '../apps/demo-backends/src';
import { BffHarness, startBff } from './support/bff-harness';
import { DoubleHarness, startBffOverDouble } from './support/double-harness';
import { downstream } from './support/downstream-oracle';
import { PLATFORMS, Platform, ROUTES } from './support/routes';
import { keyPaths, orderSummaryKeys } from './support/shape';

/** An order as orders-service sends it (the fields the screens show). */
interface SourceOrder {
  orderId: string;
  status: string;
  placedAt: string;
  estimatedDelivery: string | null;
  items: Array<{ productId: string; name: string; quantity: number; unitPrice: Money }>;
  totals: { grandTotal: Money };
  shippingAddress: { line1: string; city: string; postcode: string; country: string };
  paymentMethod: { brand: string; last4: string };
  carrier: { name: string; trackingUrl: string } | null;
}
interface Money {
  amount: string;
  currency: string;
}
interface SourceProduct {
  id: string;
  images: Array<{ variants: Record<string, string> }>;
}
interface Summary {
  orderId: string;
  thumbnailUrl: string | null;
  totalFormatted: string;
}

const LIST_KEYS = ['nextCursor', 'orders', ...orderSummaryKeys('orders[]')].sort();

const DETAIL_KEYS = [
  'estimatedDelivery',
  'items',
  'items[].name',
  'items[].productId',
  'items[].quantity',
  'items[].unitPriceFormatted',
  'orderId',
  'payment',
  'payment.brand',
  'payment.last4',
  'placedAt',
  'shippingAddress',
  'shippingAddress.city',
  'shippingAddress.country',
  'shippingAddress.line1',
  'shippingAddress.postcode',
  'status',
  'totalFormatted',
  'tracking',
  'tracking.carrier',
  'tracking.trackingUrl',
].sort();

/** Each platform's display header: a value, the thumbnail variant it picks, and the default's. */
const DISPLAYS = {
  ios: { header: 'X-Display-Scale', value: '1', variant: 'w160', defaultVariant: 'w480' },
  android: { header: 'X-Display-Density', value: 'hdpi', variant: 'w240', defaultVariant: 'w480' },
} as const;

/** Words of internal fields (downstream.md) and of fields the double adds: none may show. */
const INTERNAL =
  /warehouse|fraud|fingerprint|processorRef|internalNotes|sku|lineId|channel|x_future|userId|trackingNumber|subtotal/i;

const price = (money: Money, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(
    Number(money.amount),
  );

/** The list's rows as the contract derives them from the services' data. */
function summariesOf(
  orders: readonly SourceOrder[],
  products: ReadonlyMap<string, SourceProduct>,
  locale: string,
  variant: string,
) {
  return orders.map((order) => ({
    orderId: order.orderId,
    status: order.status,
    placedAt: order.placedAt,
    estimatedDelivery: order.estimatedDelivery ?? null,
    itemCount: order.items.reduce((sum, item) => sum + item.quantity, 0),
    totalFormatted: price(order.totals.grandTotal, locale),
    thumbnailUrl:
      products.get(order.items[0]?.productId ?? '')?.images[0]?.variants[variant] ?? null,
  }));
}

/** An order's detail as the contract derives it from orders-service's order. */
function detailOf(order: SourceOrder, locale: string) {
  return {
    orderId: order.orderId,
    status: order.status,
    placedAt: order.placedAt,
    estimatedDelivery: order.estimatedDelivery ?? null,
    items: order.items.map((item) => ({
      productId: item.productId,
      name: item.name,
      quantity: item.quantity,
      unitPriceFormatted: price(item.unitPrice, locale),
    })),
    totalFormatted: price(order.totals.grandTotal, locale),
    shippingAddress: order.shippingAddress,
    payment: { brand: order.paymentMethod.brand, last4: order.paymentMethod.last4 },
    tracking: order.carrier
      ? { carrier: order.carrier.name, trackingUrl: order.carrier.trackingUrl }
      : null,
  };
}

/** The body of an error without its per-request trace id. */
const traceless = (response: Response) => {
  const { traceId, ...error } = response.body.error as { traceId: string };
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  return error;
};

describe('GET /{platform}/v1/orders and /{platform}/v1/orders/{orderId}', () => {
  let bff: BffHarness;

  beforeAll(async () => {
    bff = await startBff();
  });
  afterEach(() => bff.backends.clearFaults());
  afterAll(() => bff.close());

  const get = async <T>(service: 'users' | 'orders' | 'catalog', path: string) =>
    downstream<T>(bff.backends, service, path);
  const ordersOf = async (userId: string) =>
    (await get<{ orders: SourceOrder[] }>('orders', `/orders?userId=${userId}&limit=50`)).orders;
  const localeOf = async (userId: string) =>
    (await get<{ locale: string }>('users', `/users/${userId}`)).locale;
  const productsOf = async (orders: readonly SourceOrder[]) => {
    const ids = [...new Set(orders.map((order) => order.items[0].productId))];
    const { products } = await get<{ products: SourceProduct[] }>(
      'catalog',
      `/products?ids=${ids.join(',')}`,
    );
    return new Map(products.map((product) => [product.id, product]));
  };
  const list = async (platform: Platform, userId: string, query = {}, headers = {}) =>
    bff.client.orders(platform, { token: await bff.token(userId), query, headers });
  const detail = async (platform: Platform, userId: string, orderId: string) =>
    bff.client.order(platform, orderId, { token: await bff.token(userId) });
  const catalogBatches = () =>
    bff.backends.calls('catalog').filter((call) => call.path.startsWith('/products?'));

  describe.each(PLATFORMS)('%s', (platform) => {
    const display = DISPLAYS[platform];

    it('has exactly the contract fields at every depth, and nothing internal', async () => {
      const [placed, shipped] = await ordersOf('u-1001');
      const page = await list(platform, 'u-1001');
      expect(page.status).toBe(200);
      expect(keyPaths(page.body)).toEqual(LIST_KEYS);
      const order = await detail(platform, 'u-1001', shipped.orderId);
      expect(order.status).toBe(200);
      expect(keyPaths(order.body)).toEqual(DETAIL_KEYS);
      for (const text of [page.text, order.text]) expect(text).not.toMatch(INTERNAL);
      // Not shipped yet: no carrier downstream, so tracking is null (and still there).
      const notShipped = await detail(platform, 'u-1001', placed.orderId);
      expect(placed.carrier).toBeNull();
      expect(notShipped.body.tracking).toBeNull();
    });

    it.each(['u-1001', 'u-1002', 'u-1003', 'u-1004'])(
      'lists the orders of %s as the services have them: totals in their locale, thumbnails for the device',
      async (userId) => {
        const orders = await ordersOf(userId);
        const [locale, products] = await Promise.all([localeOf(userId), productsOf(orders)]);
        const page = await list(platform, userId);
        expect(page.body).toEqual({
          orders: summariesOf(orders, products, locale, display.defaultVariant),
          nextCursor: null,
        });
        const sized = await list(platform, userId, {}, { [display.header]: display.value });
        expect(sized.body.orders).toEqual(summariesOf(orders, products, locale, display.variant));
      },
    );

    it.each(['u-1001', 'u-1002', 'u-1003', 'u-1004'])(
      'shows each order of %s in full, unit prices and total in their locale',
      async (userId) => {
        const [orders, locale] = await Promise.all([ordersOf(userId), localeOf(userId)]);
        for (const { orderId } of orders) {
          const order = await get<SourceOrder>('orders', `/orders/${orderId}`);
          const response = await detail(platform, userId, orderId);
          expect(response.status).toBe(200);
          expect(response.body).toEqual(detailOf(order, locale));
        }
      },
    );

    it('pages through every order with its own cursors: none lost or repeated, one catalog batch per page', async () => {
      const all = await ordersOf('u-1005');
      bff.backends.resetCalls();
      const seen: string[] = [];
      const cursors: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Response = await list(platform, 'u-1005', {
          limit: 2,
          ...(cursor === null ? {} : { cursor }),
        });
        expect(page.status).toBe(200);
        expect(page.body.orders.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.orders.map((order: Summary) => order.orderId));
        cursor = page.body.nextCursor;
        if (cursor !== null) cursors.push(cursor);
      } while (cursor !== null && seen.length <= all.length);

      expect(seen).toEqual(all.map((order) => order.orderId));
      expect(cursors).toHaveLength(Math.ceil(ORDERS_PER_USER / 2) - 1);
      // Each page: one orders call with the downstream cursor, ONE batch for its thumbnails.
      const listCalls = bff.backends.calls('orders').map((call) => new URL(call.path, 'http://x'));
      expect(listCalls.map((url) => url.searchParams.get('limit'))).toEqual(['2', '2', '2']);
      const downstreamCursors = listCalls.flatMap((url) => url.searchParams.get('cursor') ?? []);
      expect(downstreamCursors).toHaveLength(2);
      for (const downstreamCursor of downstreamCursors) {
        expect(cursors.join(' ')).not.toContain(downstreamCursor);
      }
      expect(catalogBatches()).toHaveLength(3);
    });

    it.each(['0', '51', 'abc', '1.5', '-3', ''])(
      'refuses limit=%j with a 400 naming the field, before any downstream call',
      async (limit) => {
        bff.backends.resetCalls();
        const response = await list(platform, 'u-1001', { limit });
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({
          code: 'VALIDATION_FAILED',
          retryable: false,
          details: [{ field: 'limit', issue: 'must be an integer between 1 and 50' }],
        });
        expect(bff.backends.calls('orders')).toEqual([]);
      },
    );

    it('takes limit 1 and 50, and sends that limit downstream', async () => {
      bff.backends.resetCalls();
      expect((await list(platform, 'u-1001', { limit: 1 })).body.orders).toHaveLength(1);
      expect((await list(platform, 'u-1001', { limit: 50 })).body.orders).toHaveLength(
        ORDERS_PER_USER,
      );
      const limits = bff.backends
        .calls('orders')
        .map((call) => new URL(call.path, 'http://x').searchParams.get('limit'));
      expect(limits).toEqual(['1', '50']);
    });

    describe('refuses a cursor it did not hand to this user, with a 400 on `cursor`', () => {
      const refused = async (userId: string, cursor: string) => {
        bff.backends.resetCalls();
        const response = await list(platform, userId, { limit: 2, cursor });
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ field: 'cursor', issue: expect.any(String) }],
        });
        expect(bff.backends.calls('orders')).toEqual([]);
      };
      const cursorOf = async (userId: string): Promise<string> =>
        (await list(platform, userId, { limit: 2 })).body.nextCursor;

      it('garbled', async () => {
        await refused('u-1001', 'not-a-cursor');
        await refused('u-1001', '%%%');
      });

      it('tampered with', async () => {
        const cursor = await cursorOf('u-1001');
        const flipped = cursor[10] === 'A' ? 'B' : 'A';
        await refused('u-1001', `${cursor.slice(0, 10)}${flipped}${cursor.slice(11)}`);
        await refused('u-1001', cursor.slice(0, -2));
      });

      it('another user’s', async () => {
        await refused('u-1001', await cursorOf('u-1002'));
      });

      it('the downstream cursor itself, or another list’s token', async () => {
        await refused('u-1001', Buffer.from('demo-orders:2').toString('base64url'));
        const sync = new PagingTokens(bff.config).seal('sync', 'u-1001', { downstream: 'x' });
        await refused('u-1001', sync);
      });
    });

    it('documents both routes: the list’s query and display header, the detail’s 404', async () => {
      const { paths } = (await bff.client.apiDocument(platform)).body as {
        paths: Record<string, { get: { parameters: { name: string }[]; responses: object } }>;
      };
      const listed = paths[ROUTES.orders(platform)].get;
      expect(listed.parameters.map((parameter) => parameter.name)).toEqual(
        expect.arrayContaining(['limit', 'cursor', display.header]),
      );
      expect(Object.keys(listed.responses)).toEqual(expect.arrayContaining(['200', '400', '503']));
      const single = paths[`${ROUTES.orders(platform)}/{orderId}`].get;
      expect(Object.keys(single.responses)).toEqual(expect.arrayContaining(['200', '404', '503']));
    });

    it('answers 401 without a token, on both routes', async () => {
      for (const response of [
        await bff.client.orders(platform),
        await bff.client.order(platform, 'o-1001-1'),
      ]) {
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe('UNAUTHENTICATED');
      }
    });

    it('is private to the user, with an ETag that answers 304', async () => {
      const [order] = await ordersOf('u-1001');
      const first = await detail(platform, 'u-1001', order.orderId);
      expect(first.headers['cache-control']).toBe('private, max-age=30');
      const again = await bff.client.order(platform, order.orderId, {
        token: await bff.token('u-1001'),
        headers: { 'If-None-Match': first.headers.etag },
      });
      expect(again.status).toBe(304);
      const page = await list(platform, 'u-1001');
      expect(page.headers['cache-control']).toBe('private, max-age=30');
      expect(page.headers.vary).toContain(display.header);
      const pageAgain = await bff.client.orders(platform, {
        token: await bff.token('u-1001'),
        headers: { 'If-None-Match': page.headers.etag },
      });
      expect(pageAgain.status).toBe(304);
    });

    it('answers 503 UPSTREAM_UNAVAILABLE on both routes when orders-service fails', async () => {
      bff.backends.setFault('orders', { kind: 'status', status: 500 });
      for (const response of [
        await list(platform, 'u-1001'),
        await detail(platform, 'u-1001', 'o-1001-1'),
      ]) {
        expect(response.status).toBe(503);
        expect(response.body.error).toMatchObject({
          code: 'UPSTREAM_UNAVAILABLE',
          retryable: true,
        });
        expect(response.body.error).not.toHaveProperty('details');
        expect(response.text).not.toMatch(/127\.0\.0\.1|internal_error/);
      }
    });

    it('still lists every order when the thumbnail batch fails: thumbnails are null', async () => {
      const orders = await ordersOf('u-1002');
      const [locale, products] = await Promise.all([localeOf('u-1002'), productsOf(orders)]);
      bff.backends.setFault('catalog', { kind: 'status', status: 503 }, { path: '/products' });
      const page = await list(platform, 'u-1002');
      expect(page.status).toBe(200);
      expect(page.body.orders).toEqual(
        summariesOf(orders, products, locale, display.defaultVariant).map((summary) => ({
          ...summary,
          thumbnailUrl: null,
        })),
      );
    });

    it('formats in en-US when the profile cannot be read, rather than failing', async () => {
      const [order] = await ordersOf('u-1002');
      expect(await localeOf('u-1002')).not.toBe('en-US');
      bff.backends.setFault('users', { kind: 'status', status: 503 });
      const page = await list(platform, 'u-1002');
      expect(page.status).toBe(200);
      expect(page.body.orders[0].totalFormatted).toBe(price(order.totals.grandTotal, 'en-US'));
      const full = await detail(platform, 'u-1002', order.orderId);
      expect(full.status).toBe(200);
      expect(full.body).toEqual(detailOf(order, 'en-US'));
    });
  });

  it('refuses every user’s cursor to another user, for 20 users', async () => {
    const users = Array.from({ length: 20 }, (_, i) => `u-${3101 + i}`);
    for (const [i, owner] of users.entries()) {
      const caller = users[(i + 1) % users.length];
      const platform = PLATFORMS[i % PLATFORMS.length];
      const own = await list(platform, owner, { limit: '1' });
      expect(own.body.nextCursor).toEqual(expect.any(String));
      const next = await list(platform, owner, { limit: '1', cursor: own.body.nextCursor });
      const stolen = await list(platform, caller, { limit: '1', cursor: own.body.nextCursor });
      expect(next.status).toBe(200);
      expect(stolen.status).toBe(400);
      expect(stolen.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'cursor' }],
      });
    }
  });

  it('answers another user’s order exactly like an unknown one, for 20 users', async () => {
    const users = Array.from({ length: 20 }, (_, i) => `u-${3001 + i}`);
    bff.backends.resetCalls();
    for (const [i, owner] of users.entries()) {
      const caller = users[(i + 1) % users.length];
      const platform = PLATFORMS[i % PLATFORMS.length];
      const orders = await ordersOf(owner);
      const ownOrder = orders[i % orders.length].orderId;
      const unknownOrder = `o-${owner.slice(2)}-${ORDERS_PER_USER + 1}`;

      expect((await detail(platform, owner, ownOrder)).status).toBe(200);
      const foreign = await detail(platform, caller, ownOrder);
      const unknown = await detail(platform, caller, unknownOrder);

      for (const response of [foreign, unknown]) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('NOT_FOUND');
      }
      expect(traceless(foreign)).toEqual(traceless(unknown));
      expect(Object.keys(foreign.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
      expect(foreign.text).not.toContain(owner);
      // Both took the same path: orders-service was asked for each id.
      const asked = bff.backends.calls('orders').map((call) => call.path);
      expect(asked).toEqual(
        expect.arrayContaining([`/orders/${ownOrder}`, `/orders/${unknownOrder}`]),
      );
    }
  });
});

describe('orders over another implementation of the downstream contract', () => {
  let bff: DoubleHarness;
  const replaced: Array<Parameters<DoubleHarness['double']['override']>> = [];
  const replace = (service: 'orders' | 'catalog', prefix: string, handler: DoubleHandler) => {
    bff.double.override(service, prefix, handler);
    replaced.push([service, prefix, null]);
  };

  beforeAll(async () => {
    bff = await startBffOverDouble();
  });
  afterEach(() => {
    for (const [service, prefix] of replaced.splice(0)) bff.double.override(service, prefix, null);
  });
  afterAll(() => bff.close());

  const userN = (userId: string) => userNumber(userId) ?? -1;
  const doubleOrders = (userId: string) => buildOrders(userN(userId)) as unknown as SourceOrder[];
  const doubleLocale = (userId: string) => (buildUser(userN(userId)) as { locale: string }).locale;
  const doubleProducts = (orders: readonly SourceOrder[]) =>
    new Map(
      orders.map((order) => {
        const id = order.items[0].productId;
        return [id, buildProduct(productNumber(id) ?? -1) as unknown as SourceProduct];
      }),
    );
  const list = async (platform: Platform, userId: string, query = {}) =>
    bff.client.orders(platform, { token: await bff.token(userId), query });
  const detail = async (platform: Platform, userId: string, orderId: string) =>
    bff.client.order(platform, orderId, { token: await bff.token(userId) });

  it.each(PLATFORMS)(
    '%s: pages through all of a user’s orders, exact fields, one catalog call per page',
    async (platform) => {
      const userId = 'u-4013';
      const orders = doubleOrders(userId);
      expect(orders.length).toBeGreaterThan(8);
      const expected = summariesOf(
        orders,
        doubleProducts(orders),
        doubleLocale(userId),
        DISPLAYS[platform].defaultVariant,
      );
      const pages: Summary[][] = [];
      let cursor: string | null = null;
      do {
        const catalogBefore = bff.double.calls('catalog');
        const page: Response = await list(platform, userId, {
          limit: 4,
          ...(cursor === null ? {} : { cursor }),
        });
        expect(page.status).toBe(200);
        expect(keyPaths(page.body)).toEqual(LIST_KEYS);
        expect(page.text).not.toMatch(INTERNAL);
        expect(bff.double.calls('catalog') - catalogBefore).toBe(1);
        pages.push(page.body.orders);
        cursor = page.body.nextCursor;
      } while (cursor !== null && pages.length <= orders.length);
      expect(pages.map((page) => page.length)).toEqual([4, 4, orders.length - 8]);
      expect(pages.flat()).toEqual(expected);
    },
  );

  it.each(PLATFORMS)(
    '%s: shows an order in full, and another user’s like an unknown one',
    async (platform) => {
      const [, second] = doubleOrders('u-4013');
      const order = findOrder(second.orderId) as unknown as SourceOrder;
      const own = await detail(platform, 'u-4013', second.orderId);
      expect(own.status).toBe(200);
      expect(own.body).toEqual(detailOf(order, doubleLocale('u-4013')));
      expect(own.text).not.toMatch(INTERNAL);

      const foreign = await detail(platform, 'u-4014', second.orderId);
      const unknown = await detail(platform, 'u-4014', 'o-4013-99');
      expect([foreign.status, unknown.status]).toEqual([404, 404]);
      expect(traceless(foreign)).toEqual(traceless(unknown));
      expect(Object.keys(foreign.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
    },
  );

  it('drops a malformed order from the page and shows the others', async () => {
    const orders = doubleOrders('u-4010');
    replace('orders', '/orders', () => {
      const page = orders.slice(0, 5).map((order) => ({ ...order })) as unknown[];
      page[1] = { ...(page[1] as object), items: [null] };
      page[3] = { ...(page[3] as object), totals: { grandTotal: 12 } };
      return { status: 200, body: { orders: page, nextCursor: null, extra: { internal: true } } };
    });
    const page = await list('ios', 'u-4010', { limit: 5 });
    expect(page.status).toBe(200);
    expect(page.body.orders.map((order: Summary) => order.orderId)).toEqual(
      [0, 2, 4].map((i) => orders[i].orderId),
    );
    expect(keyPaths(page.body)).toEqual(LIST_KEYS);
  });

  it.each([
    ['a list that is not one', { orders: 'none' }],
    ['not JSON', '<html>oops</html>'],
  ])('answers 503 when orders-service sends %s', async (_, body) => {
    replace('orders', '/orders', () => ({ status: 200, body }));
    const response = await list('android', 'u-4010');
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('answers 503 when the order is malformed, 404 when orders-service says not_found', async () => {
    replace('orders', '/orders/', () => ({ status: 200, body: { orderId: 42 } }));
    expect((await detail('ios', 'u-4010', 'o-4010-0')).status).toBe(503);
    replace('orders', '/orders/', () => ({ status: 404, body: { error: 'not_found' } }));
    expect((await detail('ios', 'u-4010', 'o-4010-0')).body.error.code).toBe('NOT_FOUND');
  });

  it('shows null address and payment when orders-service leaves them out', async () => {
    const order = findOrder('o-4010-1') as Record<string, unknown>;
    const { shippingAddress: _a, paymentMethod: _p, ...bare } = order;
    replace('orders', '/orders/', () => ({ status: 200, body: bare }));
    const response = await detail('android', 'u-4010', 'o-4010-1');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ shippingAddress: null, payment: null });
    expect(response.body.items.length).toBeGreaterThan(0);
  });

  it('shows the orders with null thumbnails when the catalog batch is malformed', async () => {
    replace('catalog', '/products', () => ({ status: 200, body: { products: 'soon' } }));
    const page = await list('ios', 'u-4010');
    expect(page.status).toBe(200);
    expect(page.body.orders).toHaveLength(doubleOrders('u-4010').length);
    for (const order of page.body.orders as Summary[]) expect(order.thumbnailUrl).toBeNull();
  });
});
