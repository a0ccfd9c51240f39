import { findProduct, findReviews } from './catalog';
import { UNKNOWN_PRODUCT_ID } from './ids';
import { findNotifications, unreadCountOf } from './notifications';
import { ORDERS_PER_USER, findOrder, findOrdersOfUser } from './orders';
import { findRecommendations } from './recommendations';
import { findUser } from './users';

const minor = (amount: string): number => Math.round(Number(amount) * 100);

describe('demo data', () => {
  it('is deterministic per id', () => {
    expect(findUser('u-4242')).toEqual(findUser('u-4242'));
    expect(findOrdersOfUser('u-4242')).toEqual(findOrdersOfUser('u-4242'));
    expect(findUser('u-4242')?.displayName).not.toBe(findUser('u-4243')?.displayName);
  });

  it('gives every user five orders in their own currency with consistent totals', () => {
    for (const userId of ['u-1001', 'u-1002', 'u-1003', 'u-1004', 'u-123456789012345678']) {
      const user = findUser(userId);
      const orders = findOrdersOfUser(userId) ?? [];
      expect(orders).toHaveLength(ORDERS_PER_USER);
      for (const order of orders) {
        const { subtotal, shipping, tax, grandTotal } = order.totals;
        expect(grandTotal.currency).toBe(user?.currency);
        expect(minor(grandTotal.amount)).toBe(
          minor(subtotal.amount) + minor(shipping.amount) + minor(tax.amount),
        );
        const itemsTotal = order.items.reduce(
          (sum, item) => sum + minor(item.unitPrice.amount) * item.quantity,
          0,
        );
        expect(itemsTotal).toBe(minor(subtotal.amount));
        expect(order.items.every((item) => findProduct(item.productId) !== undefined)).toBe(true);
        expect(findOrder(order.orderId)).toBe(order);
      }
      const itemCounts = orders.map((order) =>
        order.items.reduce((sum, item) => sum + item.quantity, 0),
      );
      expect(itemCounts.some((count, i) => count !== orders[i]?.items.length)).toBe(true);
    }
  });

  it('prices JPY without decimals', () => {
    const jpy = findOrdersOfUser('u-1003')?.[0]?.totals.grandTotal;
    expect(jpy?.currency).toBe('JPY');
    expect(jpy?.amount).toMatch(/^\d+$/);
    expect(findProduct('p-203')?.price).toEqual({
      amount: expect.stringMatching(/^\d+00$/),
      currency: 'JPY',
    });
  });

  it('has sale and out-of-stock products, and some without reviews', () => {
    expect(findProduct('p-201')?.compareAtPrice).not.toBeNull();
    expect(findProduct('p-200')?.compareAtPrice).toBeNull();
    expect(findProduct('p-207')?.inventory.availableQuantity).toBe(0);
    expect(findReviews('p-203')).toEqual([]);
    expect(findReviews('p-200')).toHaveLength(4);
    expect(findReviews('p-999')).toBeUndefined();
  });

  it('puts the unknown product third in every recommendation list', () => {
    for (const userId of ['u-1001', 'u-1', 'u-99999']) {
      const items = findRecommendations(userId) ?? [];
      expect(items).toHaveLength(50);
      expect(items[2]?.productId).toBe(UNKNOWN_PRODUCT_ID);
      expect(items.filter((item) => findProduct(item.productId) === undefined)).toHaveLength(1);
    }
  });

  it('derives unread counts from the user number', () => {
    expect([1001, 1002, 1003, 1004, 1005].map((n) => unreadCountOf(`u-${n}`))).toEqual([
      3, 4, 5, 0, 1,
    ]);
    const notifications = findNotifications('u-1001') ?? [];
    expect(notifications.filter((item) => !item.read)).toHaveLength(3);
    const times = notifications.map((item) => item.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});
