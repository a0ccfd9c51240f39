export { CachedScreen, ScreenCacheInterceptor, screenKey } from './screen-cache.interceptor';
export type { ScreenCacheOptions } from './screen-cache.interceptor';
export { projectionVersion, schemaVersion } from './schema-version';
export { TieredCache } from './tiered-cache';
export type { CachePolicy, CacheRead, CacheSource, TierCounts } from './tiered-cache';
export { TieredCacheModule } from './tiered-cache.module';
