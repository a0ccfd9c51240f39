export { CacheControl } from './cache-control.decorator';
export type { CacheControlPolicy } from './cache-control.decorator';
export { registerCompression } from './compression';
export { registerConditionalGet } from './conditional-get.hook';
export { contentEtag, matchesIfNoneMatch } from './etag';
export { HttpCachingInterceptor } from './http-caching.interceptor';
