import {
  INTERNAL_NUMERIC_SENTINEL,
  INTERNAL_SENTINEL,
  UNKNOWN_PRODUCT_ID,
} from '../apps/demo-backends/src';
import type { DoubleHandler } from '../apps/bench/src/downstream-double';
import {
  buildProduct,
  buildReviews,
  buildUser,
  productNumber,
} from '../apps/bench/src/downstream-double-data';
import { useBff } from './support/bff-harness';
import { DoubleHarness, startBffOverDouble } from './support/double-harness';
import { downstream, OracleImage } from './support/downstream-oracle';
import type { Platform } from './support/routes';
import { keyPaths } from './support/shape';
import { redisKeys, useTwoInstancesOverRedis } from './support/shared-redis';

/** The product page's fields at every depth, as the mobile contract lists them. */
const PRODUCT_KEYS = [
  'brand',
  'compareAtPriceFormatted',
  'description',
  'images',
  'inStock',
  'meta',
  'meta.degraded',
  'meta.degradedSections',
  'priceFormatted',
  'productId',
  'rating',
  'rating.average',
  'rating.count',
  'subtitle',
  'title',
  'topReviews',
  'topReviews[].authorDisplayName',
  'topReviews[].body',
  'topReviews[].createdAt',
  'topReviews[].rating',
  'topReviews[].reviewId',
  'topReviews[].title',
].sort();

const PLATFORMS: readonly Platform[] = ['ios', 'android'];

/** The contract's tables for product-detail images (base 320): header value → variant. */
const DISPLAY: Record<Platform, { header: string; variants: Array<[string | undefined, string]> }> =
  {
    ios: {
      header: 'X-Display-Scale',
      variants: [
        ['1', 'w320'],
        ['2', 'w640'],
        ['3', 'w640'],
        [undefined, 'w640'],
      ],
    },
    android: {
      header: 'X-Display-Density',
      variants: [
        ['mdpi', 'w320'],
        ['hdpi', 'w480'],
        ['xhdpi', 'w640'],
        ['xxhdpi', 'w640'],
        ['xxxhdpi', 'w640'],
        [undefined, 'w640'],
      ],
    },
  };

/**
 * Reviews cached across tests would hide the failures some tests inject; and every test here
 * calls as one anonymous address, far more often than the per-address limit allows.
 */
const SETTINGS = { CACHE_REVIEWS_TTL_MS: '0', RATE_LIMIT_ANON_PER_MIN: '100000' };

/** What the catalog serves of a product page (demo or double alike). */
interface SourceProduct {
  id: string;
  title: string;
  subtitle: string;
  description: string;
  brand: string;
  price: { amount: string; currency: string };
  compareAtPrice: { amount: string; currency: string } | null;
  images: OracleImage[];
  inventory: { availableQuantity: number };
  rating: { average: number; count: number };
}
interface SourceReview {
  reviewId: string;
  rating: number;
  title: string;
  body: string;
  authorDisplayName: string;
  createdAt: string;
}

const priceIn = (locale: string, { amount, currency }: SourceProduct['price']) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount));

/** The page the contract promises for this product and these reviews, in `locale`. */
function expectedPage(
  product: SourceProduct,
  reviews: SourceReview[],
  locale: string,
  variant: string,
) {
  return {
    productId: product.id,
    title: product.title,
    subtitle: product.subtitle,
    description: product.description,
    brand: product.brand,
    priceFormatted: priceIn(locale, product.price),
    compareAtPriceFormatted: product.compareAtPrice && priceIn(locale, product.compareAtPrice),
    images: product.images.map((image) => image.variants[variant]),
    inStock: product.inventory.availableQuantity > 0,
    rating: { average: product.rating.average, count: product.rating.count },
    topReviews: reviews
      .slice(0, 3)
      .map(({ reviewId, rating, title, body, authorDisplayName, createdAt }) => ({
        reviewId,
        rating,
        title,
        body,
        authorDisplayName,
        createdAt,
      })),
    meta: { degraded: false, degradedSections: [] },
  };
}

const varyOf = (header: string | undefined) => (header ?? '').toLowerCase().split(/\s*,\s*/);

