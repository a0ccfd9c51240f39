import type { DownstreamOrder } from '@app/downstream';
import type { OrderBoundary } from './sync-state';

/**
 * The orders of a page not delivered before in this session, each once. orders-service pages by
 * offset: an order that enters the list while a session runs (newly placed, or changed after the
 * watermark) shifts the next page, which then starts with orders already delivered. Those are at
 * or before the boundary in the list's order, and dropped. An entering order before the boundary
 * is dropped with them; it changed after the session started, so the next session lists it.
 */
export function unseenOrders(
  page: readonly DownstreamOrder[],
  boundary: OrderBoundary | null,
): DownstreamOrder[] {
  const seen = new Set<string>();
  return page.filter((order) => {
    if (seen.has(order.orderId) || (boundary && isDelivered(order, boundary))) return false;
    seen.add(order.orderId);
    return true;
  });
}

/** The boundary once `delivered` (newest first) has been delivered too. */
export function boundaryAfter(
  boundary: OrderBoundary | null,
  delivered: readonly DownstreamOrder[],
): OrderBoundary | null {
  if (delivered.length === 0) return boundary;
  const placedAt = Math.min(...delivered.map(placedAtOf));
  const atBoundary = delivered
    .filter((order) => placedAtOf(order) === placedAt)
    .map((order) => order.orderId);
  const tiedBefore = boundary?.placedAt === placedAt ? boundary.orderIds : [];
  return { placedAt, orderIds: [...tiedBefore, ...atBoundary] };
}

function isDelivered(order: DownstreamOrder, boundary: OrderBoundary): boolean {
  const placedAt = placedAtOf(order);
  return (
    placedAt > boundary.placedAt ||
    (placedAt === boundary.placedAt && boundary.orderIds.includes(order.orderId))
  );
}

/** The payload schema has checked it is a timestamp. */
function placedAtOf(order: DownstreamOrder): number {
  return Date.parse(order.placedAt);
}
