export type { CallContext, CallOrigin } from './call-context';
export { CatalogClient, MAX_BATCH_IDS } from './clients/catalog.client';
export { NotificationsClient } from './clients/notifications.client';
export { OrdersClient } from './clients/orders.client';
export type { OrdersQuery } from './clients/orders.client';
export { UsersClient } from './clients/users.client';
export { Deadline, DeadlineExceeded } from './deadline';
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
  DroppedElements,
} from './downstream-events';
export { DownstreamModule } from './downstream.module';
export { PRODUCT_SCHEMA_VERSION } from './payloads/catalog';
export type { DownstreamProduct, Recommendation } from './payloads/catalog';
export type { Image, Money } from './payloads/common';
export type { NotificationsSummary } from './payloads/notifications';
export type { DownstreamOrder, DownstreamOrderItem, OrdersPage } from './payloads/orders';
export type { DownstreamUser } from './payloads/users';
