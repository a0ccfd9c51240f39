import type { DownstreamOrder, DownstreamOrderDetail, DownstreamProduct } from '@app/downstream';

/** One page of the orders list, as the client asked for it. */
export interface OrdersPageRequest {
  /** 1..50, already validated. */
  readonly limit: number;
  /** The `nextCursor` of the previous page, exactly as the BFF handed it out. */
  readonly cursor?: string;
}

/** Everything a page of the orders list is built from. */
export interface OrdersPageSources {
  /** Newest first, as orders-service pages them; only this user's, malformed ones dropped. */
  orders: DownstreamOrder[];
  /** The catalog products of the orders' first items; ones it could not load are absent. */
  thumbnails: ReadonlyMap<string, DownstreamProduct>;
  /** The user's locale; undefined when the profile could not be read (prices use the default). */
  locale: string | undefined;
  /** The BFF's own sealed cursor of the next page; null on the last one. */
  nextCursor: string | null;
}

/** Everything an order's detail screen is built from. */
export interface OrderDetailSources {
  order: DownstreamOrderDetail;
  /** As on the list: undefined when the profile could not be read. */
  locale: string | undefined;
}
