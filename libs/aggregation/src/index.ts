export { AggregationModule } from './aggregation.module';
export * from './aggregators';
export { HOME_RECENT_ORDERS } from './home/home-sources';
export type { HomeSection, HomeSources, ScreenRequest } from './home/home-sources';
export { runScreen, ScreenDecided } from './screen-run';
export { PagingTokens } from './paging/paging-tokens';
export type { PagingTokenKind } from './paging/paging-tokens';
