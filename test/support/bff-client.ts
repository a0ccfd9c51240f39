import type request from 'supertest';
import type { Test } from 'supertest';
import { Platform, ROUTES } from './routes';

type Agent = ReturnType<typeof request>;

export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** More request headers (an `Authorization` here is sent exactly as given). */
  headers?: Record<string, string>;
}

/**
 * The BFF's routes as calls (GET, over the harness's supertest agent). Each returns the supertest
 * request, so a test may still chain `.set(...)` before awaiting it.
 */
export interface BffClient {
  home(platform: Platform, options?: CallOptions): Test;
  live(options?: CallOptions): Test;
  ready(options?: CallOptions): Test;
  metrics(options?: CallOptions): Test;
  /** The Swagger UI (both platforms, or one). */
  docs(platform?: Platform): Test;
  /** A platform's OpenAPI document. */
  apiDocument(platform: Platform): Test;
  /** A path that is not one of the routes above (e.g. one no route matches). */
  get(path: string, options?: CallOptions): Test;
}

export function bffClient(http: Agent): BffClient {
  const get = (path: string, { token, headers = {} }: CallOptions = {}): Test => {
    const call = http.get(path);
    return (token === undefined ? call : call.auth(token, { type: 'bearer' })).set(headers);
  };
  return {
    home: (platform, options) => get(ROUTES.home(platform), options),
    live: (options) => get(ROUTES.health.live, options),
    ready: (options) => get(ROUTES.health.ready, options),
    metrics: (options) => get(ROUTES.metrics, options),
    docs: (platform) => get(ROUTES.docs.ui(platform)),
    apiDocument: (platform) => get(ROUTES.docs.document(platform)),
    get,
  };
}
