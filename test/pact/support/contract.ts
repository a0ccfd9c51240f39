import { MatchersV3 } from '@pact-foundation/pact';

const { like, regex } = MatchersV3;

/** The consumer and the providers, as named in the pact files (pacts/<consumer>-<provider>.json). */
export const CONSUMER = 'mobile-bff';
export const PROVIDERS = {
  users: 'users-service',
  orders: 'orders-service',
  catalog: 'catalog-service',
  notifications: 'notifications-service',
  config: 'config-service',
} as const;
export type ProviderName = (typeof PROVIDERS)[keyof typeof PROVIDERS];

/** The pact files, committed at the repository root (as verify-pacts.cjs reads them). */
export { PACT_DIR } from '../verify-pacts.cjs';
export const pactFileName = (provider: ProviderName): string => `${CONSUMER}-${provider}.json`;

/**
 * The service token in the pacts is an example: a verifier replaces it with the provider's real
 * one, except in the interactions that send BAD_SERVICE_TOKEN on purpose (they expect a 401).
 */
export const EXAMPLE_SERVICE_TOKEN = 'example-service-token';
export { BAD_SERVICE_TOKEN } from '../verify-pacts.cjs';

/** The caller in every interaction about a user, and a user no provider knows. */
export const USER_ID = 'u-1001';
export const UNKNOWN_USER_ID = 'u-unknown';
/** The push token the device interactions register and remove (APNs: 64 hex digits). */
export const PUSH_TOKEN = '5e3f'.repeat(16);

const ISO_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';

/** An ISO 8601 time with a zone (the BFF validates `format: date-time`). */
export const isoTime = (example = '2026-11-20T08:00:00Z') => regex(ISO_TIME, example);

/** `{ amount: decimal string, currency: ISO 4217 }`, as the BFF validates money. */
export const money = (amount = '89.00', currency = 'GBP') => ({
  amount: regex('^-?\\d+(\\.\\d+)?$', amount),
  currency: regex('^[A-Z]{3}$', currency),
});

/** An image: the original URL and its width variants (`w<pixels>`). */
export const image = (base = 'https://img.example/p/p-200') => ({
  url: like(`${base}/original.jpg`),
  variants: {
    w160: like(`${base}/w160.jpg`),
    w320: like(`${base}/w320.jpg`),
    w640: like(`${base}/w640.jpg`),
  },
});

export const UNAUTHORIZED_BODY = { error: 'unauthorized' };
export const NOT_FOUND_BODY = { error: 'not_found' };

/** What the BFF sends on every call; `X-User-Id` only on calls about a user. */
export function bffHeaders(options: { userId?: string; token?: string } = {}) {
  return {
    Accept: 'application/json',
    Authorization:
      options.token === undefined
        ? regex('^Bearer \\S+$', `Bearer ${EXAMPLE_SERVICE_TOKEN}`)
        : `Bearer ${options.token}`,
    'X-Request-Id': regex('^[A-Za-z0-9._:-]{8,128}$', 'pact-request-0001'),
    traceparent: regex(
      '^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    ),
    ...(options.userId === undefined ? {} : { 'X-User-Id': options.userId }),
  };
}
