import { HomeAggregator } from './home/home.aggregator';

export { HomeAggregator };

/**
 * Every screen's aggregator: registered and exported by AggregationModule. A new screen adds its
 * aggregator here (and only here, besides its own file).
 */
export const AGGREGATORS = [HomeAggregator] as const;
