import { SERVICE_NAMES } from '@app/config';
import { DemoBackends, startDemoBackends } from './demo-backends';
import { UNKNOWN_PRODUCT_ID } from './data/ids';
import { INTERNAL_NUMERIC_SENTINEL, INTERNAL_SENTINEL } from './sentinels';
import { getJson, rawRequest } from './testing/raw-http';

interface Product {
  id: string;
  price: { amount: string; currency: string };
  images: { url: string; variants: Record<string, string> }[];
}
interface Order {
  orderId: string;
  userId: string;
  placedAt: string;
  updatedAt: string;
  items: { quantity: number }[];
}
interface OrdersPage {
  orders: Order[];
  nextCursor: string | null;
}

describe(startDemoBackends.name, () => {
  let demo: DemoBackends;
  const get = (service: keyof DemoBackends['urls'], path: string, headers = {}) =>
    getJson(`${demo.urls[service]}${path}`, demo.serviceToken, headers);

  beforeAll(async () => {
    demo = await startDemoBackends();
  });
  afterAll(() => demo.close());
  afterEach(() => {
    demo.clearFaults();
    demo.resetCalls();
  });

  it('listens on loopback with one URL per service, without a trailing slash', () => {
    for (const service of SERVICE_NAMES) {
      expect(demo.urls[service]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    expect(new Set(Object.values(demo.urls)).size).toBe(SERVICE_NAMES.length);
  });

  describe('service token', () => {
    it.each([
      ['missing', {}],
      ['wrong', { authorization: 'Bearer nope' }],
      ['not bearer', { authorization: 'Basic ZGVtbw==' }],
    ])('answers 401 when the token is %s', async (_label, headers) => {
      for (const service of SERVICE_NAMES) {
        const response = await rawRequest(`${demo.urls[service]}/users/u-1001`, { headers });
        expect(response.status).toBe(401);
        expect(JSON.parse(response.body)).toEqual({ error: 'unauthorized' });
      }
    });

    it('honours a custom token', async () => {
      const custom = await startDemoBackends({ serviceToken: 'custom-token' });
      try {
        expect(custom.serviceToken).toBe('custom-token');
        const ok = await getJson(`${custom.urls.users}/users/u-1001`, 'custom-token');
        expect(ok.status).toBe(200);
        const wrong = await getJson(`${custom.urls.users}/users/u-1001`, demo.serviceToken);
        expect(wrong.status).toBe(401);
      } finally {
        await custom.close();
      }
    });
  });

  describe('data', () => {
    it.each([
      ['u-1001', 'en-GB', 'GBP'],
      ['u-1002', 'de-DE', 'EUR'],
      ['u-1003', 'ja-JP', 'JPY'],
      ['u-1004', 'en-US', 'USD'],
      ['u-1005', 'en-GB', 'GBP'],
      ['u-8', 'en-US', 'USD'],
    ])('serves %s with locale %s and currency %s', async (userId, locale, currency) => {
      const { status, body } = await get('users', `/users/${userId}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: userId, locale, currency });
    });

    it('serves any u-<digits> user and 404s other ids', async () => {
      const users = await Promise.all(
        Array.from({ length: 50 }, (_, i) => get('users', `/users/u-${2000 + i}`)),
      );
      expect(users.every((user) => user.status === 200)).toBe(true);
      for (const id of ['x-1', 'u-', 'u-12a', 'U-1001']) {
        expect(await get('users', `/users/${id}`)).toEqual({
          status: 404,
          body: { error: 'not_found' },
        });
      }
    });

    it('serves p-100..p-399 and 404s other products', async () => {
      expect((await get('catalog', '/products/p-100')).status).toBe(200);
      expect((await get('catalog', '/products/p-399')).status).toBe(200);
      for (const id of ['p-99', 'p-400', UNKNOWN_PRODUCT_ID, 'nope']) {
        expect(await get('catalog', `/products/${id}`)).toEqual({
          status: 404,
          body: { error: 'not_found' },
        });
      }
    });

    it('prices products in several currencies, JPY without decimals', async () => {
      const ids = Array.from({ length: 8 }, (_, i) => `p-${200 + i}`).join(',');
      const { body } = await get('catalog', `/products?ids=${ids}`);
      const products = (body as { products: Product[] }).products;
      const currencies = new Set(products.map((product) => product.price.currency));
      expect(currencies).toEqual(new Set(['GBP', 'EUR', 'USD', 'JPY']));
      for (const { price } of products) {
        expect(price.amount).toMatch(price.currency === 'JPY' ? /^\d+$/ : /^\d+\.\d{2}$/);
      }
      const trailShoe = products.find((product) => product.id === 'p-200');
      expect(trailShoe?.price).toEqual({ amount: '89.00', currency: 'GBP' });
      expect(trailShoe?.images[0]?.variants.w480).toBe('https://img.example/p/p-200/w480.jpg');
      expect(new Set(Object.values(trailShoe?.images[0]?.variants ?? {})).size).toBe(5);
    });

    it('batch-fetches products, leaving unknown ids out and not keeping the order', async () => {
      const { status, body } = await get(
        'catalog',
        `/products?ids=p-101,${UNKNOWN_PRODUCT_ID},p-102,p-103`,
      );
      expect(status).toBe(200);
      const ids = (body as { products: Product[] }).products.map((product) => product.id);
      expect(ids).toEqual(['p-103', 'p-102', 'p-101']);
    });

    it('rejects more than 50 ids in one batch', async () => {
      const ids = Array.from({ length: 51 }, (_, i) => `p-${100 + i}`).join(',');
      expect((await get('catalog', `/products?ids=${ids}`)).status).toBe(400);
      const fifty = Array.from({ length: 50 }, (_, i) => `p-${100 + i}`).join(',');
      expect((await get('catalog', `/products?ids=${fifty}`)).status).toBe(200);
    });

    it('recommends `limit` items in score order, the third unknown to the catalog', async () => {
      const { body } = await get('catalog', '/recommendations?userId=u-1001&limit=8');
      const items = (body as { items: { productId: string; score: number }[] }).items;
      expect(items).toHaveLength(8);
      expect(items[2]?.productId).toBe(UNKNOWN_PRODUCT_ID);
      const scores = items.map((item) => item.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(new Set(items.map((item) => item.productId)).size).toBe(8);
      expect((await get('catalog', `/products/${UNKNOWN_PRODUCT_ID}`)).status).toBe(404);
    });

    it('lists orders newest first with cursor paging and updatedSince', async () => {
      const first = (await get('orders', '/orders?userId=u-1001&limit=3')).body as OrdersPage;
      expect(first.orders).toHaveLength(3);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (
        await get('orders', `/orders?userId=u-1001&limit=3&cursor=${first.nextCursor ?? ''}`)
      ).body as OrdersPage;
      expect(second.orders).toHaveLength(2);
      expect(second.nextCursor).toBeNull();
      const all = [...first.orders, ...second.orders];
      const placed = all.map((order) => order.placedAt);
      expect(placed).toEqual([...placed].sort().reverse());
      expect(all.every((order) => order.userId === 'u-1001')).toBe(true);
      expect(all.some((order) => order.items.some((item) => item.quantity > 1))).toBe(true);

      const since = all[1]?.updatedAt ?? '';
      const recent = (await get('orders', `/orders?userId=u-1001&updatedSince=${since}`))
        .body as OrdersPage;
      expect(recent.orders.length).toBeGreaterThan(0);
      expect(recent.orders.every((order) => order.updatedAt > since)).toBe(true);
      expect((await get('orders', '/orders?userId=u-1001&cursor=garbage')).status).toBe(400);
      expect((await get('orders', '/orders?userId=u-1001&limit=51')).status).toBe(400);
    });

    it('looks an order up by id without checking its owner', async () => {
      const { body } = await get('orders', '/orders?userId=u-1002&limit=1');
      const orderId = (body as OrdersPage).orders[0]?.orderId ?? '';
      const order = await get('orders', `/orders/${orderId}`, { 'x-user-id': 'u-1001' });
      expect(order).toMatchObject({ status: 200, body: { orderId, userId: 'u-1002' } });
      expect((await get('orders', '/orders/o-1002-99')).status).toBe(404);
    });

    it('counts unread notifications and honours unreadOnly, limit and since', async () => {
      type Page = { items: { read: boolean; createdAt: string }[]; unreadCount: number };
      const all = (await get('notifications', '/notifications?userId=u-1001')).body as Page;
      expect(all.unreadCount).toBe(3);
      expect(all.items.filter((item) => !item.read)).toHaveLength(3);
      const unread = (await get('notifications', '/notifications?userId=u-1001&unreadOnly=true'))
        .body as Page;
      expect(unread.items).toHaveLength(3);
      const limited = (await get('notifications', '/notifications?userId=u-1001&limit=2'))
        .body as Page;
      expect(limited).toMatchObject({ unreadCount: 3, items: [{}, {}] });
      const since = all.items[1]?.createdAt ?? '';
      const newer = (await get('notifications', `/notifications?userId=u-1001&since=${since}`))
        .body as Page;
      expect(newer.items).toHaveLength(1);
      const zero = (await get('notifications', '/notifications?userId=u-1004')).body as Page;
      expect(zero.unreadCount).toBe(0);
    });

    it('registers devices idempotently and deletes them per user', async () => {
      const url = `${demo.urls.notifications}/devices/${'a'.repeat(64)}`;
      const auth = { authorization: `Bearer ${demo.serviceToken}` };
      const body = { userId: 'u-1001', platform: 'apns', appVersion: '5.1.3', locale: 'en-GB' };
      const put = () => rawRequest(url, { method: 'PUT', headers: auth, body });
      expect((await put()).status).toBe(201);
      expect((await put()).status).toBe(200);
      const del = (userId: string) =>
        rawRequest(`${url}?userId=${userId}`, { method: 'DELETE', headers: auth });
      expect((await del('u-1002')).status).toBe(404);
      expect((await del('u-1001')).status).toBe(204);
      expect((await del('u-1001')).status).toBe(404);

      const fcm = `${demo.urls.notifications}/devices/${'f:'.repeat(1000)}`;
      const android = { ...body, platform: 'fcm' };
      expect((await rawRequest(fcm, { method: 'PUT', headers: auth, body: android })).status).toBe(
        201,
      );
      const invalid = { ...body, platform: 'webpush' };
      expect((await rawRequest(url, { method: 'PUT', headers: auth, body: invalid })).status).toBe(
        400,
      );
    });

    it('serves mobile config per platform, and lets tests announce maintenance', async () => {
      const ios = await get('config', '/config/mobile?platform=ios');
      expect(ios).toMatchObject({ status: 200, body: { platform: 'ios', maintenance: null } });
      expect((await get('config', '/config/mobile?platform=web')).status).toBe(400);
      const maintenance = { message: 'Back soon', until: '2030-01-01T00:00:00Z' };
      demo.setMobileConfig({ maintenance });
      expect((await get('config', '/config/mobile?platform=android')).body).toMatchObject({
        platform: 'android',
        maintenance,
      });
      demo.setMobileConfig(null);
      expect((await get('config', '/config/mobile?platform=android')).body).toMatchObject({
        maintenance: null,
      });
    });
  });

  describe('internal fields', () => {
    const everyPayload: [keyof DemoBackends['urls'], string][] = [
      ['users', '/users/u-1001'],
      ['orders', '/orders?userId=u-1001'],
      ['orders', '/orders/o-1001-1'],
      ['catalog', '/products/p-200'],
      ['catalog', '/products?ids=p-200,p-201'],
      ['catalog', '/products/p-200/reviews?limit=3'],
      ['catalog', '/recommendations?userId=u-1001&limit=3'],
      ['notifications', '/notifications?userId=u-1001'],
      ['config', '/config/mobile?platform=ios'],
    ];

    it.each(everyPayload)('carry sentinels on %s %s', async (service, path) => {
      const { status, body } = await get(service, path);
      expect(status).toBe(200);
      expect(JSON.stringify(body)).toContain(INTERNAL_SENTINEL);
      expect(body).toHaveProperty('x_future_internal', INTERNAL_SENTINEL);
    });

    it('mark every documented internal field', async () => {
      const user = (await get('users', '/users/u-1001')).body;
      expect(user).toMatchObject({
        fraudScore: INTERNAL_NUMERIC_SENTINEL,
        internalSegmentTag: INTERNAL_SENTINEL,
        riskFlags: [INTERNAL_SENTINEL],
        kycStatus: INTERNAL_SENTINEL,
        passwordHashVersion: INTERNAL_NUMERIC_SENTINEL,
        accountManager: INTERNAL_SENTINEL,
        lastLoginIp: INTERNAL_SENTINEL,
        experiments: expect.objectContaining({ cohort: INTERNAL_SENTINEL }),
      });
      const order = (await get('orders', '/orders/o-1001-2')).body;
      expect(order).toMatchObject({
        warehouseId: INTERNAL_SENTINEL,
        internalNotes: INTERNAL_SENTINEL,
        fraudCheck: { score: INTERNAL_NUMERIC_SENTINEL, decision: INTERNAL_SENTINEL },
        paymentMethod: { fingerprint: INTERNAL_SENTINEL, processorRef: INTERNAL_SENTINEL },
        items: expect.arrayContaining([
          expect.objectContaining({
            warehouseBin: INTERNAL_SENTINEL,
            x_future_internal: INTERNAL_SENTINEL,
          }),
        ]),
      });
      const product = (await get('catalog', '/products/p-200')).body;
      expect(product).toMatchObject({
        supplierCost: { currency: INTERNAL_SENTINEL },
        marginPct: INTERNAL_NUMERIC_SENTINEL,
        supplierId: INTERNAL_SENTINEL,
        inventory: { reserved: INTERNAL_NUMERIC_SENTINEL, warehouses: [{ id: INTERNAL_SENTINEL }] },
      });
      const reviews = (await get('catalog', '/products/p-200/reviews')).body;
      expect(reviews).toMatchObject({
        reviews: expect.arrayContaining([
          expect.objectContaining({
            authorUserId: INTERNAL_SENTINEL,
            moderation: expect.objectContaining({ status: INTERNAL_SENTINEL }),
            x_future_internal: INTERNAL_SENTINEL,
          }),
        ]),
      });
      const notifications = (await get('notifications', '/notifications?userId=u-1001')).body;
      expect(notifications).toMatchObject({
        items: expect.arrayContaining([
          expect.objectContaining({
            campaignId: INTERNAL_SENTINEL,
            deliveryStats: expect.objectContaining({ channel: INTERNAL_SENTINEL }),
            x_future_internal: INTERNAL_SENTINEL,
          }),
        ]),
      });
      const config = (await get('config', '/config/mobile?platform=android')).body;
      expect(config).toMatchObject({ internal: { killSwitchOwner: INTERNAL_SENTINEL } });
    });
  });

  describe('call recording', () => {
    it('records every call in order with its headers, faulted and unauthorised too', async () => {
      await get('users', '/users/u-1001', { 'x-request-id': 'req-1', 'x-user-id': 'u-1001' });
      await rawRequest(`${demo.urls.orders}/orders?userId=u-1001`);
      demo.setFault('catalog', { kind: 'status', status: 503 });
      await get('catalog', '/recommendations?userId=u-1001&limit=6', {
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      });

      const calls = demo.calls();
      expect(calls.map((call) => [call.service, call.method, call.path])).toEqual([
        ['users', 'GET', '/users/u-1001'],
        ['orders', 'GET', '/orders?userId=u-1001'],
        ['catalog', 'GET', '/recommendations?userId=u-1001&limit=6'],
      ]);
      expect(calls[0]?.headers).toMatchObject({
        authorization: `Bearer ${demo.serviceToken}`,
        'x-request-id': 'req-1',
        'x-user-id': 'u-1001',
      });
      expect(calls[2]?.headers.traceparent).toMatch(/^00-4bf92f/);
      expect(demo.calls('orders')).toHaveLength(1);
      demo.resetCalls();
      expect(demo.calls()).toEqual([]);
    });

    it('exposes control endpoints that are neither recorded nor authenticated', async () => {
      await get('users', '/users/u-1001');
      const control = `${demo.urls.users}/__control`;
      const listed = await rawRequest(`${control}/calls`);
      expect(listed.status).toBe(200);
      expect(JSON.parse(listed.body)).toMatchObject({
        count: 1,
        calls: [{ path: '/users/u-1001' }],
      });

      const set = await rawRequest(`${control}/fault`, {
        method: 'PUT',
        body: { kind: 'status', status: 502 },
      });
      expect(set.status).toBe(204);
      expect((await get('users', '/users/u-1001')).status).toBe(502);
      const invalid = await rawRequest(`${control}/fault`, { method: 'PUT', body: { kind: 'x' } });
      expect(invalid.status).toBe(400);
      expect((await rawRequest(`${control}/fault`, { method: 'DELETE' })).status).toBe(204);
      expect((await get('users', '/users/u-1001')).status).toBe(200);
      expect(demo.calls('users')).toHaveLength(3);
    });
  });

  describe('faults', () => {
    it('answers an injected status with a JSON error body', async () => {
      demo.setFault('users', { kind: 'status', status: 503 });
      const response = await rawRequest(`${demo.urls.users}/users/u-1001`);
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(JSON.parse(response.body)).toEqual({ error: 'unavailable' });
    });

    it('limits a fault to a path prefix', async () => {
      demo.setFault('catalog', { kind: 'status', status: 500 }, { path: '/recommendations' });
      expect((await get('catalog', '/recommendations?userId=u-1001')).status).toBe(500);
      expect((await get('catalog', '/products?ids=p-200')).status).toBe(200);
      demo.setFault('catalog', { kind: 'status', status: 504 }, { path: '/products' });
      expect((await get('catalog', '/products/p-200/reviews')).status).toBe(504);
      expect((await get('users', '/users/u-1001')).status).toBe(200);
    });

    it('answers after a delay', async () => {
      demo.setFault('orders', { kind: 'delay', ms: 300 });
      const started = Date.now();
      const { status } = await get('orders', '/orders?userId=u-1001');
      expect(status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('answers non-JSON', async () => {
      demo.setFault('notifications', { kind: 'non-json' });
      const response = await rawRequest(`${demo.urls.notifications}/notifications?userId=u-1001`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toBe('<html>oops</html>');
      expect(() => JSON.parse(response.body) as unknown).toThrow();
    });

    it('resets the connection', async () => {
      demo.setFault('config', { kind: 'reset' });
      await expect(
        rawRequest(`${demo.urls.config}/config/mobile?platform=ios`),
      ).rejects.toMatchObject({ code: 'ECONNRESET' });
      demo.clearFaults();
      expect((await get('config', '/config/mobile?platform=ios')).status).toBe(200);
    });

    it('hangs until the client gives up', async () => {
      demo.setFault('users', { kind: 'hang' });
      const started = Date.now();
      await expect(
        rawRequest(`${demo.urls.users}/users/u-1001`, { timeoutMs: 200 }),
      ).rejects.toMatchObject({ code: 'CLIENT_TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(demo.calls('users')).toHaveLength(1);
    });

    it('rejects invalid faults given through the API', () => {
      expect(() => demo.setFault('users', { kind: 'status', status: 99 })).toThrow(TypeError);
      expect(() => demo.setFault('users', { kind: 'delay', ms: -1 })).toThrow(TypeError);
    });
  });
});

describe(`${startDemoBackends.name} close()`, () => {
  it('closes promptly with hanging and delayed requests in flight', async () => {
    const demo = await startDemoBackends();
    demo.setFault('users', { kind: 'hang' });
    demo.setFault('orders', { kind: 'delay', ms: 60_000 });
    const hanging = rawRequest(`${demo.urls.users}/users/u-1001`);
    const delayed = rawRequest(`${demo.urls.orders}/orders?userId=u-1001`);
    // Both requests must have arrived, so close() really has sockets to deal with.
    await demo.waitForCalls(2);

    const started = Date.now();
    await demo.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(hanging).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(delayed).rejects.toMatchObject({ code: 'ECONNRESET' });
    await demo.close();
  });

  it('explains which server could not listen', async () => {
    const first = await startDemoBackends();
    const port = Number(new URL(first.urls.orders).port);
    try {
      await expect(startDemoBackends({ ports: { orders: port } })).rejects.toThrow(
        /orders service could not listen on 127\.0\.0\.1:\d+.*EADDRINUSE/,
      );
    } finally {
      await first.close();
    }
  });
});
