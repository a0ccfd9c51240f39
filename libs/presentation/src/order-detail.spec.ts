import type { DownstreamOrderDetail } from '@app/downstream';
import { orderDetail } from './order-detail';

const order: DownstreamOrderDetail = {
  orderId: 'ORD-31-0042',
  userId: 'usr-owner',
  status: 'SHIPPED',
  placedAt: '2031-05-02T17:40:00Z',
  updatedAt: '2031-05-03T08:00:00Z',
  estimatedDelivery: '2031-05-06T00:00:00Z',
  items: [
    {
      productId: 'sku-1',
      name: 'Bergschuh',
      quantity: 2,
      unitPrice: { amount: '1249.50', currency: 'CHF' },
    },
    {
      productId: 'sku-2',
      name: 'お茶',
      quantity: 1,
      unitPrice: { amount: '1200', currency: 'JPY' },
    },
  ],
  totals: { grandTotal: { amount: '2530.00', currency: 'CHF' } },
  shippingAddress: { line1: 'Rue du Lac 4', city: 'Lausanne', postcode: '1003', country: 'CH' },
  paymentMethod: { brand: 'VISA', last4: '0042' },
  carrier: { name: 'La Poste', trackingUrl: 'https://track.example/CH42' },
};

describe(orderDetail.name, () => {
  it('outputs exactly the contract fields, prices in the reader’s locale', () => {
    expect(orderDetail({ order, locale: 'de-CH' })).toEqual({
      orderId: 'ORD-31-0042',
      status: 'SHIPPED',
      placedAt: '2031-05-02T17:40:00Z',
      estimatedDelivery: '2031-05-06T00:00:00Z',
      items: [
        {
          productId: 'sku-1',
          name: 'Bergschuh',
          quantity: 2,
          unitPriceFormatted: "CHF\u00a01'249.50",
        },
        { productId: 'sku-2', name: 'お茶', quantity: 1, unitPriceFormatted: "¥\u00a01'200" },
      ],
      totalFormatted: "CHF\u00a02'530.00",
      shippingAddress: { line1: 'Rue du Lac 4', city: 'Lausanne', postcode: '1003', country: 'CH' },
      payment: { brand: 'VISA', last4: '0042' },
      tracking: { carrier: 'La Poste', trackingUrl: 'https://track.example/CH42' },
    });
  });

  it('formats in en-US when the locale is not known', () => {
    const detail = orderDetail({ order, locale: undefined });
    expect(detail.totalFormatted).toBe('CHF\u00a02,530.00');
    expect(detail.items.map((item) => item.unitPriceFormatted)).toEqual([
      'CHF\u00a01,249.50',
      '¥1,200',
    ]);
  });

  it('never passes on internal fields, even when the payload carries them', () => {
    const leaky = {
      ...order,
      warehouseId: 'wh-3',
      internalNotes: 'fragile',
      items: order.items.map((item) => ({ ...item, warehouseBin: 'B-17-3', sku: 'SKU-1' })),
      paymentMethod: { ...order.paymentMethod!, fingerprint: 'fp_9f8e', processorRef: 'ch_abc' },
      carrier: { ...order.carrier!, trackingNumber: 'CH42' },
      shippingAddress: { ...order.shippingAddress!, id: 'a1', default: true },
    } as DownstreamOrderDetail;
    const text = JSON.stringify(orderDetail({ order: leaky, locale: 'en-GB' }));
    expect(text).not.toMatch(
      /usr-owner|wh-3|fragile|B-17-3|SKU-1|fp_9f8e|ch_abc|"a1"|default|trackingNumber/,
    );
    expect(text).not.toContain('2031-05-03T08:00:00Z');
  });

  it('has tracking null until a carrier has it, and a null URL when the carrier gives none', () => {
    expect(
      orderDetail({ order: { ...order, carrier: null }, locale: 'en-GB' }).tracking,
    ).toBeNull();
    const { carrier: _carrier, ...withoutCarrier } = order;
    expect(orderDetail({ order: withoutCarrier, locale: 'en-GB' }).tracking).toBeNull();
    expect(
      orderDetail({ order: { ...order, carrier: { name: 'DPD' } }, locale: 'en-GB' }).tracking,
    ).toEqual({ carrier: 'DPD', trackingUrl: null });
  });

  it('has a null address and payment when orders-service has none, keeping the keys', () => {
    const { shippingAddress: _a, paymentMethod: _p, ...bare } = order;
    const detail = orderDetail({ order: { ...bare, estimatedDelivery: null }, locale: 'en-GB' });
    expect(detail).toMatchObject({ shippingAddress: null, payment: null, estimatedDelivery: null });
    expect(Object.keys(detail)).toEqual(
      expect.arrayContaining(['shippingAddress', 'payment', 'estimatedDelivery']),
    );
  });

  it('keeps the items in the order’s order, an order without items empty', () => {
    const reversed = { ...order, items: [...order.items].reverse() };
    expect(orderDetail({ order: reversed, locale: 'en-GB' }).items.map((i) => i.productId)).toEqual(
      ['sku-2', 'sku-1'],
    );
    expect(orderDetail({ order: { ...order, items: [] }, locale: 'en-GB' }).items).toEqual([]);
  });
});
