import type { DownstreamProduct } from '@app/downstream';
import { productCard } from './product-card';

const CDN = 'https://cdn.katalog.example/p/88412';

const product: DownstreamProduct = {
  id: 'prd-88412',
  title: 'Thermoskanne 1 l',
  price: { amount: '1249.90', currency: 'CHF' },
  images: [
    {
      url: `${CDN}/front.jpg`,
      variants: {
        w480: `${CDN}/front-480.jpg`,
        w160: `${CDN}/front-160.jpg`,
        w640: `${CDN}/front-640.jpg`,
        w240: `${CDN}/front-240.jpg`,
        w320: `${CDN}/front-320.jpg`,
      },
    },
    {
      url: `${CDN}/side.jpg`,
      variants: { w160: `${CDN}/side-160.jpg`, w640: `${CDN}/side-640.jpg` },
    },
  ],
};

describe(productCard.name, () => {
  it('outputs exactly the contract fields', () => {
    const card = productCard(product, 'fr-CH', 2);
    expect(Object.keys(card).sort()).toEqual([
      'priceFormatted',
      'productId',
      'thumbnailUrl',
      'title',
    ]);
    expect(card).toEqual({
      productId: 'prd-88412',
      title: 'Thermoskanne 1 l',
      thumbnailUrl: `${CDN}/front-320.jpg`,
      priceFormatted: '1\u202f249.90\u00a0CHF',
    });
  });

  it.each([
    [1, 'front-160'],
    [1.5, 'front-240'],
    [2, 'front-320'],
    [3, 'front-480'],
    [4, 'front-640'],
  ])('takes the first image at display factor %s: %s', (factor, variant) => {
    expect(productCard(product, 'de-DE', factor).thumbnailUrl).toBe(`${CDN}/${variant}.jpg`);
  });

  it('has a null thumbnail when the product has no image', () => {
    expect(productCard({ ...product, images: [] }, 'de-DE', 3).thumbnailUrl).toBeNull();
  });

  it.each([
    // [locale, money, exactly as Intl prints it (ICU's spaces are non-breaking)]
    ['de-DE', { amount: '1299.5', currency: 'EUR' }, '1.299,50\u00a0€'],
    ['fr-CH', { amount: '1249.90', currency: 'CHF' }, '1\u202f249.90\u00a0CHF'],
    ['ja-JP', { amount: '12000', currency: 'JPY' }, '￥12,000'],
    ['en-GB', { amount: '89.00', currency: 'GBP' }, '£89.00'],
  ])('formats the price in the user locale %s with the money currency', (locale, price, text) => {
    expect(productCard({ ...product, price }, locale, 3).priceFormatted).toBe(text);
  });

  it('never converts: the money keeps its own currency whatever the locale', () => {
    expect(
      productCard({ ...product, price: { amount: '12000', currency: 'JPY' } }, 'de-DE', 3)
        .priceFormatted,
    ).toBe('12.000\u00a0¥');
    expect(
      productCard({ ...product, price: { amount: '89', currency: 'EUR' } }, 'ja-JP', 3)
        .priceFormatted,
    ).toBe('€89.00');
    expect(
      productCard({ ...product, price: { amount: '89', currency: 'CHF' } }, 'en-US', 3)
        .priceFormatted,
    ).toBe('CHF\u00a089.00');
  });
});
