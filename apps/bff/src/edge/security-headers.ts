import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type onRequestHookHandler } from 'fastify';
import type { AppConfig } from '@app/config';

/** Header name (lower case) → value. */
export type HeaderSet = Readonly<Record<string, string>>;

/** The headers of the JSON API, and those of the Swagger UI (an HTML page with scripts). */
export interface SecurityHeaders {
  readonly api: HeaderSet;
  readonly docs: HeaderSet;
}

/** Where api-docs.ts serves the Swagger UI, its assets and the OpenAPI documents. */
const DOCS_PREFIX = '/docs';

/**
 * What helmet adds for HTML documents. A phone reading JSON would pay their bytes on every answer
 * for nothing: no page opens windows, prefetches names, frames (frame-ancestors covers that),
 * runs an XSS auditor or embeds the answer with cookies (no-cors loads never carry the bearer
 * token, so Cross-Origin-Resource-Policy protects nothing here).
 */
const DOCUMENT_ONLY = {
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const satisfies FastifyHelmetOptions;

/** JSON is never a page: it may load nothing and be framed by nothing. */
const API_POLICY = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] };

/**
 * Swagger UI, from the BFF alone: its own scripts and stylesheet, the inline styles and data:
 * icons it renders, and requests back to the BFF ("Try it out", the documents).
 */
const DOCS_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/** Both header sets, worked out once at boot from the edge configuration. */
export async function securityHeaders(edge: AppConfig['edge']): Promise<SecurityHeaders> {
  const strictTransportSecurity =
    edge.hstsMaxAgeSec > 0 ? { maxAge: edge.hstsMaxAgeSec, includeSubDomains: true } : false;
  const [api, docs] = await Promise.all([
    helmetHeaders({
      ...DOCUMENT_ONLY,
      contentSecurityPolicy: { useDefaults: false, directives: API_POLICY },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity,
    }),
    helmetHeaders({
      contentSecurityPolicy: { useDefaults: false, directives: DOCS_POLICY },
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
      strictTransportSecurity,
    }),
  ]);
  return { api, docs };
}

/** onRequest: the set for the path, on every answer (errors and 304s included). */
export function securityHeadersHook(headers: SecurityHeaders): onRequestHookHandler {
  return (request, reply, done) => {
    void reply.headers(request.url.startsWith(DOCS_PREFIX) ? headers.docs : headers.api);
    done();
  };
}

/**
 * The headers @fastify/helmet sets with `options`, read once from a throwaway instance. The plugin
 * itself builds helmet's middleware anew on every request (about 3 µs each), and the headers
 * never change.
 */
async function helmetHeaders(options: FastifyHelmetOptions): Promise<HeaderSet> {
  const probe = Fastify();
  try {
    await probe.register(helmet, options);
    // Helmet writes to the raw response: when the handler runs, it holds helmet's headers only.
    probe.get('/', (_request, reply) => reply.send(reply.raw.getHeaders()));
    return (await probe.inject('/')).json<HeaderSet>();
  } finally {
    await probe.close();
  }
}
