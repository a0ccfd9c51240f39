import { FUTURE_FIELD, INTERNAL_NUMERIC_SENTINEL, INTERNAL_SENTINEL } from '../sentinels';
import { userDigits, userNumberMod } from './ids';
import { memoize } from './random';
import { isoAt } from './time';

export const NOTIFICATIONS_PER_USER = 8;

export interface DownstreamNotification {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
  deepLink: string;
  campaignId: string;
  deliveryStats: { sent: number; channel: string };
  x_future_internal: string;
}

/** `(n + 4) % 6` unread: u-1001 → 3, u-1002 → 4, u-1003 → 5, u-1004 → 0, u-1005 → 1. */
export function unreadCountOf(userId: string): number | undefined {
  const digits = userDigits(userId);
  return digits === undefined ? undefined : (userNumberMod(digits, 6) + 4) % 6;
}

const TEMPLATES = [
  { title: 'Your order is on its way', body: 'Track it in the app.', link: 'orders' },
  { title: 'Price drop', body: 'An item you viewed is now cheaper.', link: 'products/p-200' },
  { title: 'Points added', body: 'You earned loyalty points.', link: 'loyalty' },
  { title: 'Back in stock', body: 'Good news: it is available again.', link: 'products/p-201' },
] as const;

function buildNotifications(userId: string): DownstreamNotification[] | undefined {
  const digits = userDigits(userId);
  const unread = unreadCountOf(userId);
  if (digits === undefined || unread === undefined) return undefined;
  return Array.from({ length: NOTIFICATIONS_PER_USER }, (_, i) => {
    const template = TEMPLATES[i % TEMPLATES.length];
    return {
      id: `n-${digits}-${i + 1}`,
      title: template.title,
      body: template.body,
      // Newest first; the newest `unread` ones are unread.
      createdAt: isoAt(-(i * 7 + 2)),
      read: i >= unread,
      deepLink: `app://${template.link}`,
      campaignId: INTERNAL_SENTINEL,
      deliveryStats: { sent: INTERNAL_NUMERIC_SENTINEL, channel: INTERNAL_SENTINEL },
      ...FUTURE_FIELD,
    };
  });
}

/** A user's notifications, newest first, or undefined for an id not of the form `u-<digits>`. */
export const findNotifications = memoize(10_000, buildNotifications);
