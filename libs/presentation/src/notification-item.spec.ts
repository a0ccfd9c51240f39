import type { DownstreamNotification } from '@app/downstream';
import { notificationItem } from './notification-item';

const notification: DownstreamNotification = {
  id: 'ntf_01J2Q8',
  title: 'Zurück auf Lager',
  body: 'Dein Wanderschuh ist wieder da.',
  createdAt: '2031-01-28T21:14:03Z',
  read: true,
  deepLink: 'shop://products/sku-ch-1001',
};

describe(notificationItem.name, () => {
  it('keeps exactly the contract fields, values as sent', () => {
    expect(notificationItem(notification)).toStrictEqual({
      id: 'ntf_01J2Q8',
      title: 'Zurück auf Lager',
      body: 'Dein Wanderschuh ist wieder da.',
      createdAt: '2031-01-28T21:14:03Z',
      read: true,
      deepLink: 'shop://products/sku-ch-1001',
    });
  });

  it('never lets a field the service adds through', () => {
    const withInternals = {
      ...notification,
      campaignId: 'cmp-7',
      deliveryStats: { sent: 1 },
    } as DownstreamNotification;
    expect(Object.keys(notificationItem(withInternals)).sort()).toEqual(
      ['body', 'createdAt', 'deepLink', 'id', 'read', 'title'].sort(),
    );
  });

  it('shows a missing body or deep link as null, not as an absent field', () => {
    const { body: _body, deepLink: _deepLink, ...bare } = notification;
    expect(notificationItem(bare)).toMatchObject({ body: null, deepLink: null });
  });
});
