export type { CallContext, CallOrigin } from './call-context';
export { CatalogClient, MAX_BATCH_IDS } from './clients/catalog.client';
export { ConfigClient } from './clients/config.client';
export { NotificationsClient } from './clients/notifications.client';
export type { DeviceRegistrationRequest, NotificationsQuery } from './clients/notifications.client';
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
export { PRODUCT_DETAIL_SCHEMA_VERSION, PRODUCT_SCHEMA_VERSION } from './payloads/catalog';
export type {
  DownstreamProduct,
  DownstreamProductDetail,
  DownstreamReview,
  Recommendation,
} from './payloads/catalog';
export { MOBILE_CONFIG_SCHEMA_VERSION } from './payloads/config';
export type { DownstreamMobileConfig, FeatureFlag } from './payloads/config';
export type { Image, Money } from './payloads/common';
export type {
  DeviceRegistration,
  DownstreamNotification,
  NotificationsSummary,
} from './payloads/notifications';
export type {
  DownstreamOrder,
  DownstreamOrderDetail,
  DownstreamOrderItem,
  OrdersPage,
} from './payloads/orders';
export type { DownstreamUser } from './payloads/users';