describe('GET /{platform}/v1/products/{productId}', () => {
  describe('over the demo services', () => {
    const suite = useBff(SETTINGS);
    const bff = () => suite.bff;
    const source = async (productId: string) => ({
      product: await downstream<SourceProduct>(bff().backends, 'catalog', `/products/${productId}`),
      reviews: (
        await downstream<{ reviews: SourceReview[] }>(
          bff().backends,
          'catalog',
          `/products/${productId}/reviews?limit=3`,
        )
      ).reviews,
    });

    describe.each(PLATFORMS)('%s', (platform) => {
      const { header } = DISPLAY[platform];

      it('answers anyone with exactly the contract fields, from the catalog, in en-US', async () => {
        const { product, reviews } = await source('p-200');
        const response = await bff().client.product(platform, 'p-200');
        expect(response.status).toBe(200);
        expect(keyPaths(response.body)).toEqual(PRODUCT_KEYS);
        expect(response.body).toEqual(expectedPage(product, reviews, 'en-US', 'w640'));
        expect(response.body.topReviews).toHaveLength(3);
        expect(response.headers['cache-control']).toBe('public, max-age=60');
        expect(varyOf(response.headers.vary)).toEqual(
          expect.arrayContaining(['accept-language', 'authorization', header.toLowerCase()]),
        );
        expect(response.headers.etag).toMatch(/^W\/"/);
      });

      it('shows sale prices and stock as the catalog has them', async () => {
        const ids = ['p-201', 'p-207', 'p-210'];
        const sources = await Promise.all(ids.map(source));
        // The demo data cover every case: on sale, out of stock, without reviews.
        expect(sources.some(({ product }) => product.compareAtPrice !== null)).toBe(true);
        expect(sources.some(({ product }) => product.inventory.availableQuantity === 0)).toBe(true);
        expect(sources.some(({ reviews }) => reviews.length === 0)).toBe(true);
        for (const [index, id] of ids.entries()) {
          const { body } = await bff().client.product(platform, id);
          const { product, reviews } = sources[index];
          expect(body).toEqual(expectedPage(product, reviews, 'en-US', 'w640'));
        }
      });

      it('formats prices in the first Accept-Language locale for an anonymous caller', async () => {
        const { product } = await source('p-201');
        const response = await bff().client.product(platform, 'p-201', {
          headers: { 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.5' },
        });
        expect(response.status).toBe(200);
        expect(response.body.priceFormatted).toBe(priceIn('de-DE', product.price));
        expect(response.body.compareAtPriceFormatted).toBe(
          priceIn('de-DE', product.compareAtPrice!),
        );
        expect(response.body.priceFormatted).not.toBe(priceIn('en-US', product.price));
        expect(response.headers['cache-control']).toBe('public, max-age=60');
      });

      it.each(['!!!', 'de-DE;q=oops', '*', 'x'.repeat(300), 'tlh, i-klingon'])(
        'answers 200 in en-US when Accept-Language is %j',
        async (acceptLanguage) => {
          const { product } = await source('p-200');
          const response = await bff().client.product(platform, 'p-200', {
            headers: { 'Accept-Language': acceptLanguage },
          });
          expect(response.status).toBe(200);
          expect(response.body.priceFormatted).toBe(priceIn('en-US', product.price));
        },
      );

      it("formats prices in a signed-in caller's profile locale, privately", async () => {
        const { product } = await source('p-200');
        const user = await downstream<{ locale: string }>(bff().backends, 'users', '/users/u-1002');
        const response = await bff().client.product(platform, 'p-200', {
          token: await bff().token('u-1002'),
          headers: { 'Accept-Language': 'ja-JP' },
        });
        expect(response.status).toBe(200);
        expect(response.body.priceFormatted).toBe(priceIn(user.locale, product.price));
        expect(response.body.priceFormatted).not.toBe(priceIn('ja-JP', product.price));
        expect(response.headers['cache-control']).toBe('private, max-age=60');
      });

      it("falls back to Accept-Language when the caller's profile cannot be read", async () => {
        const { product } = await source('p-200');
        bff().backends.setFault('users', { kind: 'status', status: 503 });
        const response = await bff().client.product(platform, 'p-200', {
          token: await bff().token('u-1002'),
          headers: { 'Accept-Language': 'ja-JP' },
        });
        expect(response.status).toBe(200);
        expect(response.body.priceFormatted).toBe(priceIn('ja-JP', product.price));
        expect(response.body.meta).toEqual({ degraded: false, degradedSections: [] });
      });

      it('refuses an invalid token with the 401 envelope', async () => {
        const response = await bff().client.product(platform, 'p-200', { token: 'not.a.jwt' });
        expect(response.status).toBe(401);
        expect(response.body.error).toMatchObject({ code: 'UNAUTHENTICATED', retryable: false });
      });

      it('answers 404 NOT_FOUND for a product the catalog does not know', async () => {
        const response = await bff().client.product(platform, UNKNOWN_PRODUCT_ID);
        expect(response.status).toBe(404);
        expect(response.body.error).toMatchObject({ code: 'NOT_FOUND', retryable: false });
      });

      it.each(['p-200%', `p-${'2'.repeat(120)}`, 'p-200;drop', 'p 200', 'p-200/reviews', '..'])(
        'answers 404 for the id %j, without asking the catalog',
        async (productId) => {
          bff().backends.resetCalls();
          const response = await bff().client.product(platform, productId);
          expect(response.status).toBe(404);
          expect(response.body.error.code).toBe('NOT_FOUND');
          expect(bff().backends.calls('catalog')).toHaveLength(0);
        },
      );

      it('shows the product without reviews when they fail: degraded, 200', async () => {
        const { product } = await source('p-200');
        bff().backends.setFault(
          'catalog',
          { kind: 'status', status: 503 },
          { path: '/products/p-200/reviews' },
        );
        const response = await bff().client.product(platform, 'p-200');
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          ...expectedPage(product, [], 'en-US', 'w640'),
          meta: { degraded: true, degradedSections: ['topReviews'] },
        });
      });

      it('answers 503 UPSTREAM_UNAVAILABLE while the catalog is down', async () => {
        bff().backends.setFault('catalog', { kind: 'status', status: 503 });
        const response = await bff().client.product(platform, 'p-200');
        expect(response.status).toBe(503);
        expect(response.body.error).toMatchObject({
          code: 'UPSTREAM_UNAVAILABLE',
          retryable: true,
        });
      });

      it('never lets an internal field through', async () => {
        const response = await bff().client.product(platform, 'p-200');
        expect(response.text).not.toContain(INTERNAL_SENTINEL);
        expect(response.text).not.toContain(String(INTERNAL_NUMERIC_SENTINEL));
        expect(response.text).not.toMatch(
          /supplier|margin|reserved|warehouse|authorUserId|moderation|attributes|x_future/,
        );
      });

      it.each(DISPLAY[platform].variants)(
        `${header} %s shows every image as %s`,
        async (value, variant) => {
          const { product } = await source('p-200');
          const response = await bff().client.product(platform, 'p-200', {
            headers: value === undefined ? {} : { [header]: value },
          });
          expect(product.images.length).toBeGreaterThan(1);
          expect(response.body.images).toEqual(product.images.map((i) => i.variants[variant]));
        },
      );

      it(`rejects an unknown ${header} with 400 VALIDATION_FAILED`, async () => {
        const response = await bff().client.product(platform, 'p-200', {
          headers: { [header]: 'retina' },
        });
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ field: header, issue: expect.stringContaining('must be one of') }],
        });
      });

      it('answers 304 to a matching If-None-Match, and 200 once the content differs', async () => {
        const first = await bff().client.product(platform, 'p-200');
        const again = await bff().client.product(platform, 'p-200', {
          headers: { 'If-None-Match': first.headers.etag },
        });
        expect(again.status).toBe(304);
        expect(again.text).toBe('');
        const german = await bff().client.product(platform, 'p-200', {
          headers: { 'If-None-Match': first.headers.etag, 'Accept-Language': 'de-DE' },
        });
        expect(german.status).toBe(200);
        expect(german.headers.etag).not.toBe(first.headers.etag);
      });
    });
  });

  describe('over another implementation of the downstream contract', () => {
    let bff: DoubleHarness;
    /** The first product of the double's with a full row of reviews (most have some). */
    const n = Array.from({ length: 100 }, (_, i) => 1_000 + i).find(
      (candidate) => (buildReviews(candidate, 3) as { reviews: unknown[] }).reviews.length === 3,
    )!;
    const PRODUCT_ID = `p-${n}`;
    const product = buildProduct(n) as unknown as SourceProduct;
    const reviews = (buildReviews(n, 3) as unknown as { reviews: SourceReview[] }).reviews;

    beforeAll(async () => {
      bff = await startBffOverDouble(SETTINGS);
    });
    afterEach(() => {
      for (const prefix of ['/products', `/products/${PRODUCT_ID}/reviews`]) {
        bff.double.override('catalog', prefix, null);
      }
      bff.double.override('users', '/users', null);
    });
    afterAll(() => bff.close());

    it('has data enough to test with: several images and reviews', () => {
      expect(productNumber(PRODUCT_ID)).toBe(n);
      expect(product.images.length).toBeGreaterThan(2);
      expect(reviews).toHaveLength(3);
    });

    it.each(PLATFORMS)(
      '%s: shows the product from its data, in the profile locale',
      async (platform) => {
        const user = buildUser(6) as { id: string; locale: string };
        expect(user.locale).not.toBe('ja-JP');
        const response = await bff.client.product(platform, PRODUCT_ID, {
          token: await bff.token(user.id),
          headers: { 'Accept-Language': 'ja-JP' },
        });
        expect(response.status).toBe(200);
        expect(keyPaths(response.body)).toEqual(PRODUCT_KEYS);
        expect(response.body).toEqual(expectedPage(product, reviews, user.locale, 'w640'));
        expect(response.headers['cache-control']).toBe('private, max-age=60');
        expect(response.text).not.toMatch(
          /supplier|margin|reserved|warehouse|authorUserId|moderation|sku|badges|seo|attributes/,
        );
      },
    );

    it.each(PLATFORMS)('%s: sizes images for the display header', async (platform) => {
      const { header, variants } = DISPLAY[platform];
      const [value, variant] = variants[0];
      const response = await bff.client.product(platform, PRODUCT_ID, {
        headers: { [header]: value! },
      });
      expect(response.body.images).toEqual(product.images.map((i) => i.variants[variant]));
    });

    it('answers 404 for a product the catalog has retired', async () => {
      const response = await bff.client.product('ios', 'p-retired-1');
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    });

    it.each<[string, DoubleHandler]>([
      ['unavailable', () => ({ status: 503, body: { error: 'unavailable' } })],
      ['malformed', () => ({ status: 200, body: { reviews: 'none' } })],
    ])('reviews %s: 200 with topReviews empty and listed', async (_, handler) => {
      bff.double.override('catalog', `/products/${PRODUCT_ID}/reviews`, handler);
      const response = await bff.client.product('android', PRODUCT_ID);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        ...expectedPage(product, [], 'en-US', 'w640'),
        meta: { degraded: true, degradedSections: ['topReviews'] },
      });
    });

    it.each<[string, DoubleHandler]>([
      ['unavailable', () => ({ status: 503, body: { error: 'unavailable' } })],
      [
        'answering a price that is no money',
        () => ({ status: 200, body: { ...product, price: 89 } }),
      ],
    ])('the catalog %s: 503 UPSTREAM_UNAVAILABLE', async (_, handler) => {
      bff.double.override('catalog', '/products', handler);
      const response = await bff.client.product('ios', PRODUCT_ID);
      expect(response.status).toBe(503);
      expect(response.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
      expect(response.text).not.toMatch(/double|127\.0\.0\.1|products/);
    });

    it('drops what the contract does not name, wherever the catalog puts it', async () => {
      bff.double.override('catalog', '/products', (request) =>
        request.path.endsWith('/reviews')
          ? {
              status: 200,
              body: {
                reviews: reviews.map((r) => ({ ...r, authorEmail: 'leak@example.com' })),
                total: 3,
              },
            }
          : {
              status: 200,
              body: {
                ...product,
                rating: { ...product.rating, leak: 'leak-rating' },
                inventory: { ...product.inventory, leak: 'leak-inventory' },
              },
            },
      );
      const response = await bff.client.product('ios', PRODUCT_ID);
      expect(response.status).toBe(200);
      expect(keyPaths(response.body)).toEqual(PRODUCT_KEYS);
      expect(response.text).not.toMatch(/leak/);
    });

    it('falls back to Accept-Language when users fails for a signed-in caller', async () => {
      bff.double.override('users', '/users', () => ({ status: 503, body: {} }));
      const response = await bff.client.product('ios', PRODUCT_ID, {
        token: await bff.token('u-7'),
        headers: { 'Accept-Language': 'fr-CH' },
      });
      expect(response.status).toBe(200);
      expect(response.body.priceFormatted).toBe(priceIn('fr-CH', product.price));
    });
  });

  describe('product detail served to a second instance from Redis', () => {
    const instances = useTwoInstancesOverRedis({
      ...SETTINGS,
      CACHE_PRODUCT_TTL_MS: '60000',
      CACHE_REVIEWS_TTL_MS: '60000',
      CACHE_SCREEN_TTL_MS: '15000',
    });

    it('answers without calling the catalog, under shared keys, with no body kept per caller', async () => {
      const fromFirst = await instances.first.client.product('ios', 'p-202', {
        token: await instances.first.token('u-1001'),
      });
      expect(fromFirst.status).toBe(200);
      expect(fromFirst.body.topReviews.length).toBeGreaterThan(0);
      expect(await redisKeys(instances.redis, 'shared:product-*p-202*')).toEqual([
        expect.stringMatching(/^shared:product-detail:[^:]+:p-202$/),
        expect.stringMatching(/^shared:product-reviews:[^:]+:p-202:3$/),
      ]);
      instances.first.backends.resetCalls();

      // Another caller, another platform, another instance: the same shared product.
      const fromSecond = await instances.second.client.product('android', 'p-202', {
        headers: { 'Accept-Language': 'en-GB' },
      });
      expect(fromSecond.status).toBe(200);
      expect(instances.first.backends.calls('catalog')).toHaveLength(0);
      expect(fromSecond.body).toEqual(fromFirst.body); // u-1001 reads en-GB too
      expect(fromSecond.headers['cache-control']).toBe('public, max-age=60');
      expect(await instances.redis.keys('*v1/products*')).toEqual([]);
    });
  });
});
