import { isNotificationsSummary } from './notifications';

describe('isNotificationsSummary', () => {
  it('keeps the unread count only: the items, campaign and delivery stats are deleted', () => {
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
    expect(isNotificationsSummary(body)).toBe(true);
    expect(body).toEqual({ unreadCount: 3 });
  });

  it('accepts zero unread notifications', () => {
    expect(isNotificationsSummary({ unreadCount: 0, items: [] })).toBe(true);
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
    expect(isNotificationsSummary(body)).toBe(false);
  });
});
