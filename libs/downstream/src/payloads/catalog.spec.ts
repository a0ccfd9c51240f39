import {
  isProductList,
  isRecommendationList,
  PRODUCT_SCHEMA_VERSION,
  readProduct,
  readRecommendation,
} from './catalog';

const CDN = 'https://assets.boutique.example/prod/cafe-42';

/** A catalog product from another implementation: its own order, detail and internal fields. */
function product(): Record<string, unknown> {
  return {
    supplierCost: { amount: '4100', currency: 'JPY' },
    marginPct: 65.8,
    supplierId: 'sup-kyoto-09',
    inventory: { availableQuantity: 12, reserved: 3, warehouses: [{ id: 'OSA-1', qty: 15 }] },
    rating: { count: 87, average: 4.6 },
    attributes: { color: '抹茶', capacityMl: 350 },
    images: [
      {
        url: `${CDN}/main.png`,
        variants: {
          w640: `${CDN}/main-640.png`,
          w480: `${CDN}/main-480.png`,
          w320: `${CDN}/main-320.png`,
          w240: `${CDN}/main-240.png`,
          w160: `${CDN}/main-160.png`,
        },
        alt: 'tea bowl',
        dominantColor: '#7a9a3c',
      },
    ],
    price: { currency: 'JPY', amount: '12000' },
    compareAtPrice: null,
    brand: 'Kiyomizu',
    description: 'A hand-thrown tea bowl.',
    subtitle: 'Chawan, 350 ml',
    title: '抹茶茶碗',
    createdAt: '2029-06-01T00:00:00Z',
    id: 'jp-cafe-42',
  };
}

const KEPT_PRODUCT = {
  id: 'jp-cafe-42',
  title: '抹茶茶碗',
  price: { amount: '12000', currency: 'JPY' },
  images: [
    {
      url: `${CDN}/main.png`,
      variants: {
        w640: `${CDN}/main-640.png`,
        w480: `${CDN}/main-480.png`,
        w320: `${CDN}/main-320.png`,
        w240: `${CDN}/main-240.png`,
        w160: `${CDN}/main-160.png`,
      },
    },
  ],
};

type RawImage = { variants: Record<string, string> };
const images = (payload: Record<string, unknown>) => payload.images as RawImage[];

