export { AggregationModule } from './aggregation.module';
export { HomeAggregator } from './home/home.aggregator';
export type { HomeOptions, HomeSection, HomeSources } from './home/home-sources';
