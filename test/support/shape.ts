/**
 * Lists every key path of `value` (arrays contribute `[]`), so a test can assert that a response
 * has exactly the contract's fields at every depth, no more and no fewer.
 */
export function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    return [...new Set(value.flatMap((item) => keyPaths(item, `${prefix}[]`)))].sort();
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .flatMap(([key, child]) => {
        const path = prefix ? `${prefix}.${key}` : key;
        return [path, ...keyPaths(child, path)];
      })
      .sort();
  }
  return [];
}

/** The home screen's fields at every depth, as the mobile contract lists them (sorted). */
export const HOME_KEYS = [
  'meta',
  'meta.degraded',
  'meta.degradedSections',
  'meta.generatedAt',
  'meta.traceId',
  'recentOrders',
  'recentOrders[].estimatedDelivery',
  'recentOrders[].itemCount',
  'recentOrders[].orderId',
  'recentOrders[].status',
  'recommendations',
  'recommendations[].priceFormatted',
  'recommendations[].productId',
  'recommendations[].thumbnailUrl',
  'recommendations[].title',
  'unreadNotifications',
  'user',
  'user.avatarUrl',
  'user.displayName',
  'user.loyaltyTier',
  'user.userId',
].sort();

/** v2 of the home screen: `user.avatarUrl` renamed `user.profileImageUrl`, `meta.schemaVersion`. */
export const HOME_V2_KEYS = HOME_KEYS.map((key) =>
  key === 'user.avatarUrl' ? 'user.profileImageUrl' : key,
)
  .concat('meta.schemaVersion')
  .sort();

/** An order summary's fields (the orders list and delta sync), under `prefix`. */
export const orderSummaryKeys = (prefix: string): string[] =>
  [
    'estimatedDelivery',
    'itemCount',
    'orderId',
    'placedAt',
    'status',
    'thumbnailUrl',
    'totalFormatted',
  ].map((field) => `${prefix}.${field}`);
