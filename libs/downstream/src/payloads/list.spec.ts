import type { DroppedElements } from '../downstream-events';
import { readRecommendation } from './catalog';
import { keepValid } from './list';
import { DownstreamOrder, readOrder } from './orders';

const CALLER = 'fr-ch-2208';

function order(orderId: string, userId = CALLER): Record<string, unknown> {
  return {
    orderId,
    userId,
    status: 'DELIVERED',
    placedAt: '2031-05-01T08:00:00Z',
    items: [
      {
        productId: 'p-ch-1',
        name: 'Raclette',
        quantity: 2,
        unitPrice: { amount: '24.50', currency: 'CHF' },
        warehouseBin: 'ZRH-B4',
      },
    ],
    totals: { grandTotal: { amount: '49.00', currency: 'CHF' } },
    internalNotes: 'VIP',
  };
}

function keepOrders(list: readonly unknown[]) {
  const reports: DroppedElements[] = [];
  const kept = keepValid(list, readOrder, (dropped) => reports.push(dropped), {
    service: 'orders',
    element: 'order',
    belongs: (element: DownstreamOrder) => element.userId === CALLER,
  });
  return { kept, reports };
}

describe(keepValid.name, () => {
  it('keeps the caller’s valid elements in their order, projected to the kept fields', () => {
    const list = [order('CH-3'), order('CH-2'), order('CH-1')];
    const { kept } = keepOrders(list);
    expect(kept.map((element) => element.orderId)).toEqual(['CH-3', 'CH-2', 'CH-1']);
    expect(JSON.stringify(kept)).not.toMatch(/warehouseBin|internalNotes|ZRH-B4|VIP/);
    expect(kept[0]).toEqual({
      orderId: 'CH-3',
      userId: CALLER,
      status: 'DELIVERED',
      placedAt: '2031-05-01T08:00:00Z',
      items: [
        {
          productId: 'p-ch-1',
          name: 'Raclette',
          quantity: 2,
          unitPrice: { amount: '24.50', currency: 'CHF' },
        },
      ],
      totals: { grandTotal: { amount: '49.00', currency: 'CHF' } },
    });
  });

  it('returns the readers’ copies and leaves the list it was given untouched', () => {
    const list = [order('CH-2'), order('CH-1')];
    const { kept } = keepOrders(list);
    expect(kept).toHaveLength(2);
    kept.forEach((element, index) => expect(element).not.toBe(list[index]));
    expect(list).toEqual([order('CH-2'), order('CH-1')]);
    expect(list[0]).toHaveProperty('internalNotes', 'VIP');
    expect(kept[0]).not.toHaveProperty('internalNotes');
  });

  it('drops malformed elements and another user’s, and counts each reason', () => {
    const badQuantity = order('CH-5');
    (badQuantity.items as Array<Record<string, unknown>>)[0].quantity = '2';
    const { kept, reports } = keepOrders([
      order('CH-9'),
      null,
      order('CH-8', 'fr-ch-9999'),
      badQuantity,
      'CH-7',
      order('CH-6'),
      { ...order('CH-4'), totals: { grandTotal: { amount: 49, currency: 'CHF' } } },
      order('CH-3', 'de-4410'),
    ]);
    expect(kept.map((element) => element.orderId)).toEqual(['CH-9', 'CH-6']);
    expect(reports).toEqual([
      { service: 'orders', element: 'order', reason: 'malformed', count: 4 },
      { service: 'orders', element: 'order', reason: 'other_user', count: 2 },
    ]);
  });

  it('counts a malformed element of another user as malformed (it cannot be trusted to say whose it is)', () => {
    const foreignAndBroken = { ...order('CH-1', 'fr-ch-9999'), placedAt: 1933441331 };
    expect(keepOrders([foreignAndBroken]).reports).toEqual([
      { service: 'orders', element: 'order', reason: 'malformed', count: 1 },
      { service: 'orders', element: 'order', reason: 'other_user', count: 0 },
    ]);
  });

  it('reports zero counts too when nothing is dropped', () => {
    const { kept, reports } = keepOrders([order('CH-1')]);
    expect(kept).toHaveLength(1);
    expect(reports).toEqual([
      { service: 'orders', element: 'order', reason: 'malformed', count: 0 },
      { service: 'orders', element: 'order', reason: 'other_user', count: 0 },
    ]);
  });

  it('reports zero counts for an empty list', () => {
    const { kept, reports } = keepOrders([]);
    expect(kept).toEqual([]);
    expect(reports.map(({ reason, count }) => [reason, count])).toEqual([
      ['malformed', 0],
      ['other_user', 0],
    ]);
  });

  it('without an ownership rule, only the shape decides', () => {
    const reports: DroppedElements[] = [];
    const list = [{ productId: 'b', score: 0.9 }, { productId: '' }, { productId: 'a' }, 7];
    const kept = keepValid(list, readRecommendation, (dropped) => reports.push(dropped), {
      service: 'catalog',
      element: 'recommendation',
    });
    expect(kept).toEqual([{ productId: 'b' }, { productId: 'a' }]);
    expect(list[0]).toEqual({ productId: 'b', score: 0.9 });
    expect(reports).toEqual([
      { service: 'catalog', element: 'recommendation', reason: 'malformed', count: 2 },
      { service: 'catalog', element: 'recommendation', reason: 'other_user', count: 0 },
    ]);
  });
});
