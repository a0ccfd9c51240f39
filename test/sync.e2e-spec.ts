import type { DoubleHandler, DoubleService } from '../apps/bench/src/downstream-double';
import { BffHarness, startBff } from './support/bff-harness';
import { DoubleHarness, startBffOverDouble } from './support/double-harness';
import { rawRequest } from './support/raw-http';
import { PLATFORMS, Platform } from './support/routes';
import { keyPaths, orderSummaryKeys } from './support/shape';

/** The sync page's fields at every depth, as the mobile contract lists them. */
const SYNC_KEYS = [
  'hasMore',
  'nextSince',
  'notifications',
  'notifications[].body',
  'notifications[].createdAt',
  'notifications[].deepLink',
  'notifications[].id',
  'notifications[].read',
  'notifications[].title',
  'orders',
  ...orderSummaryKeys('orders[]'),
].sort();

/** Both platforms' default display (iOS 3x, Android xxhdpi) picks this thumbnail variant. */
const DEFAULT_THUMBNAIL = 'w480';
/** More than any user of either implementation has: one read returns everything. */
const ALL = 50;

interface SourceOrder {
  orderId: string;
  userId: string;
  status: string;
  placedAt: string;
  updatedAt: string;
  estimatedDelivery?: string | null;
  items: {
    productId: string;
    name: string;
    quantity: number;
    unitPrice: { amount: string; currency: string };
  }[];
  totals: { grandTotal: { amount: string; currency: string } };
}
interface SourceNotification {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
  deepLink: string;
}
interface SourceProduct {
  id: string;
  images: { variants: Record<string, string> }[];
}

/** What a service answers the BFF, read directly (the same data the BFF is given). */
interface Services {
  urls: Record<DoubleService, string>;
  serviceToken: string;
}

async function read<T>(services: Services, service: DoubleService, path: string): Promise<T> {
  const response = await rawRequest(`${services.urls[service]}${path}`, {
    headers: { authorization: `Bearer ${services.serviceToken}` },
  });
  if (response.status !== 200) throw new Error(`${service} ${path}: ${response.status}`);
  return JSON.parse(response.body) as T;
}

/** The first sync page of a user whose orders fit one page, derived from the services' data. */
async function expectedFirstSync(services: Services, userId: string) {
  const { locale } = await read<{ locale: string }>(services, 'users', `/users/${userId}`);
  const { orders } = await read<{ orders: SourceOrder[] }>(
    services,
    'orders',
    `/orders?userId=${userId}&limit=${ALL}`,
  );
  const { items } = await read<{ items: SourceNotification[] }>(
    services,
    'notifications',
    `/notifications?userId=${userId}&limit=${ALL}`,
  );
  const ids = [...new Set(orders.map((order) => order.items[0].productId))];
  const { products } = await read<{ products: SourceProduct[] }>(
    services,
    'catalog',
    `/products?ids=${ids.join(',')}`,
  );
  const thumbnails = new Map(
    products.map((product) => [product.id, product.images[0].variants[DEFAULT_THUMBNAIL]]),
  );
  return {
    orders: orders.map((order) => ({
      orderId: order.orderId,
      status: order.status,
      placedAt: order.placedAt,
      estimatedDelivery: order.estimatedDelivery ?? null,
      itemCount: order.items.reduce((sum, item) => sum + item.quantity, 0),
      totalFormatted: new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: order.totals.grandTotal.currency,
      }).format(Number(order.totals.grandTotal.amount)),
      thumbnailUrl: thumbnails.get(order.items[0].productId) ?? null,
    })),
    notifications: [...items]
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
      .map(({ id, title, body, createdAt, read: seen, deepLink }) => ({
        id,
        title,
        body,
        createdAt,
        read: seen,
        deepLink,
      })),
    hasMore: false,
  };
}

/** The token with one character of its sealed body changed. */
function forged(token: string): string {
  const at = Math.floor(token.length / 2);
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}

const REFUSED_SINCE = {
  error: expect.objectContaining({
    code: 'VALIDATION_FAILED',
    details: [{ field: 'since', issue: expect.any(String) }],
  }),
};

/** A first sync of `userId`, on each platform, checked against what `services` hold. */
function itListsWhatTheServicesHold(
  harness: () => { bff: BffHarness | DoubleHarness; services: Services },
  userId: string,
) {
  it.each(PLATFORMS)(
    '%s: a first sync lists what the services hold, exact fields and values',
    async (platform) => {
      const { bff, services } = harness();
      const expected = await expectedFirstSync(services, userId);
      const response = await bff.client.sync(platform, { token: await bff.token(userId) });

      expect(response.status).toBe(200);
      expect(keyPaths(response.body)).toEqual(SYNC_KEYS);
      expect(response.body).toEqual({ ...expected, nextSince: expect.any(String) });
      expect(expected.orders.length).toBeGreaterThan(1);
      expect(expected.notifications.length).toBeGreaterThan(1);
      // Every call is a new state: never cached, neither by the BFF nor by the phone.
      expect(response.headers['cache-control']).toBe('private, max-age=0');
    },
  );
}

