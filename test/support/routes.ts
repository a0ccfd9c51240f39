/** The platforms the BFF serves, each under its own root (`/ios/...`, `/android/...`). */
export const PLATFORMS = ['ios', 'android'] as const;
export type Platform = (typeof PLATFORMS)[number];

const HEALTH = '/health';

/** A path segment for an id (encoded), or the route template's parameter without one. */
const segment = (id: string | undefined, parameter: string) =>
  id === undefined ? parameter : encodeURIComponent(id);

/** A route template as OpenAPI writes it: `/ios/v1/orders/:orderId` → `/ios/v1/orders/{orderId}`. */
export const openApiPath = (template: string) => template.replace(/:(\w+)/g, '{$1}');
const DOCS = '/docs';

/**
 * Every BFF route the e2e specs call or expect (in logs, metrics, spans and the API documents),
 * declared once. Routes with no parameter are their own templates: `home('ios')` is both the
 * path to call and the route label the BFF reports.
 */
export const ROUTES = {
  /** The root every route of a platform lives under. */
  platform: (platform: Platform) => `/${platform}`,
  home: (platform: Platform) => `/${platform}/v1/home`,
  homeV2: (platform: Platform) => `/${platform}/v2/home`,
  /** `/{platform}/v1/products/{productId}`; without an id, the route template. */
  product: (platform: Platform, productId?: string) =>
    `/${platform}/v1/products/${segment(productId, ':productId')}`,
  orders: (platform: Platform) => `/${platform}/v1/orders`,
  /** `/{platform}/v1/orders/{orderId}`; without an id, the route template. */
  order: (platform: Platform, orderId?: string) =>
    `/${platform}/v1/orders/${segment(orderId, ':orderId')}`,
  config: (platform: Platform) => `/${platform}/v1/config`,
  /** `/{platform}/v1/devices/{pushToken}`; without a token, the route template. */
  device: (platform: Platform, pushToken?: string) =>
    `/${platform}/v1/devices/${segment(pushToken, ':pushToken')}`,
  sync: (platform: Platform) => `/${platform}/v1/sync`,
  health: {
    /** The root of the probes. */
    root: HEALTH,
    live: `${HEALTH}/live`,
    ready: `${HEALTH}/ready`,
  },
  metrics: '/metrics',
  docs: {
    /** The Swagger UI: both platforms' documents, or one platform's. */
    ui: (platform?: Platform) => (platform === undefined ? DOCS : `${DOCS}/${platform}`),
    /** A platform's OpenAPI document (JSON). */
    document: (platform: Platform) => `${DOCS}/${platform}-json`,
  },
} as const;
