import type { DownstreamOrder } from '@app/downstream';
import { itemCount, orderRow } from './order-row';

const order: DownstreamOrder = {
  orderId: 'ORD-2031-000417',
  userId: 'usr_01HZX3K9QF',
  status: 'OUT_FOR_DELIVERY',
  placedAt: '2031-01-28T21:14:03Z',
  estimatedDelivery: '2031-02-02T12:00:00Z',
  items: [
    {
      productId: 'sku-ch-1001',
      name: 'Wanderschuh',
      quantity: 2,
      unitPrice: { amount: '149.90', currency: 'CHF' },
    },
    {
      productId: 'sku-ch-2002',
      name: 'Chaussettes (3 paires)',
      quantity: 3,
      unitPrice: { amount: '19.50', currency: 'CHF' },
    },
    {
      productId: 'sku-ch-3003',
      name: 'Schuhcreme',
      quantity: 1,
      unitPrice: { amount: '7.00', currency: 'CHF' },
    },
  ],
  totals: { grandTotal: { amount: '364.30', currency: 'CHF' } },
};

describe(orderRow.name, () => {
  it('outputs exactly the contract fields', () => {
    const row = orderRow(order);
    expect(Object.keys(row).sort()).toEqual([
      'estimatedDelivery',
      'itemCount',
      'orderId',
      'status',
    ]);
    expect(row).toEqual({
      orderId: 'ORD-2031-000417',
      status: 'OUT_FOR_DELIVERY',
      estimatedDelivery: '2031-02-02T12:00:00Z',
      itemCount: 6,
    });
  });

  it('never passes on the owner, the items or the totals', () => {
    const text = JSON.stringify(orderRow(order));
    expect(text).not.toContain('usr_01HZX3K9QF');
    expect(text).not.toContain('sku-ch-');
    expect(text).not.toContain('364.30');
  });

  it('counts items as the sum of the quantities, not the number of lines', () => {
    expect(itemCount(order)).toBe(6);
    expect(orderRow({ ...order, items: order.items.slice(0, 1) }).itemCount).toBe(2);
  });

  it('counts an order without items as 0', () => {
    expect(orderRow({ ...order, items: [] }).itemCount).toBe(0);
  });

  it('gives a null estimated delivery when it is absent or null', () => {
    const { estimatedDelivery: _eta, ...withoutEta } = order;
    const absent = orderRow(withoutEta);
    expect(absent.estimatedDelivery).toBeNull();
    expect(Object.keys(absent)).toContain('estimatedDelivery');
    expect(orderRow({ ...order, estimatedDelivery: null }).estimatedDelivery).toBeNull();
  });

  it('passes a status it does not know on unchanged', () => {
    expect(orderRow({ ...order, status: 'HELD_AT_CUSTOMS' }).status).toBe('HELD_AT_CUSTOMS');
  });
});
