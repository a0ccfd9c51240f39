import type { DoubleHandler, DoubleService } from '../apps/bench/src/downstream-double';
import {
  buildOrders,
  buildProduct,
  buildUser,
  productNumber,
  userNumber,
} from '../apps/bench/src/downstream-double-data';
import { DoubleHarness, startBffOverDouble } from './support/double-harness';
import type { Platform } from './support/routes';
import { HOME_KEYS, keyPaths } from './support/shape';

interface Order {
  orderId: string;
  userId: string;
  items: Array<{ quantity: unknown } | null>;
}

/** A metric sample's value from the Prometheus text (0 when absent). */
function sample(metrics: string, line: string): number {
  const found = metrics.split('\n').find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

const DROPPED = (element: string, reason: string) =>
  `downstream_dropped_elements_total{service="${element === 'order' ? 'orders' : 'catalog'}",element="${element}",reason="${reason}"}`;

describe('home screen over another implementation of the downstream contract', () => {
  let bff: DoubleHarness;
  const replaced: Array<[DoubleService, string]> = [];
  /** Makes the double answer `prefix` of `service` with `handler` until the test ends. */
  const replace = (service: DoubleService, prefix: string, handler: DoubleHandler) => {
    bff.double.override(service, prefix, handler);
    replaced.push([service, prefix]);
  };
  /** The double's own orders of a user: what the orders service would send. */
  const ordersOf = (userId: string) => buildOrders(userNumber(userId) ?? 0) as unknown as Order[];
  /** Answers with the double's own data for the request, changed by `edit`. */
  const ordersEdited =
    (edit: (orders: Order[]) => void): DoubleHandler =>
    (request) => {
      const orders = ordersOf(request.query.userId).slice(0, Number(request.query.limit));
      edit(orders);
      return { status: 200, body: { orders, nextCursor: null } };
    };
  const home = async (user: string, platform: Platform = 'ios') =>
    bff.client.home(platform, { token: await bff.token(user) });
  const metrics = async () => (await bff.client.metrics()).text;

  beforeAll(async () => {
    bff = await startBffOverDouble();
  });
  afterEach(() => {
    for (const [service, prefix] of replaced.splice(0)) bff.double.override(service, prefix, null);
  });
  afterAll(() => bff.close());

  it('shows exactly the contract fields, whatever else the services send', async () => {
    const response = await home('u-4001');
    expect(response.status).toBe(200);
    expect(keyPaths(response.body)).toEqual(HOME_KEYS);
    expect(response.body.meta.degradedSections).toEqual([]);
    expect(response.text).not.toMatch(/fraudScore|supplierCost|warehouse|internal|retired/i);
  });

  describe('a malformed element is dropped and counted, never a 500', () => {
    it('drops an order with a null item, and shows the others', async () => {
      const orders = ordersOf('u-4002').slice(0, 3);
      const before = await metrics();
      replace(
        'orders',
        '/orders',
        ordersEdited((page) => page[0].items.push(null)),
      );
      const response = await home('u-4002');
      expect(response.status).toBe(200);
      expect(response.body.recentOrders.map((order: Order) => order.orderId)).toEqual(
        orders.slice(1).map((order) => order.orderId),
      );
      expect(response.body.meta.degradedSections).toEqual([]);
      expect(sample(await metrics(), DROPPED('order', 'malformed'))).toBe(
        sample(before, DROPPED('order', 'malformed')) + 1,
      );
    });

    it('never lets a quantity of another type reach itemCount', async () => {
      replace(
        'orders',
        '/orders',
        ordersEdited((page) => {
          page[1].items[0] = { ...page[1].items[0], quantity: '2' };
        }),
      );
      const response = await home('u-4003');
      expect(response.status).toBe(200);
      expect(response.body.recentOrders).toHaveLength(2);
      for (const order of response.body.recentOrders as Array<{ itemCount: unknown }>) {
        expect(typeof order.itemCount).toBe('number');
      }
    });

    it('drops a product whose price is not the contract money, and counts it', async () => {
      const before = await metrics();
      replace('catalog', '/products', (request) => {
        const products = request.query.ids
          .split(',')
          .flatMap((id) =>
            productNumber(id) === undefined ? [] : [buildProduct(productNumber(id) ?? 0)],
          );
        products[0] = { ...products[0], price: 89 };
        return { status: 200, body: { products } };
      });
      const response = await home('u-4004');
      expect(response.status).toBe(200);
      expect(response.body.recommendations.length).toBeGreaterThan(0);
      for (const card of response.body.recommendations as Array<{ priceFormatted: unknown }>) {
        expect(typeof card.priceFormatted).toBe('string');
      }
      expect(sample(await metrics(), DROPPED('product', 'malformed'))).toBe(
        sample(before, DROPPED('product', 'malformed')) + 1,
      );
    });
  });

  describe('a malformed payload degrades its section, or fails the screen when critical', () => {
    it.each([
      ['orders', '/orders', { orders: 'none' }, 'recentOrders', []],
      ['catalog', '/recommendations', { items: null }, 'recommendations', []],
      ['notifications', '/notifications', { unreadCount: '3' }, 'unreadNotifications', null],
      ['notifications', '/notifications', { unreadCount: -1 }, 'unreadNotifications', null],
    ] as const)('%s %s answering %j', async (service, prefix, body, section, empty) => {
      replace(service, prefix, () => ({ status: 200, body }));
      const response = await home('u-4005', 'android');
      expect(response.status).toBe(200);
      expect(response.body.meta).toMatchObject({ degraded: true, degradedSections: [section] });
      expect(response.body[section]).toEqual(empty);
    });

    it.each([
      ['a displayName of another type', { id: 'u-4006', displayName: 42 }],
      ['no id', { displayName: 'Ada L.' }],
      ['an array', [{ id: 'u-4006', displayName: 'Ada L.' }]],
    ])('users answering %s is a 503', async (_, body) => {
      replace('users', '/users', () => ({ status: 200, body }));
      const response = await home('u-4006');
      expect(response.status).toBe(503);
      expect(response.body.error).toMatchObject({
        code: 'USER_PROFILE_UNAVAILABLE',
        retryable: true,
      });
    });
  });

  describe("another user's data is never shown", () => {
    it('answers 503 when the users service returns someone else', async () => {
      replace('users', '/users', () => ({
        status: 200,
        body: { ...buildUser(4007), id: 'u-9999' },
      }));
      const response = await home('u-4007');
      expect(response.status).toBe(503);
      expect(response.text).not.toContain('u-9999');
    });

    it("drops an order whose userId is not the caller's, and counts it", async () => {
      const before = await metrics();
      replace(
        'orders',
        '/orders',
        ordersEdited((page) => {
          page[0].userId = 'u-9999';
        }),
      );
      const response = await home('u-4008');
      expect(response.status).toBe(200);
      expect(response.body.recentOrders).toHaveLength(2);
      expect(sample(await metrics(), DROPPED('order', 'other_user'))).toBe(
        sample(before, DROPPED('order', 'other_user')) + 1,
      );
    });
  });
});

describe('a failed product batch beside cached products', () => {
  let bff: DoubleHarness;
  /** Every user is recommended p-101 and p-102; the rest differs. */
  const recommended: Record<string, string[]> = {
    'u-5001': ['p-101', 'p-102', 'p-103', 'p-104'],
    'u-5002': ['p-101', 'p-102', 'p-201', 'p-202'],
    'u-5003': ['p-101', 'p-102', 'p-301', 'p-302'],
  };

  beforeAll(async () => {
    bff = await startBffOverDouble({
      CACHE_SCREEN_TTL_MS: '15000',
      CACHE_PRODUCT_TTL_MS: '60000',
      // Short, so that the hanging batch costs the test little.
      SCREEN_DEADLINE_MS: '400',
      SCREEN_DEADLINE_MARGIN_MS: '50',
    });
    bff.double.override('catalog', '/recommendations', (request) => ({
      status: 200,
      body: {
        items: (recommended[request.query.userId] ?? []).map((productId) => ({ productId })),
      },
    }));
  });
  afterEach(() => bff.double.override('catalog', '/products', null));
  afterAll(() => bff.close());

  const home = async (user: string) => bff.client.home('ios', { token: await bff.token(user) });

  it.each([
    ['fails', 'u-5002', () => ({ status: 503, body: { error: 'unavailable' } })],
    ['hangs', 'u-5003', () => new Promise<never>(() => undefined)],
  ] as const)(
    'when the batch %s (%s): degraded, cached products shown, nothing stored',
    async (_, user, fault) => {
      expect((await home('u-5001')).status).toBe(200); // caches p-101 and p-102 for everyone

      bff.double.override('catalog', '/products', fault);
      const started = performance.now();
      const degraded = await home(user);
      expect(performance.now() - started).toBeLessThan(800);
      expect(degraded.status).toBe(200);
      expect(degraded.body.meta).toMatchObject({
        degraded: true,
        degradedSections: ['recommendations'],
      });
      expect(
        degraded.body.recommendations.map((card: { productId: string }) => card.productId),
      ).toEqual(['p-101', 'p-102']);

      bff.double.override('catalog', '/products', null);
      const usersCalls = bff.double.calls('users');
      const recovered = await home(user);
      expect(bff.double.calls('users')).toBe(usersCalls + 1); // rendered again: the degraded one was not kept
      expect(recovered.body.meta.degradedSections).toEqual([]);
      expect(recovered.body.recommendations).toHaveLength(4);
    },
  );
});
