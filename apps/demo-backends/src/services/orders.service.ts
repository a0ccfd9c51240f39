import type { FastifyInstance } from 'fastify';
import { DownstreamOrder, findOrder, findOrdersOfUser } from '../data/orders';
import { parseIso } from '../data/time';
import { FUTURE_FIELD } from '../sentinels';
import { BadRequest, Query, intParam, notFound, queryParam, requiredParam } from '../http';

const CURSOR_PREFIX = 'demo-orders:';

export function registerOrdersRoutes(app: FastifyInstance): void {
  app.get<{ Querystring: Query }>('/orders', (request, reply) => {
    const orders = findOrdersOfUser(requiredParam(request.query, 'userId'));
    if (orders === undefined) return notFound(reply);
    const limit = intParam(request.query, 'limit', { min: 1, max: 50, fallback: 20 });
    const offset = decodeCursor(queryParam(request.query, 'cursor'));
    const updatedSince = queryParam(request.query, 'updatedSince');
    const matching = updatedSince === undefined ? orders : changedSince(orders, updatedSince);
    const page = matching.slice(offset, offset + limit);
    const next = offset + limit;
    return {
      orders: page,
      nextCursor: next < matching.length ? encodeCursor(next) : null,
      ...FUTURE_FIELD,
    };
  });

  app.get<{ Params: { orderId: string } }>('/orders/:orderId', (request, reply) => {
    const order = findOrder(request.params.orderId);
    return order === undefined ? notFound(reply) : order;
  });
}

function changedSince(orders: DownstreamOrder[], since: string): DownstreamOrder[] {
  const sinceMs = parseIso(since);
  if (sinceMs === undefined) throw new BadRequest('updatedSince must be an ISO 8601 timestamp');
  return orders.filter((order) => Date.parse(order.updatedAt) > sinceMs);
}

function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const offset = Number(decoded.slice(CURSOR_PREFIX.length));
  if (!decoded.startsWith(CURSOR_PREFIX) || !Number.isInteger(offset) || offset < 0) {
    throw new BadRequest('cursor is invalid');
  }
  return offset;
}
