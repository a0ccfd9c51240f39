export { AggregationModule } from './aggregation.module';
export * from './aggregators';
export { IDEMPOTENCY_KEY_HEADER } from './devices/idempotent-writes';
export { HOME_RECENT_ORDERS } from './home/home-sources';
export type { HomeSection, HomeSources, ScreenRequest } from './home/home-sources';
export type {
  OrderDetailSources,
  OrdersPageRequest,
  OrdersPageSources,
} from './orders/orders-sources';
export { PRODUCT_TOP_REVIEWS } from './product/product-detail-cache';
export type {
  ProductDetailRequest,
  ProductDetailSection,
  ProductDetailSources,
} from './product/product-detail-sources';
export { PagingTokens } from './paging/paging-tokens';
export type { PagingTokenKind } from './paging/paging-tokens';
export { runScreen, ScreenDecided } from './screen-run';
export type { SyncSources } from './sync/sync-sources';
