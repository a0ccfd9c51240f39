import { readNotificationsSummary } from './notifications';

describe('readNotificationsSummary', () => {
  it('keeps the unread count only: the items, campaign and delivery stats are left out', () => {
    const body = {
      items: [
        {
          deliveryStats: { sent: 1, opened: 0 },
          campaignId: 'cmp-spring-31',
          deepLink: 'shop://orders/DE-2031-55120',
          read: false,
          createdAt: '2031-04-07T10:22:00Z',
          body: 'Ihre Bestellung ist unterwegs.',
          title: 'Versandt',
          id: 'n-8812',
        },
      ],
      unreadCount: 3,
      campaignId: 'cmp-spring-31',
      deliveryStats: { sent: 4 },
    };
    const before = structuredClone(body);
    const summary = readNotificationsSummary(body);
    expect(summary).toEqual({ unreadCount: 3 });
    expect(summary).not.toBe(body);
    expect(body).toEqual(before);
    expect(body).toHaveProperty('campaignId', 'cmp-spring-31');
    expect(body.items).toHaveLength(1);
    expect(summary).not.toHaveProperty('items');
    expect(summary).not.toHaveProperty('campaignId');
    expect(summary).not.toHaveProperty('deliveryStats');
  });

  it('accepts zero unread notifications', () => {
    expect(readNotificationsSummary({ unreadCount: 0, items: [] })).toEqual({ unreadCount: 0 });
  });

  it.each<[string, unknown]>([
    ['a negative count (-1)', { unreadCount: -1 }],
    ['a count given as a string ("3")', { unreadCount: '3' }],
    ['a fractional count', { unreadCount: 2.5 }],
    ['a null count', { unreadCount: null }],
    ['a boolean count', { unreadCount: true }],
    ['a missing count', { items: [] }],
    ['a body that is not an object', 3],
  ])('refuses %s', (_case, body) => {
    expect(readNotificationsSummary(body)).toBeUndefined();
  });
});