describe('readProduct', () => {
  it('accepts a valid product and keeps only the fields a product card uses', () => {
    const payload = product();
    expect(readProduct(payload)).toEqual(KEPT_PRODUCT);
  });

  it('returns a new object and leaves the parsed answer untouched', () => {
    const payload = product();
    const kept = readProduct(payload);
    expect(kept).toEqual(KEPT_PRODUCT);
    expect(kept).not.toBe(payload);
    expect(kept?.price).not.toBe(payload.price);
    expect(kept?.images).not.toBe(payload.images);
    expect(kept?.images[0]).not.toBe(images(payload)[0]);
    expect(kept?.images[0].variants).not.toBe(images(payload)[0].variants);
    expect(payload).toEqual(product());
    expect(payload).toHaveProperty('supplierCost', { amount: '4100', currency: 'JPY' });
    expect(payload).toHaveProperty('inventory.warehouses', [{ id: 'OSA-1', qty: 15 }]);
    expect(images(payload)[0]).toHaveProperty('dominantColor', '#7a9a3c');
    expect(kept).not.toHaveProperty('supplierCost');
    expect(kept).not.toHaveProperty('inventory');
    expect(kept?.images[0]).not.toHaveProperty('dominantColor');
  });

  it('leaves the internal fields out of the copy (the product is cached for every user)', () => {
    const kept = readProduct(product());
    expect(kept).toBeDefined();
    const text = JSON.stringify(kept);
    for (const internal of ['supplierCost', 'marginPct', 'supplierId', 'reserved', 'warehouses']) {
      expect(text).not.toContain(internal);
    }
    expect(text).not.toContain('4100');
  });

  it('leaves unknown keys inside image variants out as well', () => {
    const payload = product();
    const [image] = images(payload);
    image.variants.signedOrigin = 'https://origin.internal.example/raw/cafe-42?sig=abc';
    const kept = readProduct(payload);
    expect(kept).toEqual(KEPT_PRODUCT);
    expect(JSON.stringify(kept)).not.toContain('origin.internal');
    expect(image.variants.signedOrigin).toBe('https://origin.internal.example/raw/cafe-42?sig=abc');
  });

  it('accepts a product without images (an empty list)', () => {
    expect(readProduct({ ...product(), images: [] })).toEqual({ ...KEPT_PRODUCT, images: [] });
  });

  it('tolerates a product whose images are absent or null', () => {
    const absent = product();
    delete absent.images;
    expect(readProduct(absent)).toEqual({ ...KEPT_PRODUCT, images: [] });
    expect(readProduct({ ...product(), images: null })).toEqual({ ...KEPT_PRODUCT, images: [] });
  });

  it.each<[string, Record<string, unknown>]>([
    ['a missing id', { id: undefined }],
    ['an empty id', { id: '' }],
    ['a numeric id', { id: 42 }],
    ['a missing title', { title: undefined }],
    ['a missing price', { price: undefined }],
    ['a numeric amount (89)', { price: { amount: 89, currency: 'EUR' } }],
    ['a lower-case currency ("gbp")', { price: { amount: '89.00', currency: 'gbp' } }],
    ['a currency symbol', { price: { amount: '89.00', currency: '€' } }],
    ['a price without currency', { price: { amount: '89.00' } }],
    ['images that are not a list', { images: { url: `${CDN}/main.png` } }],
    ['a null image', { images: [null] }],
    ['an image without url', { images: [{ variants: { w160: `${CDN}/x.png` } }] }],
    ['an image variant that is not a string', { images: [{ url: 'x', variants: { w320: 320 } }] }],
  ])('refuses %s', (_case, change) => {
    const payload = { ...product(), ...change };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete payload[key];
    expect(readProduct(payload)).toBeUndefined();
  });

  it('versions the kept shape with a short, stable hash', () => {
    expect(PRODUCT_SCHEMA_VERSION).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('isProductList', () => {
  it('checks only the list and leaves the body untouched; the elements are checked one by one afterwards', () => {
    const body = { products: [product(), { id: 42 }], missingIds: ['jp-x'], tookMs: 12 };
    expect(isProductList(body)).toBe(true);
    expect(Object.keys(body)).toEqual(['products', 'missingIds', 'tookMs']);
    expect(body.products).toHaveLength(2);
    expect(body.products[0]).toEqual(product());
    expect(body.products.map(readProduct)).toEqual([KEPT_PRODUCT, undefined]);
  });

  it.each<[string, unknown]>([
    ['a missing list', { items: [] }],
    ['a list that is not an array', { products: { 'jp-cafe-42': product() } }],
    ['a null body', null],
  ])('refuses %s', (_case, body) => {
    expect(isProductList(body)).toBe(false);
  });
});

describe('readRecommendation', () => {
  it('keeps the product id only', () => {
    const item = {
      score: 0.9731,
      reason: 'BOUGHT_TOGETHER',
      experimentBucket: 'reco-b',
      modelVersion: '2031.03-r7',
      productId: 'jp-cafe-42',
    };
    const kept = readRecommendation(item);
    expect(kept).toEqual({ productId: 'jp-cafe-42' });
    expect(kept).not.toBe(item);
    expect(item).toEqual({
      score: 0.9731,
      reason: 'BOUGHT_TOGETHER',
      experimentBucket: 'reco-b',
      modelVersion: '2031.03-r7',
      productId: 'jp-cafe-42',
    });
  });

  it.each<[string, unknown]>([
    ['a missing product id', { score: 0.4 }],
    ['an empty product id', { productId: '' }],
    ['a numeric product id', { productId: 42 }],
    ['a bare id string', 'jp-cafe-42'],
    ['null', null],
  ])('refuses %s', (_case, item) => {
    expect(readRecommendation(item)).toBeUndefined();
  });
});

describe('isRecommendationList', () => {
  it('keeps the ranked items and drops the model version', () => {
    const body = {
      modelVersion: '2031.03-r7',
      items: [{ productId: 'b' }, { productId: 'a' }],
    };
    expect(isRecommendationList(body)).toBe(true);
    expect(body).toEqual({
      modelVersion: '2031.03-r7',
      items: [{ productId: 'b' }, { productId: 'a' }],
    });
    const kept = body.items.map(readRecommendation);
    expect(kept).toEqual([{ productId: 'b' }, { productId: 'a' }]);
    expect(JSON.stringify(kept)).not.toContain('2031.03-r7');
  });

  it('refuses an answer without its item list', () => {
    expect(isRecommendationList({ recommendations: [] })).toBe(false);
  });
});
