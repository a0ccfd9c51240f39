import type { DoubleRequest, DoubleResponse, DoubleService } from './downstream-double';
import {
  buildMobileConfig,
  buildNotifications,
  buildOrders,
  buildProduct,
  buildRecommendations,
  buildReviews,
  findOrder,
  buildUser,
  productNumber,
  userNumber,
} from './downstream-double-data';

export type ContractRoutes = Record<DoubleService, (request: DoubleRequest) => DoubleResponse>;

const MAX_BATCH_IDS = 50;
/** Above this many distinct URLs the serialised-body memo starts over (bounds its memory). */
const MEMO_LIMIT = 50_000;

const ok = (body: unknown): DoubleResponse => ({ status: 200, body });
const notFound = (): DoubleResponse => ({ status: 404, body: { error: 'not_found' } });
const badRequest = (message: string): DoubleResponse => ({
  status: 400,
  body: { error: 'bad_request', message },
});

/**
 * The contract's endpoints, per service, over the id-derived data. A GET answer is serialised once
 * per URL and kept as text: the double should cost the benchmark a map lookup, not a stringify.
 */
export function createContractRoutes(): ContractRoutes {
  const memo = new Map<string, string>();
  const remember = (key: string, build: () => DoubleResponse): DoubleResponse => {
    const hit = memo.get(key);
    if (hit !== undefined) return ok(hit);
    const response = build();
    if (response.status !== 200) return response;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    const text = JSON.stringify(response.body);
    memo.set(key, text);
    return ok(text);
  };
  const cached = (request: DoubleRequest, build: () => DoubleResponse) =>
    remember(`${request.path}?${new URLSearchParams(request.query).toString()}`, build);
  const productJson = (n: number) =>
    remember(`/products/p-${n}?`, () => ok(buildProduct(n))).body as string;
  const devices = new Map<string, string>();

  return {
    users: (request) => {
      const [resource, id, extra] = segments(request);
      const n = userNumber(id ?? '');
      if (resource !== 'users' || extra !== undefined || n === undefined) return notFound();
      return cached(request, () => ok(buildUser(n)));
    },

    orders: (request) => {
      const [resource, id, extra] = segments(request);
      if (resource !== 'orders' || extra !== undefined) return notFound();
      if (id === undefined) return cached(request, () => listOrders(request.query));
      return cached(request, () => {
        const order = findOrder(id);
        return order ? ok(order) : notFound();
      });
    },

    catalog: (request) => {
      const [resource, id, sub, extra] = segments(request);
      if (resource === 'recommendations' && id === undefined) {
        return cached(request, () => recommendations(request.query));
      }
      if (resource !== 'products' || extra !== undefined) return notFound();
      if (id === undefined) return productBatch(request.query.ids, productJson);
      const n = productNumber(id);
      if (n === undefined || (sub !== undefined && sub !== 'reviews')) return notFound();
      if (sub === undefined) return ok(productJson(n));
      const limit = intParam(request.query.limit, 1, 50, 10);
      if (limit === undefined) return badRequest('limit must be 1..50');
      return cached(request, () => ok(buildReviews(n, limit)));
    },

    notifications: (request) => {
      if (request.method !== 'GET') return device(devices, request);
      const [resource, id] = segments(request);
      if (resource !== 'notifications' || id !== undefined) return notFound();
      return cached(request, () => notifications(request.query));
    },

    config: (request) => {
      const platform = request.query.platform;
      if (request.method !== 'GET' || request.path !== '/config/mobile') return notFound();
      if (platform !== 'ios' && platform !== 'android') {
        return badRequest('platform must be ios or android');
      }
      return cached(request, () => ok(buildMobileConfig(platform)));
    },
  };
}

/** The path's segments; every route but the devices' is GET-only, so others find nothing. */
function segments(request: DoubleRequest): (string | undefined)[] {
  return request.method === 'GET' ? request.path.split('/').slice(1) : [];
}

function listOrders(query: Record<string, string>): DoubleResponse {
  const limit = intParam(query.limit, 1, 50, 20);
  const offset = query.cursor ? decodeCursor(query.cursor) : 0;
  const sinceMs = query.updatedSince ? Date.parse(query.updatedSince) : undefined;
  if (!query.userId) return badRequest('userId is required');
  if (limit === undefined || offset === undefined || Number.isNaN(sinceMs)) {
    return badRequest('limit, cursor or updatedSince is malformed');
  }
  const n = userNumber(query.userId);
  const orders = (n === undefined ? [] : buildOrders(n)).filter(
    (order) => sinceMs === undefined || Date.parse(String(order.updatedAt)) >= sinceMs,
  );
  const more = offset + limit < orders.length;
  return ok({
    orders: orders.slice(offset, offset + limit),
    nextCursor: more ? encodeCursor(offset + limit) : null,
  });
}

/** Unknown ids are left out; the answer comes back reversed, since the order is not guaranteed. */
function productBatch(ids: string | undefined, productJson: (n: number) => string): DoubleResponse {
  const wanted = (ids ?? '').split(',').filter((id) => id !== '');
  if (wanted.length === 0 || wanted.length > MAX_BATCH_IDS) {
    return badRequest(`ids must name 1..${MAX_BATCH_IDS} products`);
  }
  const found = wanted.flatMap((id) => {
    const n = productNumber(id);
    return n === undefined ? [] : [productJson(n)];
  });
  return ok(`{"products":[${found.reverse().join(',')}],"partial":false}`);
}

function recommendations(query: Record<string, string>): DoubleResponse {
  const n = userNumber(query.userId ?? '');
  const limit = intParam(query.limit, 1, 50, 10);
  if (limit === undefined) return badRequest('limit must be 1..50');
  return n === undefined ? notFound() : ok(buildRecommendations(n, limit));
}

function notifications(query: Record<string, string>): DoubleResponse {
  const n = userNumber(query.userId ?? '');
  const limit = intParam(query.limit, 1, 100, 20);
  const sinceMs = query.since ? Date.parse(query.since) : undefined;
  if (limit === undefined || Number.isNaN(sinceMs)) return badRequest('limit or since malformed');
  if (n === undefined) return notFound();
  return ok(buildNotifications(n, { unreadOnly: query.unreadOnly === 'true', limit, sinceMs }));
}

/** PUT registers (201 created, 200 updated: idempotent); DELETE removes the user's own token. */
function device(devices: Map<string, string>, request: DoubleRequest): DoubleResponse {
  const match = /^\/devices\/([^/]+)$/.exec(request.path);
  const token = match ? safeDecode(match[1]) : undefined;
  if (token === undefined) return notFound();
  if (request.method === 'DELETE') {
    const owner = devices.get(token);
    if (owner === undefined || owner !== request.query.userId) return notFound();
    devices.delete(token);
    return { status: 204 };
  }
  if (request.method !== 'PUT') return notFound();
  const body = request.body as Record<string, unknown> | undefined;
  if (typeof body?.userId !== 'string' || (body.platform !== 'apns' && body.platform !== 'fcm')) {
    return badRequest('userId and platform (apns|fcm) are required');
  }
  const created = !devices.has(token);
  devices.set(token, body.userId);
  return {
    status: created ? 201 : 200,
    body: {
      userId: body.userId,
      platform: body.platform,
      appVersion: body.appVersion ?? null,
      locale: body.locale ?? null,
      tokenSuffix: token.slice(-6),
      created,
    },
  };
}

function intParam(raw: string | undefined, min: number, max: number, fallback: number) {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  return /^\d+$/.test(raw) && value >= min && value <= max ? value : undefined;
}

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function decodeCursor(cursor: string): number | undefined {
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
