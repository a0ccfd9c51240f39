export type { CallContext } from './call-context';
export { MAX_BATCH_IDS, CatalogClient } from './clients/catalog.client';
export { NotificationsClient } from './clients/notifications.client';
export { OrdersClient } from './clients/orders.client';
export type { OrdersQuery } from './clients/orders.client';
export { UsersClient } from './clients/users.client';
export { Deadline } from './deadline';
export { DownstreamError } from './downstream-error';
export type { DownstreamFailure } from './downstream-error';
export { DownstreamEvents } from './downstream-events';
export type {
  BreakerState,
  CallEnd,
  CallOutcome,
  CallStart,
  CallTracker,
  DownstreamObserver,
} from './downstream-events';
export { DownstreamModule } from './downstream.module';
export { PRODUCT_PROJECTION, projectProduct } from './projections';
export type { DownstreamProduct, Recommendation } from './types/catalog';
export type { Image, Money } from './types/common';
export type { NotificationsSummary } from './types/notifications';
export type { DownstreamOrder, DownstreamOrderItem, OrdersPage } from './types/orders';
export type { DownstreamUser } from './types/users';
