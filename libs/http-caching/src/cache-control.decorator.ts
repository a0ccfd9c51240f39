import { SetMetadata } from '@nestjs/common';

export interface CacheControlPolicy {
  /** `private` for anything user-specific; `public` only for data that is the same for everyone. */
  visibility: 'private' | 'public';
  maxAgeSec: number;
}

export const CACHE_CONTROL = Symbol('cacheControl');

/** Declares how clients may cache a route's successful answers; undeclared routes are no-store. */
export const CacheControl = (visibility: CacheControlPolicy['visibility'], maxAgeSec: number) =>
  SetMetadata(CACHE_CONTROL, { visibility, maxAgeSec } satisfies CacheControlPolicy);
