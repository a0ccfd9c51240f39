import { isOrdersPage, readOrder } from './orders';

/** An orders-service order from another implementation: its own field order, internal fields included. */
function order(): Record<string, unknown> {
  return {
    internalNotes: 'customer called twice about delivery',
    warehouseId: 'FRA-3',
    fraudCheck: { score: 0.12, provider: 'acme-risk', decision: 'PASS' },
    totals: {
      tax: { amount: '47.90', currency: 'EUR' },
      shipping: { amount: '4.95', currency: 'EUR' },
      subtotal: { amount: '252.10', currency: 'EUR' },
      grandTotal: { amount: '304.95', currency: 'EUR' },
    },
    items: [
      {
        warehouseBin: 'FRA-3-B17-04',
        unitPrice: { amount: '89.90', currency: 'EUR', minorUnits: 8990 },
        sku: 'DE-KETTLE-RED',
        quantity: 2,
        name: 'Wasserkocher „Rot“',
        productId: 'p-de-7781',
      },
      {
        productId: 'p-de-1002',
        name: 'Entkalker',
        quantity: 1,
        unitPrice: { currency: 'EUR', amount: '72.30' },
        warehouseBin: 'FRA-3-A02-11',
      },
    ],
    paymentMethod: {
      brand: 'VISA',
      last4: '4242',
      fingerprint: 'fp_9c1d0f3a',
      processorRef: 'ch_3PxA8e2',
    },
    shippingAddress: { line1: 'Hauptstr. 5', city: 'Köln', postcode: '50667', country: 'DE' },
    carrier: { name: 'DHL', trackingUrl: 'https://dhl.example/t/1', trackingNumber: '00340' },
    estimatedDelivery: '2031-04-09T16:00:00Z',
    updatedAt: '2031-04-07T10:21:00Z',
    placedAt: '2031-04-06T19:02:11Z',
    status: 'PACKING',
    userId: 'de-4410',
    orderId: 'DE-2031-55120',
  };
}

const KEPT_ORDER = {
  orderId: 'DE-2031-55120',
  userId: 'de-4410',
  status: 'PACKING',
  placedAt: '2031-04-06T19:02:11Z',
  updatedAt: '2031-04-07T10:21:00Z',
  estimatedDelivery: '2031-04-09T16:00:00Z',
  items: [
    {
      productId: 'p-de-7781',
      name: 'Wasserkocher „Rot“',
      quantity: 2,
      unitPrice: { amount: '89.90', currency: 'EUR' },
    },
    {
      productId: 'p-de-1002',
      name: 'Entkalker',
      quantity: 1,
      unitPrice: { amount: '72.30', currency: 'EUR' },
    },
  ],
  totals: { grandTotal: { amount: '304.95', currency: 'EUR' } },
};

type Item = Record<string, unknown>;
const items = (payload: Record<string, unknown>) => payload.items as Item[];

