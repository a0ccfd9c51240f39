import type { ProductDetailSources } from '@app/aggregation';
import type { DownstreamProductDetail, DownstreamReview, Image } from '@app/downstream';
import { productDetail } from './product-detail';

const CDN = 'https://cdn.katalog.example/p/88412';

const image = (name: string): Image => ({
  url: `${CDN}/${name}.jpg`,
  variants: {
    w640: `${CDN}/${name}-640.jpg`,
    w160: `${CDN}/${name}-160.jpg`,
    w480: `${CDN}/${name}-480.jpg`,
    w320: `${CDN}/${name}-320.jpg`,
    w240: `${CDN}/${name}-240.jpg`,
  },
});

const review = (n: number): DownstreamReview => ({
  reviewId: `rev-${n}`,
  rating: n,
  title: `Title ${n}`,
  body: `Body ${n}`,
  authorDisplayName: `Reader ${n}`,
  createdAt: `2030-01-0${n}T08:00:00Z`,
});

const PRODUCT: DownstreamProductDetail = {
  id: 'prd-88412',
  title: 'Thermoskanne 1 l',
  subtitle: 'Hält 24 Stunden warm',
  description: 'Doppelwandig, aus Edelstahl.',
  brand: 'Helvetic Gear',
  price: { amount: '1249.90', currency: 'CHF' },
  compareAtPrice: { amount: '1499.00', currency: 'CHF' },
  images: [image('front'), image('side'), image('top')],
  inventory: { availableQuantity: 3 },
  rating: { average: 4.1, count: 57 },
};

const sources = (changes: Partial<ProductDetailSources> = {}): ProductDetailSources => ({
  product: PRODUCT,
  topReviews: [review(5), review(4)],
  profileLocale: undefined,
  degradedSections: [],
  ...changes,
});

const DISPLAY_2X = { display: 2 };
const SWISS_GERMAN = 'de-CH, en;q=0.5';