describe('GET /{platform}/v1/sync over the demo services', () => {
  let demo: BffHarness;
  beforeAll(async () => {
    demo = await startBff();
  });
  afterAll(() => demo.close());

  itListsWhatTheServicesHold(() => ({ bff: demo, services: demo.backends }), 'u-1001');

  describe.each(PLATFORMS)('%s', (platform) => {
    it('the next sync lists only what changed since the previous one: here, nothing', async () => {
      const token = await demo.token('u-1002');
      const first = await demo.client.sync(platform, { token });
      expect(first.body.orders.length).toBeGreaterThan(0);

      const next = await demo.client.sync(platform, {
        token,
        query: { since: first.body.nextSince },
      });
      expect(next.status).toBe(200);
      expect(next.body).toEqual({
        orders: [],
        notifications: [],
        nextSince: expect.any(String),
        hasMore: false,
      });
    });

    it.each<[string, (token: string) => string]>([
      ['a garbled', () => 'definitely-not-a-sync-token'],
      ['a forged (one character changed)', forged],
      ['a truncated', (token) => token.slice(0, 40)],
      ['an empty', () => ''],
    ])('%s token is 400 VALIDATION_FAILED on since', async (_, tamper) => {
      const token = await demo.token('u-1003');
      const { body } = await demo.client.sync(platform, { token });
      const response = await demo.client.sync(platform, {
        token,
        query: { since: tamper(body.nextSince) },
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(REFUSED_SINCE);
    });
  });

  it("another user's token is refused, for every one of 24 users, on both platforms", async () => {
    const users = Array.from({ length: 24 }, (_, i) => `u-${2001 + i}`);
    const tokens = await Promise.all(users.map((user) => demo.token(user)));
    const sinces = await Promise.all(
      users.map(async (_, i) => {
        const response = await demo.client.sync(PLATFORMS[i % 2], { token: tokens[i] });
        expect(response.status).toBe(200);
        return response.body.nextSince as string;
      }),
    );
    const answers = await Promise.all(
      users.map(async (_, i) => {
        // Each user sends the next user's token, and then their own.
        const stolen = sinces[(i + 1) % users.length];
        const platform = PLATFORMS[i % 2];
        const refused = await demo.client.sync(platform, {
          token: tokens[i],
          query: { since: stolen },
        });
        const own = await demo.client.sync(platform, {
          token: tokens[i],
          query: { since: sinces[i] },
        });
        return { refused, own };
      }),
    );
    for (const { refused, own } of answers) {
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual(REFUSED_SINCE);
      expect(own.status).toBe(200);
    }
  });

  it('needs a signed-in user', async () => {
    const response = await demo.client.sync('ios');
    expect(response.status).toBe(401);
  });

  it('refuses a query it does not know, or since given twice', async () => {
    const token = await demo.token('u-1001');
    const extra = await demo.client.sync('android', { token, query: { limit: 5 } });
    expect(extra.status).toBe(400);
    const twice = await demo.client.get('/android/v1/sync?since=a&since=b', { token });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details).toEqual([{ field: 'since', issue: expect.any(String) }]);
  });
});

describe('GET /{platform}/v1/sync over another implementation of the services', () => {
  let double: DoubleHarness;
  beforeAll(async () => {
    double = await startBffOverDouble();
  });
  afterAll(() => double.close());

  itListsWhatTheServicesHold(() => ({ bff: double, services: double.double }), 'u-4001');

  describe('over orders that change while the client pages', () => {
    const USER = 'u-4002';
    const HOUR_MS = 3_600_000;
    const replaced: Array<[DoubleService, string]> = [];
    const replace = (service: DoubleService, prefix: string, handler: DoubleHandler) => {
      double.double.override(service, prefix, handler);
      replaced.push([service, prefix]);
    };
    afterEach(() => {
      for (const [service, prefix] of replaced.splice(0))
        double.double.override(service, prefix, null);
    });

    /** An orders-service over `stored`: newest placedAt first, offset cursors, inclusive since. */
    const ordersService =
      (stored: SourceOrder[]): DoubleHandler =>
      ({ query }) => {
        const since = query.updatedSince ? Date.parse(query.updatedSince) : -Infinity;
        const matching = stored
          .filter((order) => Date.parse(order.updatedAt) >= since)
          .sort((a, b) => Date.parse(b.placedAt) - Date.parse(a.placedAt));
        const offset = Number(query.cursor ?? 0);
        const next = offset + Number(query.limit);
        return {
          status: 200,
          body: {
            orders: matching.slice(offset, next),
            nextCursor: next < matching.length ? String(next) : null,
          },
        };
      };

    const storedOrder = (id: string, placedMs: number): SourceOrder => ({
      orderId: id,
      userId: USER,
      status: 'PLACED',
      placedAt: new Date(placedMs).toISOString(),
      updatedAt: new Date(placedMs).toISOString(),
      items: [
        {
          productId: 'p-none',
          name: 'Mug',
          quantity: 1,
          unitPrice: { amount: '12.50', currency: 'EUR' },
        },
      ],
      totals: { grandTotal: { amount: '12.50', currency: 'EUR' } },
    });

    /** Follows nextSince until hasMore is false; `between` runs before each further page. */
    async function syncAll(platform: Platform, since?: string, between = () => {}) {
      const token = await double.token(USER);
      const pages: Array<{ orders: { orderId: string }[]; nextSince: string; hasMore: boolean }> =
        [];
      let query = since === undefined ? undefined : { since };
      for (;;) {
        const response = await double.client.sync(platform, { token, query });
        expect(response.status).toBe(200);
        pages.push(response.body);
        if (!response.body.hasMore) return pages;
        between();
        query = { since: response.body.nextSince };
      }
    }
    const idsOf = (pages: Array<{ orders: { orderId: string }[] }>) =>
      pages.flatMap((page) => page.orders.map((order) => order.orderId));

    it.each(PLATFORMS)(
      '%s: every order exactly once, though new ones arrive between pages; the next sync has them',
      async (platform) => {
        const long_ago = Date.now() - 48 * HOUR_MS;
        const stored = Array.from({ length: 47 }, (_, i) =>
          storedOrder(`o-old-${i}`, long_ago - i * HOUR_MS),
        );
        const before = stored.map((order) => order.orderId);
        replace('orders', '/orders', ordersService(stored));

        let placed = 0;
        const pages = await syncAll(platform, undefined, () => {
          stored.push(storedOrder(`o-new-${placed++}`, Date.now()));
        });

        expect(pages.map((page) => page.hasMore)).toEqual([true, true, false]);
        expect(idsOf(pages)).toEqual(before);
        expect(placed).toBe(2);

        const next = await syncAll(platform, pages.at(-1)!.nextSince);
        expect(idsOf(next).sort()).toEqual(['o-new-0', 'o-new-1']);
      },
    );

    it('keeps only the contract fields of what the services send, and drops a malformed order', async () => {
      const now = Date.now() - 48 * HOUR_MS;
      const valid = [storedOrder('o-ok-1', now), storedOrder('o-ok-2', now - HOUR_MS)];
      const withInternals = valid.map((order) => ({
        ...order,
        warehouseId: 'wh-3',
        fraudCheck: { score: 3, decision: 'PASS' },
      }));
      const malformed = { ...storedOrder('o-bad', now - 2 * HOUR_MS), totals: 'free' };
      replace('orders', '/orders', () => ({
        status: 200,
        body: { orders: [...withInternals, malformed], nextCursor: null, extra: true },
      }));
      const pages = await syncAll('android');
      expect(idsOf(pages)).toEqual(['o-ok-1', 'o-ok-2']);
      expect(keyPaths(pages[0].orders)).toEqual(
        SYNC_KEYS.filter((key) => key.startsWith('orders[].')).map((key) =>
          key.slice('orders'.length),
        ),
      );
    });

    it('a failing notifications service fails the first page too (503)', async () => {
      replace('notifications', '/notifications', () => ({ status: 503, body: {} }));
      const response = await double.client.sync('android', { token: await double.token(USER) });
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
    });

    it('a failing catalog only leaves the thumbnails out', async () => {
      replace('catalog', '/products', () => ({ status: 503, body: {} }));
      const response = await double.client.sync('ios', { token: await double.token('u-4001') });
      expect(response.status).toBe(200);
      expect(response.body.orders.length).toBeGreaterThan(0);
      expect(
        response.body.orders.every(
          (order: { thumbnailUrl: unknown }) => order.thumbnailUrl === null,
        ),
      ).toBe(true);
    });

    it('a failing orders service fails the sync: 503 UPSTREAM_UNAVAILABLE, nothing skipped', async () => {
      replace('orders', '/orders', () => ({ status: 500, body: { error: 'boom' } }));
      const response = await double.client.sync('ios', { token: await double.token(USER) });
      expect(response.status).toBe(503);
      expect(response.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    });
  });
});