describe('readOrder', () => {
  it('accepts a valid order and keeps only the fields the order screens use', () => {
    const payload = order();
    expect(readOrder(payload)).toEqual(KEPT_ORDER);
  });

  it('returns a new object and leaves the parsed answer untouched', () => {
    const payload = order();
    const kept = readOrder(payload);
    expect(kept).toEqual(KEPT_ORDER);
    expect(kept).not.toBe(payload);
    expect(kept?.items).not.toBe(payload.items);
    expect(kept?.items[0]).not.toBe(items(payload)[0]);
    expect(kept?.items[0].unitPrice).not.toBe(items(payload)[0].unitPrice);
    expect(kept?.totals).not.toBe(payload.totals);
    expect(payload).toEqual(order());
    expect(payload).toHaveProperty('internalNotes', 'customer called twice about delivery');
    expect(payload).toHaveProperty('totals.tax', { amount: '47.90', currency: 'EUR' });
    expect(items(payload)[0]).toHaveProperty('warehouseBin', 'FRA-3-B17-04');
    expect(items(payload)[0]).toHaveProperty('unitPrice.minorUnits', 8990);
    expect(kept).not.toHaveProperty('internalNotes');
    expect(kept).not.toHaveProperty('totals.tax');
    expect(kept?.items[0]).not.toHaveProperty('warehouseBin');
    expect(kept?.items[0]).not.toHaveProperty('unitPrice.minorUnits');
  });

  it('leaves the internal fields out of the copy', () => {
    const kept = readOrder(order());
    expect(kept).toBeDefined();
    const text = JSON.stringify(kept);
    for (const internal of [
      'warehouseBin',
      'warehouseId',
      'internalNotes',
      'fraudCheck',
      'fingerprint',
      'processorRef',
      'fp_9c1d0f3a',
      'FRA-3',
    ]) {
      expect(text).not.toContain(internal);
    }
  });

  it('accepts an order whose delivery estimate is absent or null', () => {
    const absent = order();
    delete absent.estimatedDelivery;
    const { estimatedDelivery: _estimate, ...withoutEstimate } = KEPT_ORDER;
    expect(readOrder(absent)).toEqual(withoutEstimate);
    expect(readOrder(absent)).not.toHaveProperty('estimatedDelivery');
    expect(readOrder({ ...order(), estimatedDelivery: null })).toEqual({
      ...KEPT_ORDER,
      estimatedDelivery: null,
    });
  });

  it('accepts an order with an empty item list and a status it does not know', () => {
    expect(readOrder({ ...order(), items: [], status: 'RETURN_REQUESTED' })).toEqual({
      ...KEPT_ORDER,
      items: [],
      status: 'RETURN_REQUESTED',
    });
  });

  it('accepts an order without an item list (an absent list counts as empty)', () => {
    const payload = order();
    delete payload.items;
    const kept = readOrder(payload);
    expect(kept?.items).toEqual([]);
    expect(kept).toEqual({ ...KEPT_ORDER, items: [] });
  });

  it('refuses a time that is not an ISO 8601 date-time', () => {
    expect(readOrder({ ...order(), estimatedDelivery: 'next week' })).toBeUndefined();
    expect(readOrder({ ...order(), placedAt: '2026-11-18' })).toBeUndefined();
  });

  it('refuses an item quantity of 0', () => {
    const payload = order();
    items(payload)[0].quantity = 0;
    expect(readOrder(payload)).toBeUndefined();
  });

  it.each<[string, (payload: Record<string, unknown>) => void]>([
    ['a quantity given as a string ("2")', (p) => (items(p)[0].quantity = '2')],
    ['a fractional quantity', (p) => (items(p)[0].quantity = 1.5)],
    ['a negative quantity', (p) => (items(p)[0].quantity = -1)],
    ['a null item', (p) => (items(p)[1] = null as unknown as Item)],
    ['an item without productId', (p) => delete items(p)[0].productId],
    ['an item without unit price', (p) => delete items(p)[1].unitPrice],
    ['a numeric amount (89)', (p) => (items(p)[0].unitPrice = { amount: 89, currency: 'EUR' })],
    [
      'a lower-case currency ("gbp")',
      (p) => (items(p)[0].unitPrice = { amount: '89.00', currency: 'gbp' }),
    ],
    [
      'an amount with a decimal comma',
      (p) => (p.totals = { grandTotal: { amount: '304,95', currency: 'EUR' } }),
    ],
    [
      'totals without a grand total',
      (p) => (p.totals = { subtotal: { amount: '1', currency: 'EUR' } }),
    ],
    ['a missing order id', (p) => delete p.orderId],
    ['an empty order id', (p) => (p.orderId = '')],
    ['a missing owner', (p) => delete p.userId],
    ['a numeric owner', (p) => (p.userId = 4410)],
    ['a missing status', (p) => delete p.status],
    ['a missing placedAt', (p) => delete p.placedAt],
    ['an empty placedAt', (p) => (p.placedAt = '')],
    ['a numeric placedAt (epoch)', (p) => (p.placedAt = 1933441331)],
    ['a numeric estimated delivery', (p) => (p.estimatedDelivery = 1933612800)],
    ['items that are not a list', (p) => (p.items = { 0: items(p)[0] })],
  ])('refuses %s', (_case, breakIt) => {
    const payload = order();
    breakIt(payload);
    expect(readOrder(payload)).toBeUndefined();
  });
});

describe('isOrdersPage', () => {
  it('accepts a page on its list and cursor alone and leaves it untouched (elements are checked one by one later)', () => {
    const page = {
      totalCount: 212,
      pageSize: 20,
      nextCursor: 'eyJvIjoiREUtMjAzMS01NTEyMCJ9',
      orders: [order(), 'not an order'],
      servedBy: 'orders-7f9c',
    };
    expect(isOrdersPage(page)).toBe(true);
    expect(Object.keys(page).sort()).toEqual([
      'nextCursor',
      'orders',
      'pageSize',
      'servedBy',
      'totalCount',
    ]);
    expect(page.orders).toHaveLength(2);
    expect(page.orders[0]).toEqual(order());
    expect(page.nextCursor).toBe('eyJvIjoiREUtMjAzMS01NTEyMCJ9');
  });

  it('accepts the last page (null or absent cursor)', () => {
    expect(isOrdersPage({ orders: [], nextCursor: null })).toBe(true);
    expect(isOrdersPage({ orders: [] })).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a missing list', { nextCursor: null }],
    ['a list that is not an array', { orders: { 'DE-1': {} }, nextCursor: null }],
    ['a null list', { orders: null }],
    ['a numeric cursor', { orders: [], nextCursor: 2 }],
    ['a body that is not an object', [order()]],
  ])('refuses %s', (_case, page) => {
    expect(isOrdersPage(page)).toBe(false);
  });
});
