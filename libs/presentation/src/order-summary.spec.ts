import type { DownstreamOrder, DownstreamProduct } from '@app/downstream';
import { orderSummary } from './order-summary';

const CDN = 'https://media.shop.example/catalogue';

const product = (id: string): DownstreamProduct => ({
  id,
  title: `Produkt ${id}`,
  price: { amount: '1.00', currency: 'EUR' },
  images: [
    {
      url: `${CDN}/${id}/original.jpg`,
      variants: {
        w640: `${CDN}/${id}/640.jpg`,
        w160: `${CDN}/${id}/160.jpg`,
        w320: `${CDN}/${id}/320.jpg`,
        w480: `${CDN}/${id}/480.jpg`,
        w240: `${CDN}/${id}/240.jpg`,
      },
    },
  ],
});

const order: DownstreamOrder = {
  orderId: 'BST-2031-88',
  userId: 'kunde-17',
  status: 'IN_TRANSIT',
  placedAt: '2031-03-04T08:15:00Z',
  updatedAt: '2031-03-05T09:00:00Z',
  estimatedDelivery: '2031-03-09T00:00:00Z',
  items: [
    {
      productId: 'art-5',
      name: 'Stirnlampe',
      quantity: 2,
      unitPrice: { amount: '39.95', currency: 'EUR' },
    },
    {
      productId: 'art-9',
      name: 'Karabiner',
      quantity: 3,
      unitPrice: { amount: '4.50', currency: 'EUR' },
    },
  ],
  totals: { grandTotal: { amount: '1293.40', currency: 'EUR' } },
};

const products = new Map([['art-5', product('art-5')]]);

describe(orderSummary.name, () => {
  it('outputs exactly the contract fields, the total in the reader’s locale', () => {
    const summary = orderSummary(order, products, 'de-DE', 2);
    expect(Object.keys(summary).sort()).toEqual([
      'estimatedDelivery',
      'itemCount',
      'orderId',
      'placedAt',
      'status',
      'thumbnailUrl',
      'totalFormatted',
    ]);
    expect(summary).toEqual({
      orderId: 'BST-2031-88',
      status: 'IN_TRANSIT',
      placedAt: '2031-03-04T08:15:00Z',
      estimatedDelivery: '2031-03-09T00:00:00Z',
      itemCount: 5,
      totalFormatted: '1.293,40\u00a0€',
      thumbnailUrl: `${CDN}/art-5/320.jpg`,
    });
  });

  it('formats the same money for each reader, never converting it', () => {
    expect(orderSummary(order, products, 'en-GB', 1).totalFormatted).toBe('€1,293.40');
    expect(orderSummary(order, products, 'ja-JP', 1).totalFormatted).toBe('€1,293.40');
    expect(orderSummary(order, products, 'fr-CH', 1).totalFormatted).toBe('1\u202f293.40\u00a0€');
  });

  it.each([
    [1, '160'],
    [1.5, '240'],
    [3, '480'],
    [4, '640'],
  ])('picks the first item’s thumbnail for display factor %d (w%s)', (factor, width) => {
    expect(orderSummary(order, products, 'de-DE', factor).thumbnailUrl).toBe(
      `${CDN}/art-5/${width}.jpg`,
    );
  });

  it('uses the FIRST item’s product, even when a later one is known', () => {
    const onlySecond = new Map([['art-9', product('art-9')]]);
    expect(orderSummary(order, onlySecond, 'de-DE', 1).thumbnailUrl).toBeNull();
  });

  it('has a null thumbnail without items or without a product image', () => {
    expect(orderSummary({ ...order, items: [] }, products, 'de-DE', 1)).toMatchObject({
      thumbnailUrl: null,
      itemCount: 0,
    });
    const imageless = new Map([['art-5', { ...product('art-5'), images: [] }]]);
    expect(orderSummary(order, imageless, 'de-DE', 1).thumbnailUrl).toBeNull();
  });

  it('gives a null estimated delivery when it is absent', () => {
    const { estimatedDelivery: _eta, ...withoutEta } = order;
    expect(orderSummary(withoutEta, products, 'de-DE', 1).estimatedDelivery).toBeNull();
  });

  it('never passes on the owner, the items or the update time', () => {
    const text = JSON.stringify(orderSummary(order, products, 'de-DE', 1));
    expect(text).not.toContain('kunde-17');
    expect(text).not.toContain('Stirnlampe');
    expect(text).not.toContain('2031-03-05T09:00:00Z');
  });
});
