import { TieredCache } from '@app/cache';
import type { AppConfig } from '@app/config';
import {
  CallContext,
  CatalogClient,
  DownstreamError,
  DownstreamProductDetail,
  DownstreamReview,
  PRODUCT_DETAIL_SCHEMA_VERSION,
} from '@app/downstream';

/** At most this many reviews on a product page (the mobile contract). */
export const PRODUCT_TOP_REVIEWS = 3;

/** A product page a little out of date beats an error page while the catalog is down. */
const STALE_IF_ERROR_MS = 60 * 60 * 1000;

/** Keys of the shared entries: versioned by what is kept of a product, the same for every user. */
export const productDetailKey = (productId: string): string =>
  `shared:product-detail:${PRODUCT_DETAIL_SCHEMA_VERSION}:${encodeURIComponent(productId)}`;
export const productReviewsKey = (productId: string): string =>
  `shared:product-reviews:${PRODUCT_DETAIL_SCHEMA_VERSION}:${encodeURIComponent(productId)}:${PRODUCT_TOP_REVIEWS}`;

/**
 * A product's page data, shared by every user alike (memory, then Redis): one catalog call per key
 * at a time across concurrent requests, whoever asks.
 */
export class ProductDetailCache {
  constructor(
    private readonly catalog: CatalogClient,
    private readonly cache: TieredCache,
    private readonly config: AppConfig,
  ) {}

  /**
   * The product; null when the catalog does not know it. That answer is not kept: a product
   * added later shows at once, and one removed is never served stale while the catalog is down.
   */
  async product(context: CallContext, productId: string): Promise<DownstreamProductDetail | null> {
    const read = await this.cache.getOrLoad(
      productDetailKey(productId),
      (signal) =>
        this.catalog.getProduct({ ...context, signal }, productId).catch(nullWhenNotFound),
      {
        ttlMs: this.config.cache.productTtlMs,
        staleIfErrorMs: STALE_IF_ERROR_MS,
        shouldStore: (product) => product !== null,
      },
      context.signal,
    );
    return read.value;
  }

  /**
   * Its first reviews as the catalog orders them (reviews a little old beat none). They are kept
   * as JSON text: the Redis store would turn their `createdAt` into a Date on the way back
   * (docs/adr/0001-redis-cache-store.md).
   */
  async topReviews(context: CallContext, productId: string): Promise<DownstreamReview[]> {
    const read = await this.cache.getOrLoad(
      productReviewsKey(productId),
      async (signal) => {
        const reviews = await this.catalog.getReviews(
          { ...context, signal },
          productId,
          PRODUCT_TOP_REVIEWS,
        );
        return JSON.stringify(reviews.slice(0, PRODUCT_TOP_REVIEWS));
      },
      { ttlMs: this.config.cache.reviewsTtlMs, staleIfErrorMs: STALE_IF_ERROR_MS },
      context.signal,
    );
    return JSON.parse(read.value) as DownstreamReview[];
  }
}

function nullWhenNotFound(error: unknown): null {
  if (error instanceof DownstreamError && error.failure === 'not_found') return null;
  throw error;
}
