import { MobileConfigAggregator } from './config/mobile-config.aggregator';
import { DeviceRegistrations } from './devices/device-registrations';
import { IdempotentWrites } from './devices/idempotent-writes';
import { HomeAggregator } from './home/home.aggregator';
import { OrdersAggregator } from './orders/orders.aggregator';
import { ProductAggregator } from './product/product.aggregator';
import { SyncAggregator } from './sync/sync.aggregator';

export {
  DeviceRegistrations,
  HomeAggregator,
  MobileConfigAggregator,
  OrdersAggregator,
  ProductAggregator,
  SyncAggregator,
};

/**
 * Every screen's aggregator: registered and exported by AggregationModule. A new screen adds its
 * aggregator here (and only here, besides its own file).
 */
export const AGGREGATORS = [
  DeviceRegistrations,
  IdempotentWrites,
  HomeAggregator,
  MobileConfigAggregator,
  OrdersAggregator,
  ProductAggregator,
  SyncAggregator,
] as const;
