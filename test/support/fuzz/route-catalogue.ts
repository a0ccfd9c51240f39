import { committedDocument } from '../openapi';
import { PLATFORMS, ROUTES } from '../routes';

/** A route the BFF serves: its path template (`{name}` parameters) and the methods it documents. */
export interface CataloguedRoute {
  template: string;
  methods: readonly string[];
}

/** Every platform route, as the committed OpenAPI documents list them. */
export function platformRoutes(): CataloguedRoute[] {
  return PLATFORMS.flatMap((platform) =>
    Object.entries(committedDocument(platform).paths).map(([template, operations]) => ({
      template,
      methods: Object.keys(operations).map((method) => method.toUpperCase()),
    })),
  );
}

/** Ids the demo services know, per parameter, so that some requests reach a real answer. */
export const KNOWN_PARAMETERS: Record<string, readonly string[]> = {
  productId: ['p-100', 'p-250', 'p-399', 'p-999', 'p-400'],
  orderId: ['o-1001-0', 'o-1001-4', 'o-1002-0', 'o-1001-99'],
  pushToken: [
    'a'.repeat(64),
    '0123456789abcdef'.repeat(4),
    `${'f'.repeat(40)}:APA91b${'Z'.repeat(100)}`,
    'A'.repeat(99),
  ],
};

/** The operational routes (not in the documents) and what Swagger UI serves under /docs. */
export const OPERATIONAL_PATHS: readonly string[] = [
  ROUTES.health.root,
  ROUTES.health.live,
  ROUTES.health.ready,
  `${ROUTES.health.root}/unknown`,
  ROUTES.metrics,
  `${ROUTES.metrics}/`,
  ROUTES.docs.ui(),
  `${ROUTES.docs.ui()}/`,
  ...PLATFORMS.flatMap((platform) => [
    ROUTES.docs.ui(platform),
    ROUTES.docs.document(platform),
    `${ROUTES.docs.ui(platform)}-yaml`,
    `${ROUTES.docs.ui(platform)}/swagger-ui-init.js`,
  ]),
  `${ROUTES.docs.ui()}/index-json`,
  `${ROUTES.docs.ui()}/swagger-ui-init.js`,
  `${ROUTES.docs.ui()}/swagger-ui.css`,
  `${ROUTES.docs.ui()}/swagger-ui-bundle.js`,
  `${ROUTES.docs.ui()}/favicon-32x32.png`,
  `${ROUTES.docs.ui()}/no-such-asset.js`,
  `${ROUTES.docs.ui()}/../metrics`,
  `${ROUTES.docs.ui()}/%2e%2e/%2e%2e/package.json`,
];

/** Paths no route serves, or that only look like one. */
export const UNKNOWN_PATHS: readonly string[] = [
  '/',
  '',
  '*',
  '/ios',
  '/ios/',
  '/ios/v1',
  '/ios/v9/home',
  '/IOS/v1/home',
  '/ios/v1/home/',
  '/ios//v1/home',
  '//ios/v1/home',
  '/ios/v1/home;x=1',
  '/ios/v1/home%2f',
  '/ios/v1/%68ome',
  '/ios/v1/../v1/home',
  '/ios/./v1/home',
  '/windows/v1/home',
  '/android/v1/products/',
  '/ios/v1/orders/o-1001-0/items',
  '/ios/v1/devices/',
  '/.env',
  '/.git/config',
  '/favicon.ico',
  '/robots.txt',
  '/server-status',
  '/actuator/health',
  '/__proto__',
  '/constructor/prototype',
  'http://evil.example/ios/v1/home',
];