describe(productDetail.name, () => {
  it('has exactly the contract fields, each from its source', () => {
    expect(productDetail(sources(), DISPLAY_2X, SWISS_GERMAN)).toStrictEqual({
      productId: 'prd-88412',
      title: 'Thermoskanne 1 l',
      subtitle: 'Hält 24 Stunden warm',
      description: 'Doppelwandig, aus Edelstahl.',
      brand: 'Helvetic Gear',
      priceFormatted: "CHF\u00a01'249.90",
      compareAtPriceFormatted: "CHF\u00a01'499.00",
      images: [`${CDN}/front-640.jpg`, `${CDN}/side-640.jpg`, `${CDN}/top-640.jpg`],
      inStock: true,
      rating: { average: 4.1, count: 57 },
      topReviews: [
        {
          reviewId: 'rev-5',
          rating: 5,
          title: 'Title 5',
          body: 'Body 5',
          authorDisplayName: 'Reader 5',
          createdAt: '2030-01-05T08:00:00Z',
        },
        {
          reviewId: 'rev-4',
          rating: 4,
          title: 'Title 4',
          body: 'Body 4',
          authorDisplayName: 'Reader 4',
          createdAt: '2030-01-04T08:00:00Z',
        },
      ],
      meta: { degraded: false, degradedSections: [] },
    });
  });

  it.each([
    [1, 'w320'],
    [1.5, 'w480'],
    [2, 'w640'],
    [3, 'w640'],
    [4, 'w640'],
  ])('sizes every image for 320 points at display factor %s: %s', (display, variant) => {
    const { images } = productDetail(sources(), { display }, undefined);
    expect(images).toEqual(
      PRODUCT.images.map(({ variants }) => (variants as Record<string, string>)[variant]),
    );
  });

  it('keeps an image without variants as its original, and drops nothing else', () => {
    const bare = { url: `${CDN}/bare.jpg` };
    const { images } = productDetail(
      sources({ product: { ...PRODUCT, images: [bare, image('front')] } }),
      { display: 1 },
      undefined,
    );
    expect(images).toEqual([`${CDN}/bare.jpg`, `${CDN}/front-320.jpg`]);
  });

  it.each([
    ['some available', { availableQuantity: 1 }, true],
    ['none available', { availableQuantity: 0 }, false],
    ['oversold', { availableQuantity: -2 }, false],
    ['no inventory', null, false],
    ['inventory absent', undefined, false],
  ])('inStock with %s is %s', (_, inventory, inStock) => {
    const product = { ...PRODUCT, inventory };
    expect(productDetail(sources({ product }), DISPLAY_2X, SWISS_GERMAN).inStock).toBe(inStock);
  });

  it('has a null compare-at price when the product is not on sale', () => {
    for (const compareAtPrice of [null, undefined]) {
      const product = { ...PRODUCT, compareAtPrice };
      expect(
        productDetail(sources({ product }), DISPLAY_2X, SWISS_GERMAN).compareAtPriceFormatted,
      ).toBeNull();
    }
  });

  it('has nulls, never undefined, for the optional fields the catalog left out', () => {
    const product: DownstreamProductDetail = {
      id: 'p-1',
      title: 'Bare',
      price: { amount: '1.00', currency: 'EUR' },
      images: [],
    };
    const bareReview: DownstreamReview = {
      reviewId: 'r',
      rating: 3,
      createdAt: '2030-01-01T00:00:00Z',
    };
    const page = productDetail(
      sources({ product, topReviews: [bareReview] }),
      DISPLAY_2X,
      SWISS_GERMAN,
    );
    expect(page).toMatchObject({
      subtitle: null,
      description: null,
      brand: null,
      compareAtPriceFormatted: null,
      images: [],
      inStock: false,
      rating: null,
    });
    expect(page.topReviews).toStrictEqual([
      { ...bareReview, title: null, body: null, authorDisplayName: null },
    ]);
  });

  it('lets no field through that it does not name (internal ones included)', () => {
    const leaky = {
      ...PRODUCT,
      supplierCost: { amount: '31.00', currency: 'CHF' },
      marginPct: 41.2,
      supplierId: 'sup-77',
      inventory: { availableQuantity: 3, reserved: 2, warehouses: [{ id: 'wh-3', qty: 9 }] },
      rating: { average: 4.1, count: 57, internalScore: 0.3 },
    } as DownstreamProductDetail;
    const leakyReview = {
      ...review(2),
      authorUserId: 'u-1',
      moderation: { status: 'ok' },
    } as DownstreamReview;
    const text = JSON.stringify(
      productDetail(
        sources({ product: leaky, topReviews: [leakyReview] }),
        DISPLAY_2X,
        SWISS_GERMAN,
      ),
    );
    expect(text).not.toMatch(
      /supplier|margin|reserved|warehouse|internalScore|authorUserId|moderation/,
    );
  });

  it('shows at most three reviews, in the order given', () => {
    const topReviews = [1, 2, 3, 4, 5].map(review);
    const page = productDetail(sources({ topReviews }), DISPLAY_2X, SWISS_GERMAN);
    expect(page.topReviews.map((item) => item.reviewId)).toEqual(['rev-1', 'rev-2', 'rev-3']);
  });

  it('marks the answer degraded and names the failed sections', () => {
    const page = productDetail(
      sources({ topReviews: [], degradedSections: ['topReviews'] }),
      DISPLAY_2X,
      SWISS_GERMAN,
    );
    expect(page.topReviews).toEqual([]);
    expect(page.meta).toStrictEqual({ degraded: true, degradedSections: ['topReviews'] });
  });

  describe('the locale of prices', () => {
    const price = (profileLocale: string | undefined, acceptLanguage: string | undefined) =>
      productDetail(
        sources({
          product: { ...PRODUCT, price: { amount: '1299.5', currency: 'EUR' } },
          profileLocale,
        }),
        { display: 3 },
        acceptLanguage,
      ).priceFormatted;

    it('is the profile locale when there is one, whatever Accept-Language says', () => {
      expect(price('de-DE', 'fr-FR')).toBe('1.299,50\u00a0€');
    });

    it('is the first Accept-Language locale without a profile', () => {
      expect(price(undefined, 'fr-FR, de-DE;q=0.8')).toBe('1\u202f299,50\u00a0€');
    });

    it('is en-US without either, or with nothing usable in them', () => {
      expect(price(undefined, undefined)).toBe('€1,299.50');
      expect(price('not a locale!', '%%%, ;;;')).toBe('€1,299.50');
    });

    it('never converts: the money keeps its own currency', () => {
      expect(price('en-GB', undefined)).toBe('€1,299.50');
    });
  });
});
