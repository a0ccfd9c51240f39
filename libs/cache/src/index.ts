export { TieredCache } from './tiered-cache';
export type {
  CachePolicy,
  CacheRead,
  CacheSource,
  Load,
  ManyRead,
  TierCounts,
} from './tiered-cache';
export { TieredCacheModule } from './tiered-cache.module';
