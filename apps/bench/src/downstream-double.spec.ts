import { DownstreamDouble, startDownstreamDouble } from './downstream-double';

type Json = Record<string, unknown>;

describe(startDownstreamDouble.name, () => {
  let double: DownstreamDouble;
  const auth = () => ({ authorization: `Bearer ${double.serviceToken}` });
  const get = async (service: keyof DownstreamDouble['urls'], path: string, headers = auth()) => {
    const response = await fetch(`${double.urls[service]}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as Json };
  };

  beforeEach(async () => {
    double = await startDownstreamDouble({ serviceToken: 'spec-token' });
  });
  afterEach(() => double.close());

  it('rejects a missing or wrong service token with the contract 401', async () => {
    expect(await get('users', '/users/u-1', {} as ReturnType<typeof auth>)).toEqual({
      status: 401,
      body: { error: 'unauthorized' },
    });
    expect((await get('users', '/users/u-1', { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('knows any u-<digits> user, internal fields included, and 404s other ids', async () => {
    const { body } = await get('users', '/users/u-1042');
    expect(body).toMatchObject({ id: 'u-1042', locale: expect.any(String) });
    expect(body).toHaveProperty('fraudScore');
    expect(Object.keys((body.avatar as { variants: Json }).variants)).toHaveLength(5);
    expect(await get('users', '/users/bob')).toEqual({ status: 404, body: { error: 'not_found' } });
    expect((await get('catalog', '/products/q-1')).status).toBe(404);
  });

  it('lists a user’s own orders newest first and finds each one by id', async () => {
    const { body } = await get('orders', '/orders?userId=u-1042&limit=3');
    const orders = body.orders as Json[];
    expect(orders).toHaveLength(3);
    expect(orders.every((order) => order.userId === 'u-1042')).toBe(true);
    const placed = orders.map((order) => Date.parse(order.placedAt as string));
    expect([...placed].sort((a, b) => b - a)).toEqual(placed);
    expect((await get('orders', `/orders/${orders[0].orderId as string}`)).body).toEqual(orders[0]);
  });

  it('batches products with literal or encoded commas, leaving unknown ids out', async () => {
    const literal = await get('catalog', '/products?ids=p-1,p-nope,p-2');
    const encoded = await get('catalog', '/products?ids=p-1%2Cp-nope%2Cp-2');
    expect(literal).toEqual(encoded);
    expect((literal.body.products as Json[]).map((product) => product.id)).toEqual(['p-2', 'p-1']);
  });

  it('recommends `limit` products, one of which the catalog does not know', async () => {
    const { body } = await get('catalog', '/recommendations?userId=u-7&limit=10');
    const ids = (body.items as Json[]).map((item) => item.productId as string);
    expect(ids).toHaveLength(10);
    const known = await get('catalog', `/products?ids=${ids.join(',')}`);
    expect(known.body.products).toHaveLength(9);
  });

  it('registers push tokens idempotently and deletes only the owner’s', async () => {
    const put = () =>
      fetch(`${double.urls.notifications}/devices/tok-1`, {
        method: 'PUT',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'u-1', platform: 'apns', appVersion: '6.4.1' }),
      });
    const remove = (userId: string) =>
      fetch(`${double.urls.notifications}/devices/tok-1?userId=${userId}`, {
        method: 'DELETE',
        headers: auth(),
      });
    expect([(await put()).status, (await put()).status]).toEqual([201, 200]);
    expect((await remove('u-2')).status).toBe(404);
    expect((await remove('u-1')).status).toBe(204);
  });

  it('lets a test override a path with a malformed body, and counts calls and bytes', async () => {
    double.override('users', '/users/u-5', () => ({ status: 200, body: 'not json{' }));
    const response = await fetch(`${double.urls.users}/users/u-5`, { headers: auth() });
    expect(await response.text()).toBe('not json{');
    double.override('users', '/users/u-5', null);
    expect((await get('users', '/users/u-5')).status).toBe(200);
    expect(double.calls('users')).toBe(2);
    expect(double.calls()).toBe(2);
    expect(double.bytesSent('users')).toBeGreaterThan('not json{'.length);
    double.resetCounters();
    expect([double.calls(), double.bytesSent()]).toEqual([0, 0]);
  });

  it('closes even while an overridden handler hangs', async () => {
    double.override('orders', '/', () => new Promise(() => {}));
    const hanging = fetch(`${double.urls.orders}/orders?userId=u-1`, { headers: auth() });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await double.close();
    await expect(hanging).rejects.toThrow();
  });
});
