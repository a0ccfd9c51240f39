import type request from 'supertest';
import type { Response, Test } from 'supertest';
import { recordValidated, undocumented } from './openapi';
import { Platform, ROUTES } from './routes';

type Agent = ReturnType<typeof request>;

export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** More request headers (an `Authorization` here is sent exactly as given). */
  headers?: Record<string, string>;
  /** Query parameters, sent as given. */
  query?: Record<string, string | number>;
}

export interface WriteOptions extends CallOptions {
  /** A JSON body (an object), or a raw string sent as it is. */
  body?: object | string;
}

/**
 * The BFF's routes as calls (over the harness's supertest agent). Each returns the supertest
 * request, so a test may still chain `.set(...)` before awaiting it.
 */
export interface BffClient {
  home(platform: Platform, options?: CallOptions): Test;
  homeV2(platform: Platform, options?: CallOptions): Test;
  product(platform: Platform, productId: string, options?: CallOptions): Test;
  orders(platform: Platform, options?: CallOptions): Test;
  order(platform: Platform, orderId: string, options?: CallOptions): Test;
  config(platform: Platform, options?: CallOptions): Test;
  sync(platform: Platform, options?: CallOptions): Test;
  putDevice(platform: Platform, pushToken: string, options?: WriteOptions): Test;
  deleteDevice(platform: Platform, pushToken: string, options?: CallOptions): Test;
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
  const prepare = (call: Test, { token, headers = {}, query }: CallOptions): Test => {
    const authorized = token === undefined ? call : call.auth(token, { type: 'bearer' });
    return (query ? authorized.query(query) : authorized).set(headers).expect(documented(call));
  };
  const get = (path: string, options: CallOptions = {}): Test => prepare(http.get(path), options);
  const put = (path: string, { body, ...options }: WriteOptions = {}): Test => {
    const call = prepare(http.put(path), options);
    return body === undefined ? call : call.type('application/json').send(body);
  };
  return {
    home: (platform, options) => get(ROUTES.home(platform), options),
    homeV2: (platform, options) => get(ROUTES.homeV2(platform), options),
    product: (platform, productId, options) => get(ROUTES.product(platform, productId), options),
    orders: (platform, options) => get(ROUTES.orders(platform), options),
    order: (platform, orderId, options) => get(ROUTES.order(platform, orderId), options),
    config: (platform, options) => get(ROUTES.config(platform), options),
    sync: (platform, options) => get(ROUTES.sync(platform), options),
    putDevice: (platform, pushToken, options) => put(ROUTES.device(platform, pushToken), options),
    deleteDevice: (platform, pushToken, options = {}) =>
      prepare(http.delete(ROUTES.device(platform, pushToken)), options),
    live: (options) => get(ROUTES.health.live, options),
    ready: (options) => get(ROUTES.health.ready, options),
    metrics: (options) => get(ROUTES.metrics, options),
    docs: (platform) => get(ROUTES.docs.ui(platform)),
    apiDocument: (platform) => get(ROUTES.docs.document(platform)),
    get,
  };
}

/**
 * The shared hook: every answer to a platform route is held to its platform's committed OpenAPI
 * document (status and body, closed schemas), so an answer the document does not describe fails
 * the test that received it, whatever that test asserts itself.
 */
function documented(call: Test): (response: Response) => void {
  const { method } = call;
  const path = new URL(call.url).pathname;
  return (response) => {
    const problems = undocumented(method, path, response);
    if (problems?.length) throw new Error(`undocumented answer:\n${problems.join('\n')}`);
    if (problems) recordValidated(method, path, response.status);
  };
}

/**
 * The supertest agent for calls the typed client does not make (odd methods, raw headers), with
 * the same hook: its answers to platform routes are held to the documents too.
 */
export function documentedAgent(http: Agent): Agent {
  const held =
    (send: (url: string) => Test) =>
    (url: string): Test => {
      const call = send(url);
      return call.expect(documented(call));
    };
  return Object.assign(Object.create(http) as Agent, {
    get: held((url) => http.get(url)),
    put: held((url) => http.put(url)),
    post: held((url) => http.post(url)),
    patch: held((url) => http.patch(url)),
    delete: held((url) => http.delete(url)),
    head: held((url) => http.head(url)),
    options: held((url) => http.options(url)),
  });
}
