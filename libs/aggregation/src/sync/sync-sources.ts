import type {
  DownstreamNotification,
  DownstreamOrder,
  DownstreamProduct,
  DownstreamUser,
} from '@app/downstream';

/** One page of a delta sync, before it is shaped for a platform. */
export interface SyncSources {
  /** For the locale prices are shown in. */
  user: DownstreamUser;
  /** Changed since the watermark, newest `placedAt` first; none delivered before in this session. */
  orders: DownstreamOrder[];
  /** The catalog's products of the orders' first items; a product missing here has no thumbnail. */
  products: ReadonlyMap<string, DownstreamProduct>;
  /** Created since the watermark, newest first; only on a session's first page. */
  notifications: DownstreamNotification[];
  /** The sealed state of what comes next (the next page, or the next session). */
  nextSince: string;
  hasMore: boolean;
}
