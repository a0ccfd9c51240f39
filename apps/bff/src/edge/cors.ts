import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { IDEMPOTENCY_KEY_HEADER } from '@app/aggregation';
import type { AppConfig } from '@app/config';
import { APP_VERSION_HEADER } from '@app/presentation';
import { REQUEST_ID_HEADER } from '@app/telemetry';
import { DISPLAY_DENSITY } from '../android/android.platform';
import { DISPLAY_SCALE } from '../ios/ios.platform';

/** Every method a BFF route serves. */
const METHODS = ['GET', 'HEAD', 'PUT', 'DELETE'];

/** What a hybrid screen's script may send: the headers the routes read, and tracing. */
const REQUEST_HEADERS = [
  'Authorization',
  'Content-Type',
  'If-None-Match',
  'Accept-Language',
  DISPLAY_SCALE.name,
  DISPLAY_DENSITY.name,
  String(APP_VERSION_HEADER.name),
  IDEMPOTENCY_KEY_HEADER,
  REQUEST_ID_HEADER,
  'traceparent',
  'tracestate',
];

/** What it may read besides the safelisted headers: ids to report, limits, the validator. */
const EXPOSED_HEADERS = [
  REQUEST_ID_HEADER,
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
  'ETag',
];

/** Browsers reuse a preflight this long: short, so that a narrowed allowlist applies soon. */
const PREFLIGHT_MAX_AGE_SEC = 600;

/** The plugin's options for the configured allowlist; none when no origin is listed. */
export function corsOptions(edge: AppConfig['edge']): FastifyCorsOptions | undefined {
  if (edge.corsOrigins.length === 0) return undefined;
  const listed = new Set(edge.corsOrigins);
  return {
    // A listed Origin is echoed; for any other (and phones, which send none) the plugin stays
    // out of the request entirely, preflight included: no CORS header at all.
    origin: (origin, allow) => allow(null, origin !== undefined && listed.has(origin)),
    methods: METHODS,
    allowedHeaders: REQUEST_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: edge.corsAllowCredentials,
    maxAge: PREFLIGHT_MAX_AGE_SEC,
    // A listed origin's OPTIONS without Access-Control-Request-Method is answered like a
    // preflight too, instead of with the plugin's text/plain 400 outside the envelope.
    strictPreflight: false,
  };
}

/**
 * CORS for WebView hybrid screens, off unless CORS_ORIGINS lists origins. Preflights are answered
 * in onRequest, before the guards: never counted, never asked for a token.
 */
export async function registerCors(
  fastify: FastifyInstance,
  edge: AppConfig['edge'],
): Promise<void> {
  const options = corsOptions(edge);
  if (options) await fastify.register(cors, options);
}
