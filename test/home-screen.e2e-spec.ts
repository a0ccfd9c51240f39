import { UNKNOWN_PRODUCT_ID } from '../apps/demo-backends/src';
import { BffHarness, startBff } from './support/bff-harness';
import { homeSources } from './support/downstream-oracle';
import type { Platform } from './support/routes';
import { HOME_KEYS, keyPaths } from './support/shape';

const PLATFORMS = [
  { platform: 'ios', recommendations: 6 },
  { platform: 'android', recommendations: 8 },
] as const;

/** The contract's image tables: header value → thumbnail variant (base 160). */
const IOS_SCALES: ReadonlyArray<[string | undefined, string]> = [
  ['1', 'w160'],
  ['2', 'w320'],
  ['3', 'w480'],
  [undefined, 'w480'],
];
const ANDROID_DENSITIES: ReadonlyArray<[string | undefined, string]> = [
  ['mdpi', 'w160'],
  ['hdpi', 'w240'],
  ['xhdpi', 'w320'],
  ['xxhdpi', 'w480'],
  ['xxxhdpi', 'w640'],
  [undefined, 'w480'],
];

describe('GET /{platform}/v1/home', () => {
  let bff: BffHarness;

  beforeAll(async () => {
    bff = await startBff();
  });
  afterAll(() => bff.close());

  const home = async (platform: Platform, userId: string, headers: Record<string, string> = {}) =>
    bff.client.home(platform, { token: await bff.token(userId), headers });

  describe.each(PLATFORMS)('$platform', ({ platform, recommendations }) => {
    it('has exactly the contract fields at every depth', async () => {
      const response = await home(platform, 'u-1001');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('application/json');
      expect(keyPaths(response.body)).toEqual(HOME_KEYS);
      expect(response.body.meta).toMatchObject({ degraded: false, degradedSections: [] });
      expect(new Date(response.body.meta.generatedAt).toISOString()).toBe(
        response.body.meta.generatedAt,
      );
    });

    it('shows the user, recent orders and unread count from the services', async () => {
      const source = await homeSources(bff.backends, 'u-1001', recommendations);
      const { body } = await home(platform, 'u-1001');
      expect(body.user).toMatchObject({
        userId: 'u-1001',
        displayName: source.user.displayName,
        loyaltyTier: source.user.loyalty.tier,
      });
      expect(body.recentOrders).toEqual(
        source.orders.slice(0, 3).map((order) => ({
          orderId: order.orderId,
          status: order.status,
          estimatedDelivery: order.estimatedDelivery,
          itemCount: order.items.reduce((sum, item) => sum + item.quantity, 0),
        })),
      );
      expect(body.recentOrders.length).toBeLessThanOrEqual(3);
      expect(body.recentOrders.some((order: { itemCount: number }) => order.itemCount > 1)).toBe(
        true,
      );
      expect(body.unreadNotifications).toBe(source.unreadCount);
    });

    it(`lists ${recommendations} recommendations in the recommender's order, unknown products dropped`, async () => {
      const source = await homeSources(bff.backends, 'u-1001', recommendations);
      expect(source.recommendedIds).toContain(UNKNOWN_PRODUCT_ID);
      const { body } = await home(platform, 'u-1001');
      const ids = body.recommendations.map((item: { productId: string }) => item.productId);
      expect(ids).toEqual(source.products.map((product) => product.id));
      expect(ids).not.toContain(UNKNOWN_PRODUCT_ID);
      // The demo recommender puts an unknown product third: the row is still full.
      expect(ids.length).toBe(recommendations);
    });

    it.each(['u-1001', 'u-1002', 'u-1003', 'u-1004'])(
      'formats prices in the currency of the product and the locale of %s',
      async (userId) => {
        const source = await homeSources(bff.backends, userId, recommendations);
        const { body } = await home(platform, userId);
        const expected = source.products.map(({ price }) =>
          new Intl.NumberFormat(source.user.locale, {
            style: 'currency',
            currency: price.currency,
          }).format(Number(price.amount)),
        );
        expect(
          body.recommendations.map((item: { priceFormatted: string }) => item.priceFormatted),
        ).toEqual(expected);
      },
    );

    it('makes exactly one batch catalog call per home request', async () => {
      bff.backends.resetCalls();
      await Promise.all([
        home(platform, 'u-1001'),
        home(platform, 'u-1002'),
        home(platform, 'u-1003'),
      ]);
      const catalogPaths = bff.backends.calls('catalog').map((call) => call.path);
      expect(catalogPaths.filter((path) => path.startsWith('/products'))).toHaveLength(3);
      const batches = catalogPaths.filter((path) => path.startsWith('/products'));
      // One call per screen, ids separated by literal commas as the contract writes them.
      expect(batches.every((path) => /^\/products\?ids=p-\d+(,p-\d+)+$/.test(path))).toBe(true);
      expect(catalogPaths.filter((path) => path.startsWith('/recommendations'))).toHaveLength(3);
    });
  });

  it.each(IOS_SCALES)('iOS X-Display-Scale %s picks %s images', async (scale, variant) => {
    const source = await homeSources(bff.backends, 'u-1001', 6);
    const { body } = await home('ios', 'u-1001', scale ? { 'X-Display-Scale': scale } : {});
    expect(body.user.avatarUrl).toBe(source.user.avatar.variants[variant]);
    expect(body.recommendations.map((item: { thumbnailUrl: string }) => item.thumbnailUrl)).toEqual(
      source.products.map((product) => product.images[0].variants[variant]),
    );
  });

  it.each(ANDROID_DENSITIES)(
    'Android X-Display-Density %s picks %s images',
    async (density, variant) => {
      const source = await homeSources(bff.backends, 'u-1001', 8);
      const { body } = await home(
        'android',
        'u-1001',
        density ? { 'X-Display-Density': density } : {},
      );
      expect(body.user.avatarUrl).toBe(source.user.avatar.variants[variant]);
      expect(
        body.recommendations.map((item: { thumbnailUrl: string }) => item.thumbnailUrl),
      ).toEqual(source.products.map((product) => product.images[0].variants[variant]));
    },
  );

  it.each<[Platform, string, string]>([
    ['ios', 'X-Display-Scale', '4'],
    ['ios', 'X-Display-Scale', 'retina'],
    ['android', 'X-Display-Density', 'ldpi'],
    ['android', 'X-Display-Density', 'XHDPI'],
  ])('%s rejects %s: %s with 400 VALIDATION_FAILED', async (platform, header, value) => {
    const response = await home(platform, 'u-1001', { [header]: value });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      retryable: false,
      details: [{ field: header, issue: expect.stringContaining('must be one of') }],
    });
  });
});
